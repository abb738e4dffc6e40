package fr.sesame.directory.commune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.bind.DefaultValue;

import fr.sesame.directory.flavour.AttributeMapping;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.flavour.GroupMembers;

/**
 * One commune and how to reach its directory ({@code sesame.directory.communes[n]}). Holds the service account's
 * secret, so {@link #toString()} leaves it out.
 *
 * @param id short stable identifier, {@code [a-z0-9-]{2,40}}, unique; the {@code commune} claim of tokens
 * @param displayName shown on the login page
 * @param loginDomains domains routing {@code login@domain} here, unique across communes (compared lower-case)
 * @param netbiosDomain the domain's pre-Windows 2000 name (e.g. {@code MONTCLAIR}), routing {@code MONTCLAIR\login}
 * here as Windows workstations write it; unique across communes (compared lower-case)
 * @param flavour {@code openldap} or {@code active-directory}: the defaults of everything below
 * @param urls {@code ldap://} or {@code ldaps://} URLs, tried in this order (failover); empty when {@code embedded}
 * @param transport {@code plain}, {@code ldaps} or {@code starttls}; by default {@code ldaps} for {@code ldaps://}
 * URLs, {@code plain} otherwise
 * @param trustStore the certificates to trust for ldaps/StartTLS; the JVM's default trust store when absent
 * @param bindDn the service account that searches agents
 * @param bindPassword the service account's password (typically {@code ${RIVEBELLE_BIND_PASSWORD}})
 * @param bindPasswordFile a file holding the password (a mounted secret); exactly one of the two, except for an
 * embedded directory where none means a random one
 * @param userBase where agents are searched (subtree)
 * @param userFilter which entries are agents; the flavour's default when absent
 * @param groupBase where groups are searched (subtree)
 * @param groupFilter which entries are groups; the flavour's default when absent
 * @param disabledFilter an agent entry matching it is disabled (e.g. {@code (employeeType=inactive)})
 * @param attributes attribute names, each defaulting to the flavour's
 * @param groupMembers {@code dn} when groups list their members' DNs ({@code member}, {@code uniqueMember}),
 * {@code login} when they list logins ({@code memberUid} of {@code posixGroup}); by default {@code login} for
 * {@code attributes.member: memberUid}, {@code dn} otherwise
 * @param nestedGroups whether groups of groups count; by default true for Active Directory only, never with
 * {@code group-members: login}
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param responseTimeout how long to wait for any answer of the directory
 * @param poolSize maximum connections of each of the two pools (service searches, agent binds)
 * @param lockoutThreshold the directory's own lockout threshold, which Sésame's throttling stays below
 * @param lockoutWindow how long the directory counts failed binds
 * @param roleMappings client id → role → names of the groups granting it
 * @param embedded demo and tests only: serve an LDIF file from an in-process directory on 127.0.0.1
 */
