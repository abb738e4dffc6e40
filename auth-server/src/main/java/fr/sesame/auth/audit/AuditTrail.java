package fr.sesame.auth.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Where security events are recorded: each becomes a Spring Boot audit event, which the {@code AuditEventRepository}
 * ({@link StoredAuditEvents}) appends to the hash-chained trail and writes as a {@code sesame.audit} log line for the
 * SIEM. The data must never hold a password, a code, a secret or a token: only identifiers, outcomes and reasons.
 */
public final class AuditTrail {

	private final ApplicationEventPublisher events;

	public AuditTrail(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * @param principal the agent's {@code sub} (or the client id, or "anonymous")
	 * @param type one of {@link AuditEventType}
	 * @param data identifiers and outcomes, e.g. {@code commune}, {@code factor}, {@code ip}, {@code reason}; a
	 * nested map is stored as dotted keys, so that a change is {@code "before", Map.of(…), "after", Map.of(…)}.
	 * {@code commune} and {@code ip} become the entry's own fields; when absent, they are taken from the agent's
	 * sign-in and from the request being served
	 */
	public void record(String principal, AuditEventType type, Map<String, ?> data) {
		Map<String, Object> copy = new LinkedHashMap<>(data);
		this.events.publishEvent(new AuditApplicationEvent(principal, type.name(), copy));
	}

}
