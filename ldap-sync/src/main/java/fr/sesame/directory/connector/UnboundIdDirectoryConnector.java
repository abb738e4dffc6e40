package fr.sesame.directory.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.flavour.AccountState;
import fr.sesame.directory.flavour.AgentMapping;
import fr.sesame.directory.flavour.AttributeMapping;
import fr.sesame.directory.flavour.DirectoryFlavour;

/**
 * A commune's directory over the UnboundID LDAP SDK: search the agent with the service account, bind as the agent on
 * a connection used only for agent binds, then read the account's state and groups.
 */
public final class UnboundIdDirectoryConnector implements DirectoryConnector {

	private static final Logger logger = LoggerFactory.getLogger(UnboundIdDirectoryConnector.class);

	private final Commune commune;

	private final DirectoryFlavour flavour;

	private final DirectoryPools pools;

	private final DirectoryMetrics metrics;

	private final AttributeMapping attributes;

	private final AgentMapping agentMapping;

	private final AccountState accountState;

	private final GroupMembership groups;

	private final String userBase;

	private final Filter userFilter;

	private final Filter disabledFilter;

	private final List<String> requestedAttributes;

	private final int timeLimitSeconds;

	/** Unknown logins bind here, so that they cost the directory and the caller what a wrong password costs. */
	private final String absentDn;

	UnboundIdDirectoryConnector(CommuneDirectoryProperties properties, DirectoryPools pools, DirectoryMetrics metrics,
			Clock clock) {
		this.commune = properties.toCommune();
		this.flavour = properties.flavour();
		this.pools = pools;
		this.metrics = metrics;
		this.attributes = properties.attributeMapping();
		this.agentMapping = new AgentMapping(properties.id(), this.flavour, this.attributes);
		this.accountState = this.flavour.accountState(clock);
		this.userBase = properties.userBase();
		this.userFilter = parse(properties.effectiveUserFilter());
		this.disabledFilter = (properties.disabledFilter() != null && !properties.disabledFilter().isBlank())
				? parse(properties.disabledFilter()) : null;
		this.timeLimitSeconds = timeLimitSeconds(properties.responseTimeout());
		this.groups = new GroupMembership(properties.groupBase(), parse(properties.effectiveGroupFilter()),
				this.attributes, properties.effectiveGroupMembers(), properties.effectiveNestedGroups(),
				this.timeLimitSeconds);
		List<String> extra = new ArrayList<>();
		if (this.disabledFilter != null) {
			collectAttributes(this.disabledFilter, extra);
		}
		this.requestedAttributes = this.agentMapping.requestedAttributes(extra);
		this.absentDn = "cn=sesame-absent-" + UUID.randomUUID() + "," + properties.userBase();
	}

	/**
	 * Opens the pools of a commune's directory (no connection is made yet).
	 * @param urls the servers in failover order
	 * @param bindPassword the service account's secret
	 * @param metrics where LDAP latencies go
	 * @param key the commune's configuration key, for messages
	 */
	public static UnboundIdDirectoryConnector open(CommuneDirectoryProperties properties, List<String> urls,
			String bindPassword, DirectoryMetrics metrics, String key) {
		DirectoryPools pools = DirectoryPools.open(properties, urls, bindPassword, key);
		metrics.watch("search", pools.search());
		metrics.watch("bind", pools.bind());
		return new UnboundIdDirectoryConnector(properties, pools, metrics, Clock.systemUTC());
	}

	@Override
	public Commune commune() {
		return this.commune;
	}

	public DirectoryFlavour flavour() {
		return this.flavour;
	}

	/**
	 * The connection the synchronisation of this commune works on (service account, same servers, TLS and
	 * timeouts), apart from the pools that serve sign-ins.
	 */
	public LDAPConnectionPool synchronisationPool() {
		return this.pools.sync();
	}

	@Override
	public AuthenticationOutcome authenticate(String login, String password, BindGuard guard) {
		Optional<Refusal> invalid = LoginInput.refusal(login, password);
		if (invalid.isPresent()) {
			logger.debug("Commune {}: sign-in refused before the directory ({})", this.commune.id(),
					invalid.get().label());
			return new Refused(invalid.get());
		}
		Lookup lookup;
		try {
			lookup = lookup(login);
		}
		catch (LDAPException ex) {
			return new Refused(fault("search", ex));
		}
		if (lookup.entry() == null) {
			if (lookup.ambiguous()) {
				logger.warn("Commune {}: login '{}' matches several entries under {}; refused", this.commune.id(),
						login, this.userBase);
			}
			Refusal dummy = bind(this.absentDn, password).orElse(Refusal.BAD_CREDENTIALS);
			return new Refused(dummy.isDirectoryFault() ? dummy : Refusal.BAD_CREDENTIALS);
		}
		SearchResultEntry entry = lookup.entry();
		String account = this.agentMapping.uniqueId(entry).orElse(entry.getDN());
		if (!guard.allows(account)) {
			return new Refused(Refusal.THROTTLED);
		}
		Optional<Refusal> bindRefusal = bind(entry.getDN(), password);
		if (bindRefusal.isPresent()) {
			if (bindRefusal.get() == Refusal.BAD_CREDENTIALS) {
				guard.bound(account, false);
			}
			return new Refused(bindRefusal.get());
		}
		guard.bound(account, true);
		// From here on the password is verified: the account's state may be told without becoming an oracle.
		Optional<Refusal> state = stateRefusal(entry);
		if (state.equals(Optional.of(Refusal.LOCKED))) {
			SearchResultEntry afterBind = readAgain(entry);
			if (afterBind != null) {
				entry = afterBind;
				state = stateRefusal(afterBind);
			}
		}
		if (state.isPresent()) {
			return new Refused(state.get());
		}
		try {
			return new Authenticated(toAgent(entry, login));
		}
		catch (LDAPException ex) {
			return new Refused(fault("groups", ex));
		}
		catch (DirectoryFaultException ex) {
			return new Refused(ex.refusal());
		}
	}

