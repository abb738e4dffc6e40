package fr.sesame.auth.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.auth.startup.OwnThread;

/**
 * Posts logout tokens to relying parties' back-channel logout URIs, off the request thread: a relying party that is
 * slow or down must not delay the agent's logout, nor anyone else's.
 * <p>
 * The HTTP client is built on a thread of its own: building it initialises the JVM's TLS context (about 200 classes
 * and the CA certificates), which neither the start-up nor a logout request should wait for. A delivery asked for
 * before it is ready is sent when it is.
 */
public class LogoutTokenDelivery {

	private static final Logger logger = LoggerFactory.getLogger(LogoutTokenDelivery.class);

	private final CompletableFuture<HttpClient> http;

	private final Duration timeout;

	public LogoutTokenDelivery(Duration timeout) {
		this.timeout = timeout;
		this.http = CompletableFuture.supplyAsync(
				() -> HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build(),
				OwnThread.named("logout-http-client"));
	}

	public void deliver(String clientId, URI backChannelLogoutUri, String logoutToken) {
		HttpRequest request = HttpRequest.newBuilder(backChannelLogoutUri)
			.timeout(this.timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cache-Control", "no-store")
			.POST(HttpRequest.BodyPublishers
				.ofString("logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8)))
			.build();
		this.http.thenCompose((client) -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
			.whenComplete((response, failure) -> report(clientId, backChannelLogoutUri, response, failure));
	}

	private static void report(String clientId, URI backChannelLogoutUri, HttpResponse<Void> response,
			Throwable failure) {
		if (failure != null) {
			// What went wrong with the request, not the wrapper of the stage that waited for the client.
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			logger.warn("Back-channel logout not delivered: client={} uri={} error={}", clientId,
					backChannelLogoutUri, cause.getClass().getSimpleName());
		}
		else if (response.statusCode() != 200 && response.statusCode() != 204) {
			logger.warn("Back-channel logout refused: client={} uri={} status={}", clientId, backChannelLogoutUri,
					response.statusCode());
		}
		else {
			logger.info("Back-channel logout delivered: client={} status={}", clientId, response.statusCode());
		}
	}

}