public record CommuneDirectoryProperties(
		@NotNull(message = "id is required: 2 to 40 characters among a-z, 0-9 and '-'") @Pattern(regexp = ID_PATTERN,
				message = "id must be 2 to 40 characters among a-z, 0-9 and '-'") String id,
		@NotBlank(message = "display-name is required (shown on the login page)") String displayName,
		@DefaultValue List<@NotNull @Pattern(regexp = DOMAIN_PATTERN,
				message = "login-domains must hold domain names such as rivebelle.fr") String> loginDomains,
		@Pattern(regexp = NETBIOS_PATTERN, message = "netbios-domain must be a pre-Windows 2000 domain name such as "
				+ "MONTCLAIR: at most 15 letters, digits, '.', '_' or '-'") String netbiosDomain,
		@NotNull(message = "flavour is required: openldap or active-directory") DirectoryFlavour flavour,
		@DefaultValue List<@NotNull @Pattern(regexp = URL_PATTERN,
				message = "urls must be ldap://host[:port] or ldaps://host[:port]") String> urls,
		Transport transport, @Valid TrustStore trustStore,
		@NotBlank(message = "bind-dn is required: the service account's DN") @DistinguishedName(
				message = "bind-dn must be a distinguished name such as cn=sesame,ou=services,dc=rivebelle,dc=fr") String bindDn,
		String bindPassword, String bindPasswordFile,
		@NotBlank(message = "user-base is required: the DN under which agents are searched") @DistinguishedName(
				message = "user-base must be a distinguished name such as ou=people,dc=rivebelle,dc=fr") String userBase,
		@LdapFilterSyntax(
				message = "user-filter must be an LDAP filter (RFC 4515) such as (objectClass=inetOrgPerson)") String userFilter,
		@NotBlank(message = "group-base is required: the DN under which groups are searched") @DistinguishedName(
				message = "group-base must be a distinguished name such as ou=groups,dc=rivebelle,dc=fr") String groupBase,
		@LdapFilterSyntax(
				message = "group-filter must be an LDAP filter (RFC 4515) such as (objectClass=groupOfNames)") String groupFilter,
		@LdapFilterSyntax(
				message = "disabled-filter must be an LDAP filter (RFC 4515) such as (employeeType=inactive)") String disabledFilter,
		@Valid @DefaultValue Attributes attributes, GroupMembers groupMembers, Boolean nestedGroups,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 50,
				message = "connect-timeout must be at least 50ms") @DurationMax(minutes = 2,
						message = "connect-timeout must be at most 2m") Duration connectTimeout,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 50,
				message = "response-timeout must be at least 50ms") @DurationMax(minutes = 2,
						message = "response-timeout must be at most 2m") Duration responseTimeout,
		@DefaultValue("8") @Min(value = 1, message = "pool-size must be at least 1") @Max(value = 256,
				message = "pool-size must be at most 256") int poolSize,
		@DefaultValue("5") @Min(value = 1, message = "lockout-threshold must be at least 1") int lockoutThreshold,
		@DefaultValue("30m") @NotNull @DurationMin(seconds = 1,
				message = "lockout-window must be at least 1s") Duration lockoutWindow,
		@DefaultValue Map<String, Map<String, List<String>>> roleMappings, @Valid Embedded embedded) {

	static final String ID_PATTERN = "[a-z0-9-]{2,40}";

	static final String DOMAIN_PATTERN = "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+";

	static final String NETBIOS_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,14}";

	static final String URL_PATTERN = "(?i)ldaps?://(\\[[0-9a-f:.]+\\]|[a-z0-9._-]+)(:[0-9]{1,5})?/?";

	static final String ATTRIBUTE_PATTERN = "[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+";

	public CommuneDirectoryProperties {
		// Not List.copyOf: a null element must reach the validator, which names the key, rather than fail here.
		loginDomains = (loginDomains != null) ? Collections.unmodifiableList(new ArrayList<>(loginDomains)) : List.of();
		urls = (urls != null) ? Collections.unmodifiableList(new ArrayList<>(urls)) : List.of();
		attributes = (attributes != null) ? attributes : new Attributes(null, null, null, null, null, null, null, null);
		roleMappings = (roleMappings != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(roleMappings)) : Map.of();
	}

	/** How the connection is protected. */
	public enum Transport {

		/** No TLS: only for a directory on a trusted network or loopback. */
		PLAIN,
		/** TLS from the first byte ({@code ldaps://}). */
		LDAPS,
		/** {@code ldap://} upgraded with the StartTLS extended operation before the bind. */
		STARTTLS

	}

	/**
	 * @param path a PKCS12 or JKS file holding the certificates to trust, or a PEM file of them (the CA certificate as
	 * a directory's administrators hand it out)
	 * @param password the store's password, if it has one (none for PEM)
	 * @param type {@code PKCS12} (default), {@code JKS} or {@code PEM}
	 */
	public record TrustStore(@NotBlank(message = "trust-store.path is required when trust-store is set") String path,
			String password, @DefaultValue("PKCS12") @Pattern(regexp = "(?i)PKCS12|JKS|PEM",
					message = "trust-store.type must be PKCS12, JKS or PEM") String type) {

		@Override
		public String toString() {
			return "TrustStore[path=" + this.path + ", type=" + this.type + ", password="
					+ ((this.password != null) ? "******" : "none") + "]";
		}

	}

	/** Attribute names; a missing one takes the flavour's default. */
	public record Attributes(
			@Pattern(regexp = ATTRIBUTE_PATTERN, message = "attributes.login must be an attribute name") String login,
			@Pattern(regexp = ATTRIBUTE_PATTERN,
					message = "attributes.unique-id must be an attribute name") String uniqueId,
			@Pattern(regexp = ATTRIBUTE_PATTERN,
					message = "attributes.given-name must be an attribute name") String givenName,
			@Pattern(regexp = ATTRIBUTE_PATTERN,
					message = "attributes.family-name must be an attribute name") String familyName,
			@Pattern(regexp = ATTRIBUTE_PATTERN,
					message = "attributes.display-name must be an attribute name") String displayName,
			@Pattern(regexp = ATTRIBUTE_PATTERN, message = "attributes.email must be an attribute name") String email,
			@Pattern(regexp = ATTRIBUTE_PATTERN,
					message = "attributes.group-name must be an attribute name") String groupName,
			@Pattern(regexp = ATTRIBUTE_PATTERN, message = "attributes.member must be an attribute name") String member) {
	}

	/**
	 * An in-process UnboundID directory, for the demo and tests.
	 *
	 * @param ldif a Spring resource location, e.g. {@code classpath:demo/rivebelle.ldif}
	 * @param baseDn the suffix the LDIF's entries live under
	 * @param port {@code 0} for an ephemeral port; a fixed one lets other tools (a benchmark's Keycloak) use it
	 */
	public record Embedded(@NotBlank(message = "embedded.ldif is required: where the LDIF to serve is") String ldif,
			@NotBlank(message = "embedded.base-dn is required") @DistinguishedName(
					message = "embedded.base-dn must be a distinguished name such as dc=rivebelle,dc=fr") String baseDn,
			@DefaultValue("0") @Min(value = 0, message = "embedded.port must be between 0 and 65535") @Max(value = 65535,
					message = "embedded.port must be between 0 and 65535") int port) {
	}

	/** The commune as the rest of Sésame sees it. */
	public Commune toCommune() {
		return new Commune(this.id, this.displayName, loginDomainsLowerCase(), this.roleMappings, this.lockoutThreshold,
				this.lockoutWindow);
	}

	public List<String> loginDomainsLowerCase() {
		return this.loginDomains.stream().map((domain) -> domain.toLowerCase(Locale.ROOT)).toList();
	}

	public AttributeMapping attributeMapping() {
		Attributes a = this.attributes;
		return this.flavour.defaultAttributes()
			.overriddenBy(a.login(), a.uniqueId(), a.givenName(), a.familyName(), a.displayName(), a.email(),
					a.groupName(), a.member());
	}

	public String effectiveUserFilter() {
		return (this.userFilter != null && !this.userFilter.isBlank()) ? this.userFilter
				: this.flavour.defaultUserFilter();
	}

	public String effectiveGroupFilter() {
		return (this.groupFilter != null && !this.groupFilter.isBlank()) ? this.groupFilter
				: this.flavour.defaultGroupFilter();
	}

	public GroupMembers effectiveGroupMembers() {
		return (this.groupMembers != null) ? this.groupMembers
				: GroupMembers.forMemberAttribute(attributeMapping().member());
	}

	public boolean effectiveNestedGroups() {
		if (effectiveGroupMembers() == GroupMembers.LOGIN) {
			return false;
		}
		return (this.nestedGroups != null) ? this.nestedGroups : this.flavour.nestedGroupsByDefault();
	}

	/** The transport, derived from the URLs' scheme when not set. */
	public Transport effectiveTransport() {
		if (this.transport != null) {
			return this.transport;
		}
		boolean ldaps = !this.urls.isEmpty() && this.urls.stream().allMatch((url) -> url.regionMatches(true, 0, "ldaps:", 0, 6));
		return ldaps ? Transport.LDAPS : Transport.PLAIN;
	}

	public boolean hasBindPassword() {
		return this.bindPassword != null && !this.bindPassword.isEmpty();
	}

	public boolean hasBindPasswordFile() {
		return this.bindPasswordFile != null && !this.bindPasswordFile.isBlank();
	}

	/** Everything but the secrets, so that the properties can be logged or shown in an error. */
	@Override
	public String toString() {
		return "CommuneDirectoryProperties[id=" + this.id + ", displayName=" + this.displayName + ", loginDomains="
				+ this.loginDomains + ", netbiosDomain=" + this.netbiosDomain + ", flavour=" + this.flavour + ", urls="
				+ this.urls + ", transport="
				+ this.transport + ", trustStore=" + this.trustStore + ", bindDn=" + this.bindDn + ", bindPassword="
				+ (hasBindPassword() ? "******" : "none") + ", bindPasswordFile=" + this.bindPasswordFile
				+ ", userBase=" + this.userBase + ", userFilter=" + this.userFilter + ", groupBase=" + this.groupBase
				+ ", groupFilter=" + this.groupFilter + ", disabledFilter=" + this.disabledFilter + ", attributes="
				+ this.attributes + ", groupMembers=" + this.groupMembers + ", nestedGroups=" + this.nestedGroups + ", connectTimeout=" + this.connectTimeout
				+ ", responseTimeout=" + this.responseTimeout + ", poolSize=" + this.poolSize + ", lockoutThreshold="
				+ this.lockoutThreshold + ", lockoutWindow=" + this.lockoutWindow + ", roleMappings="
				+ this.roleMappings + ", embedded=" + this.embedded + "]";
	}

}
