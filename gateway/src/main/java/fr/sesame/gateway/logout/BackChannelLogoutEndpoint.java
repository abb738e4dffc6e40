package fr.sesame.gateway.logout;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import fr.sesame.gateway.bearer.ProviderTokenVerifier.KeysUnavailableException;
import fr.sesame.gateway.bearer.ProviderTokenVerifier.RejectedTokenException;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.signin.DiscoveredClientRegistrations;

/**
 * {@code POST /logout/connect/back-channel/sesame} (OpenID Connect Back-Channel Logout 1.0): parse the form's
 * {@code logout_token}, validate it ({@link LogoutTokens}), end the sessions it designates
 * ({@link SessionTermination}), answer {@code 200} or {@code 400} with an OAuth error.
 *
 * <p>
 * Spring Security's {@code oidcLogout().backChannel()} is not used: in 7.0 its logout-token decoder accepts RS256
 * only (spring-projects/spring-security#15273) while auth-server signs with ES256, and its default handler ends each
 * session by calling the gateway's own URL with the session cookie.
 */
public final class BackChannelLogoutEndpoint {

	public static final String PATH = "/logout/connect/back-channel/" + DiscoveredClientRegistrations.REGISTRATION_ID;

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutEndpoint.class);

	private final LogoutTokens tokens;

	private final SessionTermination termination;

	public BackChannelLogoutEndpoint(LogoutTokens tokens, SessionTermination termination) {
		this.tokens = tokens;
		this.termination = termination;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AccessRecord record = AccessRecord.of(request.exchange());
		return request.formData()
			.flatMap((form) -> this.tokens.verify(form.getFirst("logout_token")))
			.flatMap((token) -> this.termination.end(token).flatMap((ended) -> {
				record.decision("back_channel_logout");
				log.info("Back-channel logout: {} session(s) ended", ended);
				return ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
			}))
			.onErrorResume(RejectedTokenException.class, (ex) -> {
				record.decision("logout_token_rejected");
				log.warn("Back-channel logout token rejected: {}", ex.getMessage());
				return error(HttpStatus.BAD_REQUEST, "invalid_request", "the logout token is not valid");
			})
			.onErrorResume(KeysUnavailableException.class,
					(ex) -> error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", "keys unavailable"));
	}

	private static Mono<ServerResponse> error(HttpStatus status, String code, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("error_description", description);
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.bodyValue(body);
	}

}
