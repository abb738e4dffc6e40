package fr.sesame.gateway.signin;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authorization requests as Spring builds them (code, PKCE, nonce), plus {@code acr_values} when the gateway sends
 * the agent to sign in again for a second factor ({@code /oauth2/authorization/sesame?step-up=mfa}).
 */
public final class StepUpAuthorizationRequests implements ServerOAuth2AuthorizationRequestResolver {

	public static final String STEP_UP_PARAMETER = "step-up";

	public static final String STEP_UP_MFA = "mfa";

	private final DefaultServerOAuth2AuthorizationRequestResolver standard;

	private final String mfaAcr;

	public StepUpAuthorizationRequests(ReactiveClientRegistrationRepository registrations, String mfaAcr) {
		this.standard = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
		this.mfaAcr = mfaAcr;
	}

	/** Where the gateway sends a browser to sign in again with a second factor. */
	public static String stepUpUri() {
		return "/oauth2/authorization/" + DiscoveredClientRegistrations.REGISTRATION_ID + "?" + STEP_UP_PARAMETER + "="
				+ STEP_UP_MFA;
	}

	public static String signInUri() {
		return "/oauth2/authorization/" + DiscoveredClientRegistrations.REGISTRATION_ID;
	}

	@Override
	public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange) {
		return this.standard.resolve(exchange).map((request) -> withStepUp(exchange, request));
	}

	@Override
	public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange, String clientRegistrationId) {
		return this.standard.resolve(exchange, clientRegistrationId).map((request) -> withStepUp(exchange, request));
	}

	private OAuth2AuthorizationRequest withStepUp(ServerWebExchange exchange, OAuth2AuthorizationRequest request) {
		if (!STEP_UP_MFA.equals(exchange.getRequest().getQueryParams().getFirst(STEP_UP_PARAMETER))) {
			return request;
		}
		Map<String, Object> parameters = new LinkedHashMap<>(request.getAdditionalParameters());
		parameters.put("acr_values", this.mfaAcr);
		return OAuth2AuthorizationRequest.from(request).additionalParameters(parameters).build();
	}

}
