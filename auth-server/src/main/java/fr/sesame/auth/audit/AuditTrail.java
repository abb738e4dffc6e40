package fr.sesame.auth.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Where security events are recorded: each becomes a Spring Boot audit event (kept by the
 * {@code AuditEventRepository}) and a log line on the {@code sesame.audit} logger for the SIEM. The data must never
 * hold a password, a code, a secret or a token: only identifiers, outcomes and reasons.
 */
public final class AuditTrail {

	private static final Logger logger = LoggerFactory.getLogger("sesame.audit");

	private final ApplicationEventPublisher events;

	public AuditTrail(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * @param principal the agent's {@code sub} (or the client id, or "anonymous")
	 * @param type one of {@link AuditEventType}
	 * @param data identifiers and outcomes, e.g. {@code commune}, {@code factor}, {@code ip}, {@code reason}
	 */
	public void record(String principal, AuditEventType type, Map<String, ?> data) {
		Map<String, Object> copy = new LinkedHashMap<>(data);
		this.events.publishEvent(new AuditApplicationEvent(principal, type.name(), copy));
		logger.info("audit type={} principal={} data={}", type.name(), principal, copy);
	}

}
