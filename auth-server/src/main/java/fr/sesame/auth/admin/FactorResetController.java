package fr.sesame.auth.admin;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.agent.SubjectIdentifier;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * Resets an agent's second factors (authenticator app, passkeys, recovery codes) when the agent lost them: the agent
 * enrols again at its next sign-in. The admin console will call the same thing; until then, this endpoint.
 */
@RestController
class FactorResetController {

	private static final int MAX_LOGIN_LENGTH = 256;

	private final AgentFactors factors;

	private final CommuneDirectories directories;

	private final OAuth2AuthorizationService authorizations;

	private final AuditTrail audit;

	FactorResetController(AgentFactors factors, CommuneDirectories directories,
			OAuth2AuthorizationService authorizations, AuditTrail audit) {
		this.factors = factors;
		this.directories = directories;
		this.authorizations = authorizations;
		this.audit = audit;
	}

	@DeleteMapping("/api/admin/communes/{communeId}/agents/{login}/factors")
	ResponseEntity<Map<String, Object>> reset(@PathVariable String communeId, @PathVariable String login,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller admin = AdminCaller.of(token);
		String ip = request.getRemoteAddr();
		// A revoked token (signed out, leaver) stops working now, not at its expiry.
		OAuth2Authorization authorization = this.authorizations.findByToken(token.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null
				|| !authorization.getAccessToken().isActive()) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.body(Map.of("error", "invalid_token"));
		}
		if (!admin.hasSecondFactor()) {
			denied(admin, communeId, login, ip, "no-second-factor");
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:sesame:loa:mfa\"")
				.body(Map.of("error", "insufficient_user_authentication"));
		}
		// Another commune's agents answer as if they did not exist: a 403 would tell a commune admin who is there.
		if (!admin.administers(communeId)) {
			denied(admin, communeId, login, ip, "other-commune");
			return notFound();
		}
		return this.directories.connector(communeId)
			.filter((connector) -> login.length() <= MAX_LOGIN_LENGTH)
			.flatMap((connector) -> connector.findByLogin(login))
			.map((agent) -> {
				this.factors.reset(SubjectIdentifier.of(agent), admin.sub(), communeId, ip);
				return ResponseEntity.noContent().<Map<String, Object>>build();
			})
			.orElseGet(FactorResetController::notFound);
	}

	private static ResponseEntity<Map<String, Object>> notFound() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "not_found", "error_description", "No such agent in this commune"));
	}

	private void denied(AdminCaller admin, String communeId, String login, String ip, String reason) {
		this.audit.record(admin.sub(), AuditEventType.ADMIN_DENIED, Map.of("action", "reset-factors", "commune",
				communeId, "target", login, "reason", reason, "ip", ip));
	}

}
