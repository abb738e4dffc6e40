package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.flavour.AccountState;
import fr.sesame.directory.flavour.AgentMapping;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Turns an agent's directory entry into what the index keeps, with the same attribute mapping and account-state
 * rules as sign-ins, so that the index and the login page never disagree on who is disabled.
 */
final class AgentReader {

	/** Asks the directory whether an entry matches a filter the SDK cannot evaluate (extensible matches). */
	@FunctionalInterface
	interface ServerMatch {

		boolean matches(String dn, Filter filter) throws LDAPException;

	}

	private final Commune commune;

	private final AgentMapping mapping;

	private final AccountState accountState;

	private final Filter disabledFilter;

	private final List<String> attributes;

	AgentReader(CommuneDirectoryProperties properties, Clock clock, List<String> changeAttributes) {
		this.commune = properties.toCommune();
		this.mapping = new AgentMapping(properties.id(), properties.flavour(), properties.attributeMapping());
		this.accountState = properties.flavour().accountState(clock);
		this.disabledFilter = (properties.disabledFilter() != null && !properties.disabledFilter().isBlank())
				? Filters.parse(properties.disabledFilter()) : null;
		List<String> extra = new ArrayList<>(changeAttributes);
		if (this.disabledFilter != null) {
			Filters.collectAttributes(this.disabledFilter, extra);
		}
		if (properties.flavour() == DirectoryFlavour.OPENLDAP) {
			extra.add("entryUUID");
		}
		this.attributes = this.mapping.requestedAttributes(extra);
	}

	/** What to request for an agent entry. */
	String[] attributes() {
		return this.attributes.toArray(String[]::new);
	}

	Optional<String> uniqueId(Entry entry) {
		return this.mapping.uniqueId(entry);
	}

	/** The agent of an entry, with its groups (already resolved) and the roles they grant. */
	IndexedAgent read(Entry entry, String uniqueId, List<String> groups, Instant seen, ServerMatch server)
			throws LDAPException {
		// The unique id stands in for a missing login: such an entry cannot sign in, but it is still indexed.
		Agent agent = this.mapping.toAgent(entry, uniqueId, groups, uniqueId);
		return new IndexedAgent(agent.communeId(), agent.uniqueId(), agent.dn(), agent.login(), agent.givenName(),
				agent.familyName(), agent.displayName(), agent.email(), enabled(entry, server), agent.groups(),
				roles(agent), seen);
	}

	/** The same agent in other groups (a group changed, the entry did not). */
	IndexedAgent regroup(IndexedAgent agent, List<String> groups) {
		IndexedAgent regrouped = agent.withGroups(groups, Map.of());
		return regrouped.withGroups(regrouped.groups(), roles(regrouped.toAgent()));
	}

	/** The roles per client that groups grant in this commune. */
	private Map<String, List<String>> roles(Agent agent) {
		Map<String, List<String>> roles = new LinkedHashMap<>();
		for (String clientId : this.commune.roleMappings().keySet()) {
			List<String> granted = List.copyOf(this.commune.rolesFor(agent, clientId));
			if (!granted.isEmpty()) {
				roles.put(clientId, granted);
			}
		}
		return roles;
	}

	private boolean enabled(Entry entry, ServerMatch server) throws LDAPException {
		if (this.disabledFilter != null && matches(entry, server)) {
			return false;
		}
		// A locked account stays enabled: a lockout is temporary, and anyone typing wrong passwords can cause one.
		Optional<Refusal> refusal = this.accountState.refusal(entry);
		return refusal.isEmpty() || refusal.get() == Refusal.LOCKED;
	}

	private boolean matches(Entry entry, ServerMatch server) throws LDAPException {
		try {
			return this.disabledFilter.matchesEntry(entry);
		}
		catch (LDAPException unsupportedLocally) {
			return server.matches(entry.getDN(), this.disabledFilter);
		}
	}

}
