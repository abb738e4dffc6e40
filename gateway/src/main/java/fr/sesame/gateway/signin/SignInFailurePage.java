package fr.sesame.gateway.signin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.web.Pages;

/**
 * The page shown when the provider's answer cannot complete a sign-in (the agent cancelled, the request expired,
 * the ID token was not valid): what happened in one sentence and a link to start again, instead of a redirect loop.
 */
public final class SignInFailurePage implements ServerAuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(SignInFailurePage.class);

	private final Pages pages;

	public SignInFailurePage(Pages pages) {
		this.pages = pages;
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException exception) {
		String code = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
				: "authentication_failed";
		log.warn("Sign-in did not complete: {}", code);
		AccessRecord.of(webFilterExchange.getExchange()).decision("sign_in_failed");
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("code", code);
		model.put("again", StepUpAuthorizationRequests.signInUri());
		return this.pages.write(webFilterExchange.getExchange(), HttpStatus.UNAUTHORIZED, "sign-in-failed", model);
	}

}
