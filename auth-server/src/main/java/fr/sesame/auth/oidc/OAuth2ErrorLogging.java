package fr.sesame.auth.oidc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a refused token, introspection or revocation request with the standard OAuth2 error response (RFC 6749
 * §5.2: 401 for {@code invalid_client}, 400 otherwise), and leaves one log line per refusal so that an operator sees
 * bad clients and probing (Spring logs these only at trace level). Never logs parameters: they carry secrets.
 */
final class OAuth2ErrorLogging implements AuthenticationFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(OAuth2ErrorLogging.class);

	private final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR);
		logger.info("OAuth2 request refused: endpoint={} error={} ip={}", request.getRequestURI(),
				error.getErrorCode(), request.getRemoteAddr());
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
			httpResponse.getHeaders().set("WWW-Authenticate", "Basic realm=\"sesame\"");
			// Which part of the client's credentials was wrong is nobody's business.
			error = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		else {
			httpResponse.setStatusCode(HttpStatus.BAD_REQUEST);
		}
		this.converter.write(error, null, httpResponse);
	}

}
