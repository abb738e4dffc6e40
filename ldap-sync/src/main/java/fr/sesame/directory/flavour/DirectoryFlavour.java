package fr.sesame.directory.flavour;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.Filter;

/**
 * The kind of directory a commune runs. Each flavour brings the defaults a commune would otherwise have to spell out:
 * attribute names, the filter that selects agents, how groups are found and how an entry says it is disabled, locked
 * or expired.
 */
public enum DirectoryFlavour {

	/** OpenLDAP (or any inetOrgPerson directory): {@code uid}, {@code entryUUID}, {@code groupOfNames}, ppolicy. */
	OPENLDAP(new AttributeMapping("uid", "entryUUID", "givenName", "sn", "displayName", "mail", "cn", "member"),
			"(objectClass=inetOrgPerson)", "(objectClass=groupOfNames)", false),

	/**
	 * Active Directory: {@code sAMAccountName} (or {@code userPrincipalName}), {@code objectGUID},
	 * {@code userAccountControl}, nested groups. The user filter leaves out {@code objectCategory}, which schema-less
	 * test directories do not know, and excludes computer accounts, which are {@code user}s too.
	 */
	ACTIVE_DIRECTORY(
			new AttributeMapping("sAMAccountName", "objectGUID", "givenName", "sn", "displayName", "mail", "cn",
					"member"),
			"(&(objectClass=user)(!(objectClass=computer)))", "(objectClass=group)", true);

	/** The Active Directory attribute matched when an agent types {@code login@domain}. */
	public static final String USER_PRINCIPAL_NAME = "userPrincipalName";

	private final AttributeMapping attributes;

	private final String userFilter;

	private final String groupFilter;

	private final boolean nestedGroups;

	DirectoryFlavour(AttributeMapping attributes, String userFilter, String groupFilter, boolean nestedGroups) {
		this.attributes = attributes;
		this.userFilter = userFilter;
		this.groupFilter = groupFilter;
		this.nestedGroups = nestedGroups;
	}

	public AttributeMapping defaultAttributes() {
		return this.attributes;
	}

	public String defaultUserFilter() {
		return this.userFilter;
	}

	public String defaultGroupFilter() {
		return this.groupFilter;
	}

	public boolean nestedGroupsByDefault() {
		return this.nestedGroups;
	}

	/**
	 * Whether a {@code login@domain} is searched as typed: Active Directory matches it against
	 * {@code userPrincipalName}; OpenLDAP only knows the local part ({@code uid}).
	 */
	public boolean keepsDomainInLogin() {
		return this == ACTIVE_DIRECTORY;
	}

	/** Reads the disabled, locked and expired markers this flavour's directories put on an entry. */
	public AccountState accountState(Clock clock) {
		return (this == ACTIVE_DIRECTORY) ? new ActiveDirectoryAccountState(clock) : new OpenLdapAccountState(clock);
	}

	/**
	 * The filter that matches the agent's entry for what the agent typed, values escaped (RFC 4515) by the SDK. For
	 * Active Directory, {@code x@domain} of one of the commune's domains also matches {@code sAMAccountName=x}, since
	 * a UPN suffix need not be the login domain.
	 */
	public Filter loginFilter(AttributeMapping mapping, String login, Collection<String> communeDomains) {
		Filter byLogin = Filter.createEqualityFilter(mapping.login(), login);
		int at = login.lastIndexOf('@');
		if (this != ACTIVE_DIRECTORY || at <= 0) {
			return byLogin;
		}
		Filter byPrincipal = Filter.createEqualityFilter(USER_PRINCIPAL_NAME, login);
		String domain = login.substring(at + 1).toLowerCase(Locale.ROOT);
		if (communeDomains.contains(domain)) {
			return Filter.createORFilter(byPrincipal, Filter.createEqualityFilter(mapping.login(), login.substring(0, at)));
		}
		return Filter.createORFilter(byPrincipal, byLogin);
	}

	/** The attributes this flavour reads to decide the account state, besides the mapped ones. */
	public List<String> accountStateAttributes() {
		return (this == ACTIVE_DIRECTORY) ? ActiveDirectoryAccountState.ATTRIBUTES : OpenLdapAccountState.ATTRIBUTES;
	}

}
