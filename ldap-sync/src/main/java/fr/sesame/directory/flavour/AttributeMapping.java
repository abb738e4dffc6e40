package fr.sesame.directory.flavour;

import java.util.Objects;

/**
 * Which directory attribute holds each piece of an agent, resolved from a commune's configuration and its flavour's
 * defaults.
 *
 * @param login what the agent types ({@code uid}, {@code sAMAccountName})
 * @param uniqueId the immutable identifier ({@code entryUUID}, {@code objectGUID})
 * @param givenName the given name
 * @param familyName the family name
 * @param displayName the name to display
 * @param email the e-mail address
 * @param groupName the attribute of a group entry that names it
 * @param member the attribute of a group entry that lists its members' DNs
 */
public record AttributeMapping(String login, String uniqueId, String givenName, String familyName, String displayName,
		String email, String groupName, String member) {

	public AttributeMapping {
		Objects.requireNonNull(login, "login");
		Objects.requireNonNull(uniqueId, "uniqueId");
		Objects.requireNonNull(givenName, "givenName");
		Objects.requireNonNull(familyName, "familyName");
		Objects.requireNonNull(displayName, "displayName");
		Objects.requireNonNull(email, "email");
		Objects.requireNonNull(groupName, "groupName");
		Objects.requireNonNull(member, "member");
	}

	/** This mapping with each non-null override applied. */
	public AttributeMapping overriddenBy(String login, String uniqueId, String givenName, String familyName,
			String displayName, String email, String groupName, String member) {
		return new AttributeMapping(or(login, this.login), or(uniqueId, this.uniqueId), or(givenName, this.givenName),
				or(familyName, this.familyName), or(displayName, this.displayName), or(email, this.email),
				or(groupName, this.groupName), or(member, this.member));
	}

	private static String or(String override, String fallback) {
		return (override == null || override.isBlank()) ? fallback : override;
	}

}
