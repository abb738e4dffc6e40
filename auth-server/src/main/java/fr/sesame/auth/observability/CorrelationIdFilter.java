package fr.sesame.auth.observability;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id, put in the logging context (and so in every JSON log line) and echoed in
 * the response. An incoming {@code X-Request-Id} is reused only when it is short and plain, since it comes from the
 * network and ends up in logs.
 */
public final class CorrelationIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	static final String MDC_KEY = "correlation_id";

	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String incoming = request.getHeader(HEADER);
		String id = (incoming != null && ACCEPTABLE.matcher(incoming).matches()) ? incoming : newId();
		MDC.put(MDC_KEY, id);
		response.setHeader(HEADER, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/**
	 * A random (version 4) UUID from a non-cryptographic generator: a correlation id only has to be unique enough to
	 * find a request's log lines, not unguessable, and {@link UUID#randomUUID()} would take the JVM-wide
	 * {@code SecureRandom} lock that token, code and session id generation contend for on every request.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(high, low).toString();
	}

}
