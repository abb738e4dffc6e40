package fr.sesame.gateway.web;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * What went wrong, as an agent (and a metric) should hear it: one status, one message key, one label per kind of
 * failure, whatever exception carried it.
 */
public enum Failure {

	/** The upstream did not start answering within the application's response timeout. */
	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout"),

	/** The upstream refused the connection, was unreachable, or closed it before answering. */
	UPSTREAM_UNREACHABLE(HttpStatus.BAD_GATEWAY, "upstream_unreachable"),

	/** Redis (sessions, rate limits) cannot be reached: sessions fail closed. */
	STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable"),

	/** auth-server (discovery, keys, token endpoint) cannot be reached. */
	PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "provider_unavailable"),

	/** Nothing here. */
	NOT_FOUND(HttpStatus.NOT_FOUND, "not_found"),

	/** A malformed request. */
	BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad_request"),

	/** Anything else: logged with its stack trace, shown without it. */
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal");

	private final HttpStatus status;

	private final String label;

	Failure(HttpStatus status, String label) {
		this.status = status;
		this.label = label;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String label() {
		return this.label;
	}

	/**
	 * @param error what was thrown
	 * @param upstream whether the request was on its way to an application (then network errors are the
	 * application's)
	 */
	public static Failure of(Throwable error, boolean upstream) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			String type = cause.getClass().getName();
			if (type.startsWith("io.lettuce.") || type.startsWith("org.springframework.data.redis.")) {
				return STORE_UNAVAILABLE;
			}
			if (cause instanceof AuthenticationServiceException || cause instanceof JwtException
					|| cause instanceof WebClientRequestException) {
				return PROVIDER_UNAVAILABLE;
			}
			if (cause instanceof ResponseStatusException status) {
				if (status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
					return UPSTREAM_TIMEOUT;
				}
				if (status.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return NOT_FOUND;
				}
				if (cause instanceof ServerWebInputException || status.getStatusCode().is4xxClientError()) {
					return BAD_REQUEST;
				}
				if (status.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value() && upstream) {
					return UPSTREAM_UNREACHABLE;
				}
			}
			if (upstream && (cause instanceof TimeoutException || type.endsWith("ReadTimeoutException"))) {
				return UPSTREAM_TIMEOUT;
			}
			if (upstream && (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof ClosedChannelException
					|| type.endsWith("ConnectTimeoutException") || type.endsWith("PrematureCloseException")
					|| type.startsWith("io.netty.channel.") || type.endsWith(".NotFoundException"))) {
				return UPSTREAM_UNREACHABLE;
			}
		}
		return INTERNAL;
	}

}
