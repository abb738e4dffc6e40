package fr.sesame.auth.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts logout tokens to relying parties' back-channel logout URIs, off the request thread: a relying party that is
 * slow or down must not delay the agent's logout, nor anyone else's.
 */
public class LogoutTokenDelivery {

	private static final Logger logger = LoggerFactory.getLogger(LogoutTokenDelivery.class);

	private final HttpClient http;

	private final Duration timeout;

	public LogoutTokenDelivery(Duration timeout) {
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	public void deliver(String clientId, URI backChannelLogoutUri, String logoutToken) {
		HttpRequest request = HttpRequest.newBuilder(backChannelLogoutUri)
			.timeout(this.timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cache-Control", "no-store")
			.POST(HttpRequest.BodyPublishers
				.ofString("logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8)))
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			if (failure != null) {
				logger.warn("Back-channel logout not delivered: client={} uri={} error={}", clientId,
						backChannelLogoutUri, failure.getClass().getSimpleName());
			}
			else if (response.statusCode() != 200 && response.statusCode() != 204) {
				logger.warn("Back-channel logout refused: client={} uri={} status={}", clientId,
						backChannelLogoutUri, response.statusCode());
			}
			else {
				logger.info("Back-channel logout delivered: client={} status={}", clientId, response.statusCode());
			}
		});
	}

}