	/**
	 * {@inheritDoc}
	 * @throws DirectoryFaultException when the directory cannot answer, so that a directory outage never reads as
	 * "no such agent"
	 */
	@Override
	public Optional<Agent> findByLogin(String login) {
		if (LoginInput.loginRefusal(login).isPresent()) {
			return Optional.empty();
		}
		try {
			Lookup lookup = lookup(login);
			return (lookup.entry() != null) ? Optional.of(toAgent(lookup.entry(), login)) : Optional.empty();
		}
		catch (LDAPException ex) {
			Refusal refusal = fault("search", ex);
			throw new DirectoryFaultException(this.commune.id(), refusal,
					"Commune " + this.commune.id() + ": directory lookup failed (" + ex.getResultCode() + ")");
		}
	}

	@Override
	public DirectoryStatus status() {
		long start = System.nanoTime();
		SearchRequest probe = new SearchRequest(this.userBase, SearchScope.BASE, DereferencePolicy.NEVER, 1,
				this.timeLimitSeconds, false, Filter.createPresenceFilter("objectClass"), SearchRequest.NO_ATTRIBUTES);
		try {
			PooledCalls.call(this.pools.search(), (connection) -> connection.search(probe));
			this.metrics.record("status", "success", start);
			return new DirectoryStatus(true, Duration.ofNanos(System.nanoTime() - start), "ok");
		}
		catch (LDAPException ex) {
			Refusal refusal = LdapFailures.forFault(ex);
			this.metrics.record("status", refusal.label(), start);
			return new DirectoryStatus(false, Duration.ofNanos(System.nanoTime() - start),
					refusal.label() + " (" + ex.getResultCode().getName() + ")");
		}
	}

	@Override
	public void close() {
		this.pools.close();
	}

	@Override
	public String toString() {
		return "UnboundIdDirectoryConnector[commune=" + this.commune.id() + ", flavour=" + this.flavour + "]";
	}

	private record Lookup(SearchResultEntry entry, boolean ambiguous) {
	}

	private Lookup lookup(String login) throws LDAPException {
		Filter filter = Filter.createANDFilter(this.userFilter,
				this.flavour.loginFilter(this.attributes, login, this.commune.loginDomains()));
		// Size limit 2: enough to tell "exactly one" from "ambiguous" without reading a whole directory.
		SearchRequest request = new SearchRequest(this.userBase, SearchScope.SUB, DereferencePolicy.NEVER, 2,
				this.timeLimitSeconds, false, filter, this.requestedAttributes.toArray(String[]::new));
		long start = System.nanoTime();
		SearchResult result;
		try {
			result = PooledCalls.call(this.pools.search(), (connection) -> connection.search(request));
		}
		catch (LDAPSearchException ex) {
			if (ex.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
				this.metrics.record("search", "ambiguous", start);
				return new Lookup(null, true);
			}
			this.metrics.record("search", LdapFailures.forFault(ex).label(), start);
			throw ex;
		}
		catch (LDAPException ex) {
			this.metrics.record("search", LdapFailures.forFault(ex).label(), start);
			throw ex;
		}
		List<SearchResultEntry> entries = result.getSearchEntries();
		String outcome = switch (entries.size()) {
			case 0 -> "not_found";
			case 1 -> "found";
			default -> "ambiguous";
		};
		this.metrics.record("search", outcome, start);
		return (entries.size() == 1) ? new Lookup(entries.get(0), false) : new Lookup(null, entries.size() > 1);
	}

