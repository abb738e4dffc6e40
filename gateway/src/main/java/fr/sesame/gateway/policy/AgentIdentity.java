package fr.sesame.gateway.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as read from an ID token (browser session) or a verified access token (API call).
 *
 * @param subject the {@code sub} claim: stable, opaque, unique across communes
 * @param login {@code preferred_username}
 * @param name display name
 * @param email email, if any
 * @param commune the {@code commune} claim
 * @param communeName the {@code commune_name} claim: the name agents know their commune by, if the provider sends it
 * @param roles the {@code roles} claim: roles granted to the client the token was issued to
 * @param groups directory groups
 * @param acr authentication context class
 * @param amr authentication methods
 */
public record AgentIdentity(String subject, String login, String name, String email, String commune,
		String communeName, Set<String> roles, Set<String> groups, String acr, List<String> amr) {

	public AgentIdentity {
		roles = (roles != null) ? Set.copyOf(roles) : Set.of();
		groups = (groups != null) ? Set.copyOf(groups) : Set.of();
		amr = (amr != null) ? List.copyOf(amr) : List.of();
	}

	/** Reads the claims auth-server puts in ID tokens and access tokens; unknown or malformed claims are ignored. */
	public static AgentIdentity fromClaims(Map<String, Object> claims) {
		return new AgentIdentity(text(claims, "sub"), text(claims, "preferred_username"), text(claims, "name"),
				text(claims, "email"), text(claims, "commune"), text(claims, "commune_name"),
				Set.copyOf(texts(claims, "roles")), Set.copyOf(texts(claims, "groups")), text(claims, "acr"),
				texts(claims, "amr"));
	}

	/** What to show an agent as their commune: its name, else its id. */
	public String communeLabel() {
		return (this.communeName != null) ? this.communeName : this.commune;
	}

	/** Whether the agent signed in with a second factor: the MFA {@code acr}, or {@code mfa} among the methods. */
	public boolean hasSecondFactor(String mfaAcr) {
		return mfaAcr.equals(this.acr) || this.amr.contains("mfa");
	}

	public Optional<String> communeId() {
		return Optional.ofNullable(this.commune).filter((value) -> !value.isBlank());
	}

	/** The name to show: display name, else login, else subject. */
	public String displayName() {
		if (this.name != null && !this.name.isBlank()) {
			return this.name;
		}
		return (this.login != null && !this.login.isBlank()) ? this.login : this.subject;
	}

	private static String text(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		return (value instanceof String text) ? text : null;
	}

	private static List<String> texts(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value instanceof Collection<?> collection) {
			return collection.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		if (value instanceof String text && !text.isBlank()) {
			// Some providers send a single space-separated string instead of an array.
			return List.of(text.trim().split("\\s+"));
		}
		return List.of();
	}

}
