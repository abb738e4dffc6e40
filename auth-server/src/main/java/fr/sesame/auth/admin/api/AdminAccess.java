package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * Who may do what through the admin API and the admin console, and the audit of every refusal. A commune the caller
 * does not administer gets the very answer of a commune that does not exist (404), so that a commune admin learns
 * nothing of the others, not even which exist. The API describes its caller from a bearer token, the console from the
 * signed-in session: both end up as an {@link AdminCaller} judged here by the same rules.
 */
public final class AdminAccess {

	private final OAuth2AuthorizationService authorizations;

	private final CommuneDirectories directories;

	private final AuditTrail audit;

	AdminAccess(OAuth2AuthorizationService authorizations, CommuneDirectories directories, AuditTrail audit) {
		this.authorizations = authorizations;
		this.directories = directories;
		this.audit = audit;
	}

	/**
	 * The admin behind the request, once its token is known to be still active (a signed-out admin's or a leaver's
	 * token stops working now, not at its expiry) and it signed in with a second factor.
	 */
	AdminCaller caller(Jwt token, HttpServletRequest request, String action) {
		OAuth2Authorization authorization = this.authorizations.findByToken(token.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			throw AdminApiException.invalidToken();
		}
		return withSecondFactor(AdminCaller.of(token), request, action);
	}

	/**
	 * The caller, once it is known to have signed in with a second factor.
	 * @throws AdminApiException 401 {@code insufficient_user_authentication} otherwise (audited)
	 */
	public AdminCaller withSecondFactor(AdminCaller caller, HttpServletRequest request, String action) {
		if (!caller.hasSecondFactor()) {
			denied(caller, request, action, caller.communeId(), null, "no-second-factor");
			throw AdminApiException.secondFactorRequired();
		}
		return caller;
	}

	/**
	 * The caller, once it is known to administer something: a signed-in agent without an admin role is refused.
	 * @throws AdminApiException 403 otherwise (audited)
	 */
	public AdminCaller admin(AdminCaller caller, HttpServletRequest request, String action) {
		if (!caller.isAdmin()) {
			denied(caller, request, action, caller.communeId(), null, "not-an-admin");
			throw AdminApiException.forbidden("You administer no commune");
		}
		return caller;
	}

	/**
	 * The commune of the request's path, when the caller administers it.
	 * @throws AdminApiException 404 when it does not exist, is malformed or is not the caller's (audited)
	 */
	public Commune commune(AdminCaller caller, String communeId, HttpServletRequest request, String action) {
		String valid = AdminInput.communeId(communeId);
		if (valid == null) {
			throw noSuchCommune();
		}
		if (!caller.administers(valid)) {
			denied(caller, request, action, valid, null, "other-commune");
			throw noSuchCommune();
		}
		return this.directories.communes()
			.stream()
			.filter((commune) -> commune.id().equals(valid))
			.findFirst()
			.orElseThrow(AdminAccess::noSuchCommune);
	}

	/** Records a refusal: who, what, where, why, from which address. */
	public void denied(AdminCaller caller, HttpServletRequest request, String action, String communeId, String target,
			String reason) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("action", action);
		if (communeId != null) {
			data.put("commune", communeId);
		}
		if (target != null) {
			data.put("target", target);
		}
		data.put("reason", reason);
		data.put("ip", request.getRemoteAddr());
		this.audit.record(caller.sub(), AuditEventType.ADMIN_DENIED, data);
	}

	/** Records a change, with what it was and what it is as flat {@code before.*} / {@code after.*} strings. */
	public void changed(AdminCaller caller, HttpServletRequest request, AuditEventType type, Map<String, String> data) {
		Map<String, Object> entry = new LinkedHashMap<>(data);
		entry.put("ip", request.getRemoteAddr());
		this.audit.record(caller.sub(), type, entry);
	}

	public static AdminApiException noSuchCommune() {
		return AdminApiException.notFound("No such commune");
	}

}