	/** Binds as {@code dn} on the bind pool: empty when the password was right and the account may sign in. */
	private Optional<Refusal> bind(String dn, String password) {
		SimpleBindRequest request = (this.flavour == DirectoryFlavour.OPENLDAP)
				? new SimpleBindRequest(dn, password, new DraftBeheraLDAPPasswordPolicy10RequestControl())
				: new SimpleBindRequest(dn, password);
		long start = System.nanoTime();
		try {
			BindResult result = PooledCalls.call(this.pools.bind(), (connection) -> connection.bind(request));
			Optional<Refusal> warning = LdapFailures.forBindSuccess(result);
			this.metrics.record("bind", warning.map(Refusal::label).orElse("success"), start);
			return warning;
		}
		catch (LDAPException ex) {
			Refusal refusal = LdapFailures.forBind(ex);
			this.metrics.record("bind", refusal.label(), start);
			if (refusal.isDirectoryFault()) {
				logFault("bind", refusal, ex);
			}
			return Optional.of(refusal);
		}
	}

	/**
	 * The agent's entry as it is after the bind. A lock the directory enforces fails the bind itself; when the bind
	 * succeeded, a lock read before it had run out, and the directory cleared it on that very bind (OpenLDAP's
	 * ppolicy removes an expired {@code pwdAccountLockedTime} then). A lock written by hand where nothing enforces it
	 * is still there. Null if the entry cannot be read: the lock read before stands (fail closed).
	 */
	private SearchResultEntry readAgain(SearchResultEntry before) {
		SearchRequest request = new SearchRequest(before.getDN(), SearchScope.BASE, DereferencePolicy.NEVER, 1,
				this.timeLimitSeconds, false, Filter.createPresenceFilter("objectClass"),
				this.requestedAttributes.toArray(String[]::new));
		try {
			return PooledCalls.call(this.pools.search(), (connection) -> connection.searchForEntry(request));
		}
		catch (LDAPException ex) {
			logFault("account-state", LdapFailures.forFault(ex), ex);
			return null;
		}
	}

	private Optional<Refusal> stateRefusal(Entry entry) {
		if (this.disabledFilter != null && matchesDisabledFilter(entry)) {
			return Optional.of(Refusal.DISABLED);
		}
		return this.accountState.refusal(entry);
	}

	private boolean matchesDisabledFilter(Entry entry) {
		try {
			return this.disabledFilter.matchesEntry(entry);
		}
		catch (LDAPException unsupportedLocally) {
			// Extensible matches (e.g. AD's bitwise rule) cannot be evaluated here: ask the directory.
			SearchRequest request = new SearchRequest(entry.getDN(), SearchScope.BASE, DereferencePolicy.NEVER, 1,
					this.timeLimitSeconds, false, this.disabledFilter, SearchRequest.NO_ATTRIBUTES);
			try {
				return PooledCalls.call(this.pools.search(), (connection) -> connection.search(request))
					.getEntryCount() > 0;
			}
			catch (LDAPException ex) {
				// Fail closed: an account whose state cannot be read is not let in.
				logFault("disabled-filter", LdapFailures.forFault(ex), ex);
				return true;
			}
		}
	}

	private Agent toAgent(SearchResultEntry entry, String typedLogin) throws LDAPException {
		String uniqueId = this.agentMapping.uniqueId(entry).orElseThrow(() -> {
			logger.error("Commune {}: entry {} has no '{}' attribute; check attributes.unique-id", this.commune.id(),
					entry.getDN(), this.attributes.uniqueId());
			return new DirectoryFaultException(this.commune.id(), Refusal.DIRECTORY_UNAVAILABLE,
					"Commune " + this.commune.id() + ": agent entry without unique id");
		});
		long start = System.nanoTime();
		Set<String> groupNames;
		try {
			groupNames = this.groups.groupsOf(entry,
					(request) -> PooledCalls.call(this.pools.search(), (connection) -> connection.search(request)));
		}
		catch (LDAPException ex) {
			this.metrics.record("groups", LdapFailures.forFault(ex).label(), start);
			throw ex;
		}
		this.metrics.record("groups", "success", start);
		return this.agentMapping.toAgent(entry, uniqueId, groupNames, typedLogin);
	}

	private Refusal fault(String operation, LDAPException ex) {
		Refusal refusal = LdapFailures.forFault(ex);
		logFault(operation, refusal, ex);
		return refusal;
	}

	private void logFault(String operation, Refusal refusal, LDAPException ex) {
		// Result code and the SDK's message (host, port, timeout); never the request, which may hold a password.
		logger.warn("Commune {}: directory {} failed: {} ({}: {})", this.commune.id(), operation, refusal.label(),
				ex.getResultCode().getName(), ex.getExceptionMessage(false, false));
	}

	private static Filter parse(String filter) {
		try {
			return Filter.create(filter);
		}
		catch (LDAPException ex) {
			throw new IllegalArgumentException("Not an LDAP filter: " + filter, ex);
		}
	}

	private static void collectAttributes(Filter filter, List<String> names) {
		if (filter.getAttributeName() != null) {
			names.add(filter.getAttributeName());
		}
		for (Filter component : filter.getComponents()) {
			collectAttributes(component, names);
		}
		if (filter.getNOTComponent() != null) {
			collectAttributes(filter.getNOTComponent(), names);
		}
	}

	private static int timeLimitSeconds(Duration responseTimeout) {
		return (int) Math.max(1, (responseTimeout.toMillis() + 999) / 1000);
	}

}
