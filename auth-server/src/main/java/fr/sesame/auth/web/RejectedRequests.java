package fr.sesame.auth.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Requests Spring Security's firewall refuses (a {@code ;}, an encoded {@code /} or {@code ..} in the path, control
 * characters in a header): 400, the headers of every other response, and a body that repeats nothing of the request.
 * Spring's default hands the exception to the container, whose error page went out without those headers and with
 * the refused path in it.
 */
@Component
public final class RejectedRequests implements RequestRejectedHandler {

	private static final Logger logger = LoggerFactory.getLogger(RejectedRequests.class);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException {
		// The rule only: past its first quote, the firewall's message quotes what it refused, a header value maybe.
		logger.info("Request refused by the firewall: {}", rejected.getMessage().split("\"", 2)[0].strip());
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		SecurityHeaders.addToBareErrorResponse(response);
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write("Requête refusée. / Bad request.\n");
	}

}
