package fr.sesame.auth.logout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.client.ConfiguredClients;
import fr.sesame.auth.store.AgentAuthorizations;

/**
 * What happens when an agent's single sign-on session ends at auth-server: every relying party that obtained tokens
 * through that session gets a back-channel logout token, and the authorizations issued in it (their refresh tokens
 * included) are revoked, so that logging out really logs out everywhere. Spring's authorization server does neither.
 */
public final class SessionEnd {

	private static final Logger logger = LoggerFactory.getLogger(SessionEnd.class);

	private final AgentAuthorizations authorizations;

	private final RegisteredClientRepository clients;

	private final LogoutTokens logoutTokens;

	private final LogoutTokenDelivery delivery;

	private final AuditTrail audit;

	public SessionEnd(AgentAuthorizations authorizations, RegisteredClientRepository clients,
			LogoutTokens logoutTokens, LogoutTokenDelivery delivery, AuditTrail audit) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.logoutTokens = logoutTokens;
		this.delivery = delivery;
		this.audit = audit;
	}

	/**
	 * One browser session of the agent ended (logout at auth-server, RP-initiated logout, or a sign-in beyond the
	 * agent's session limit).
	 * @param subject the agent's {@code sub}
	 * @param httpSessionId the ended HTTP session's id, from which the {@code sid} of its ID tokens derives
	 * @param reason why, for the log and the audit trail
	 */
	public void sessionEnded(String subject, String httpSessionId, String reason) {
		String sid = sid(httpSessionId);
		List<OAuth2Authorization> ended = this.authorizations.findByPrincipalName(subject)
			.stream()
			.filter((authorization) -> sid.equals(sidOf(authorization)))
			.toList();
		end(subject, ended, reason);
	}

	/** Every session of the agent ends (a leaver, or an admin's "sign out everywhere"). */
	public void agentSignedOutEverywhere(String subject, String reason) {
		end(subject, this.authorizations.findByPrincipalName(subject), reason);
	}

	private void end(String subject, List<OAuth2Authorization> ended, String reason) {
		for (OAuth2Authorization authorization : ended) {
			this.authorizations.remove(authorization);
			RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
			Object uri = (client != null)
					? client.getClientSettings().getSetting(ConfiguredClients.BACKCHANNEL_LOGOUT_URI) : null;
			if (uri != null) {
				String token = this.logoutTokens.issue(client, subject, sidOf(authorization));
				this.delivery.deliver(client.getClientId(), URI.create(uri.toString()), token);
			}
		}
		logger.info("Session ended: reason={} sub={} authorizations_revoked={}", reason, subject, ended.size());
		this.audit.record(subject, AuditEventType.SESSION_ENDED,
				Map.of("reason", reason, "authorizations-revoked", ended.size()));
	}

	private static String sidOf(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		return (idToken != null) ? Objects.toString(idToken.getToken().getClaim("sid"), null) : null;
	}

	/** The {@code sid} Spring's authorization server puts in ID tokens: SHA-256 of the session id, base64url. */
	static String sid(String httpSessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(httpSessionId.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
