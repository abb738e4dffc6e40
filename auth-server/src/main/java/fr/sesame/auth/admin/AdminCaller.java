package fr.sesame.auth.admin;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

import fr.sesame.auth.token.AuthenticationContextClass;

/**
 * The administrator behind an admin API request, as its access token describes it: who, from which commune, with
 * which admin roles, and whether it signed in with a second factor. The admin console builds the same description from
 * the signed-in session ({@code fr.sesame.auth.admin.console.SessionAdmins}), so that both are judged by the same
 * rules ({@code AdminAccess}).
 */
public record AdminCaller(String sub, String communeId, List<String> roles, String acr) {

	public static final String SYNDICATE_ADMIN = "syndicate-admin";

	public static final String COMMUNE_ADMIN = "commune-admin";

	public static AdminCaller of(Jwt token) {
		List<String> roles = token.getClaimAsStringList("roles");
		return new AdminCaller(token.getSubject(), token.getClaimAsString("commune"),
				(roles != null) ? List.copyOf(roles) : List.of(), token.getClaimAsString("acr"));
	}

	/** Every admin must have used a second factor. */
	public boolean hasSecondFactor() {
		return AuthenticationContextClass.MULTI_FACTOR.equals(this.acr);
	}

	/** Whether it administers every commune (and the syndicate-wide things, such as the audit trail's check). */
	public boolean isSyndicateAdmin() {
		return this.roles.contains(SYNDICATE_ADMIN);
	}

	/** A syndicate admin administers every commune; a commune admin only its own. */
	public boolean administers(String communeId) {
		return this.roles.contains(SYNDICATE_ADMIN)
				|| (this.roles.contains(COMMUNE_ADMIN) && communeId.equals(this.communeId));
	}

	/** Whether it administers anything at all: a token with the admin scope but no admin role does not. */
	public boolean isAdmin() {
		return isSyndicateAdmin() || (this.communeId != null && administers(this.communeId));
	}

	/**
	 * Only a syndicate admin grants admin roles ({@code syndicate-admin}, {@code commune-admin}, those of
	 * {@code sesame.mfa.policy.admin-roles}): a commune admin can neither raise itself nor create peers.
	 */
	public boolean mayGrantAdminRoles() {
		return isSyndicateAdmin();
	}

}
