package fr.sesame.directory.flavour;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.unboundid.ldap.sdk.Entry;

import fr.sesame.directory.agent.Agent;

/**
 * Turns a directory entry into an {@link Agent} with a commune's attribute mapping.
 */
public final class AgentMapping {

	private final String communeId;

	private final DirectoryFlavour flavour;

	private final AttributeMapping attributes;

	public AgentMapping(String communeId, DirectoryFlavour flavour, AttributeMapping attributes) {
		this.communeId = communeId;
		this.flavour = flavour;
		this.attributes = attributes;
	}

	/** The attributes to request when searching an agent, so that {@link #toAgent} and the state checks have them. */
	public List<String> requestedAttributes(Collection<String> extra) {
		Set<String> names = new LinkedHashSet<>(List.of(this.attributes.login(), this.attributes.uniqueId(),
				this.attributes.givenName(), this.attributes.familyName(), this.attributes.displayName(),
				this.attributes.email(), "cn", "memberOf"));
		if (this.flavour == DirectoryFlavour.ACTIVE_DIRECTORY) {
			names.add(DirectoryFlavour.USER_PRINCIPAL_NAME);
		}
		names.addAll(this.flavour.accountStateAttributes());
		names.addAll(extra);
		return List.copyOf(names);
	}

	/**
	 * The stable identifier of the entry, or empty when the directory did not return it (a mapping mistake: without
	 * it the agent cannot get a stable subject).
	 */
	public Optional<String> uniqueId(Entry entry) {
		byte[] raw = entry.getAttributeValueBytes(this.attributes.uniqueId());
		if (raw == null || raw.length == 0) {
			return Optional.empty();
		}
		if (raw.length == 16 && this.flavour == DirectoryFlavour.ACTIVE_DIRECTORY) {
			return Optional.of(ActiveDirectoryGuid.toUuid(raw).toString());
		}
		String text = new String(raw, StandardCharsets.UTF_8).strip();
		try {
			return Optional.of(UUID.fromString(text).toString());
		}
		catch (IllegalArgumentException notAUuid) {
			// Other directories use other immutable ids (nsUniqueId, ipaUniqueID): keep them verbatim.
			return Optional.of(text.toLowerCase(Locale.ROOT));
		}
	}

	/**
	 * @param typedLogin what the agent typed, kept as the login only if the entry lacks the login attribute (an
	 * Active Directory entry found by {@code userPrincipalName} always has a {@code sAMAccountName})
	 */
	public Agent toAgent(Entry entry, String uniqueId, Collection<String> groups, String typedLogin) {
		String mappedLogin = first(entry, this.attributes.login());
		String login = (mappedLogin != null) ? mappedLogin : typedLogin;
		String givenName = first(entry, this.attributes.givenName());
		String familyName = first(entry, this.attributes.familyName());
		Set<String> distinctGroups = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		distinctGroups.addAll(groups);
		List<String> sortedGroups = new ArrayList<>(distinctGroups);
		return new Agent(this.communeId, uniqueId, entry.getDN(), login, givenName, familyName,
				displayName(entry, login, givenName, familyName), first(entry, this.attributes.email()), sortedGroups);
	}

	private String displayName(Entry entry, String login, String givenName, String familyName) {
		String displayName = first(entry, this.attributes.displayName());
		if (displayName != null) {
			return displayName;
		}
		if (givenName != null || familyName != null) {
			return (((givenName != null) ? givenName : "") + " " + ((familyName != null) ? familyName : "")).strip();
		}
		String cn = first(entry, "cn");
		return (cn != null) ? cn : login;
	}

	private static String first(Entry entry, String attribute) {
		String value = entry.getAttributeValue(attribute);
		return (value == null || value.isBlank()) ? null : value;
	}

}
