package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Boot's audit event repository, backed by the chained trail: every {@link AuditTrail} event (delivered by
 * Boot's {@code AuditListener}) becomes an entry, then a {@code sesame.audit} log line carrying its seq and hash.
 * What an event does not say is filled in where it is known: the commune of an agent's {@code sub} from its sign-in,
 * the client address from the request being served.
 * <p>
 * Only Sésame's event types are kept. Spring Security's own (one {@code AUTHENTICATION_SUCCESS} per bearer request
 * and per client authentication, {@code AUTHENTICATION_FAILURE} naming the typed login) would flood the chain, say
 * less than ours, and store logins of accounts that do not exist.
 */
public final class StoredAuditEvents implements AuditEventRepository {

	/**
	 * Boot's {@link #find} has no limit: it looks among the newest this many entries, as Boot's in-memory repository
	 * keeps its newest 4000, so that a call costs the same on a trail of a year. The admin API has no such bound.
	 */
	static final int FIND_WINDOW = 10_000;

	static final int MAX_DATA_VALUES = 64;

	static final int MAX_VALUE_LENGTH = 1024;

	private static final Set<String> TYPES = Arrays.stream(AuditEventType.values())
		.map(Enum::name)
		.collect(Collectors.toUnmodifiableSet());

	private final AuditStore store;

	private final Function<String, Optional<String>> communeOfAgent;

	private final AuditLogLine logLine;

	/**
	 * @param communeOfAgent the commune of an agent's {@code sub}, when the agent signed in (empty for anything
	 * else: a client id, "anonymous")
	 */
	public StoredAuditEvents(AuditStore store, Function<String, Optional<String>> communeOfAgent,
			AuditLogLine logLine) {
		this.store = store;
		this.communeOfAgent = communeOfAgent;
		this.logLine = logLine;
	}

	@Override
	public void add(AuditEvent event) {
		if (!TYPES.contains(event.getType())) {
			return;
		}
		AuditEntry draft = draft(event);
		AuditEntry stored;
		try {
			stored = this.store.append(draft);
		}
		catch (RuntimeException ex) {
			// The event still reaches the SIEM: losing it because the store is down would hide what happened then.
			// Nor does the action being recorded (a sign-in, a revocation) fail for it.
			this.logLine.unstored(draft, ex);
			return;
		}
		this.logLine.stored(stored);
	}

	private AuditEntry draft(AuditEvent event) {
		Map<String, String> data = new LinkedHashMap<>();
		flatten("", event.getData(), data);
		String principal = event.getPrincipal();
		String commune = data.remove("commune");
		if (commune == null && principal != null && !principal.isEmpty()) {
			commune = communeOfAgent(principal);
		}
		String ip = data.remove("ip");
		if (ip == null) {
			ip = currentClientAddress();
		}
		return AuditEntry.draft(event.getTimestamp(), event.getType(), principal, commune, ip, data);
	}

	private String communeOfAgent(String principal) {
		try {
			return this.communeOfAgent.apply(principal).orElse(null);
		}
		catch (RuntimeException ex) {
			// Unknown is a fine answer: the entry says what it knows.
			return null;
		}
	}

	/** Nested maps become dotted keys ({@code before.role}); everything else its text, capped. */
	private static void flatten(String prefix, Map<?, ?> values, Map<String, String> flat) {
		values.forEach((key, value) -> {
			if (value == null || flat.size() >= MAX_DATA_VALUES) {
				return;
			}
			String name = prefix + key;
			if (value instanceof Map<?, ?> nested) {
				flatten(name + ".", nested, flat);
			}
			else {
				flat.put(name, capped((value instanceof Collection<?> many)
						? many.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(value)));
			}
		});
	}

	private static String capped(String value) {
		return (value.length() <= MAX_VALUE_LENGTH) ? value : value.substring(0, MAX_VALUE_LENGTH - 1) + "…";
	}

	private static String currentClientAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

	@Override
	public List<AuditEvent> find(String principal, Instant after, String type) {
		AuditQuery query = new AuditQuery(principal, null, (type != null) ? Set.of(type) : null, after, null,
				FIND_WINDOW);
		List<AuditEvent> events = new ArrayList<>();
		for (AuditEntry entry : this.store.find(AuditQuery.newest(FIND_WINDOW))) {
			if (query.matches(entry) && (after == null || entry.at().isAfter(after))) {
				events.add(event(entry));
			}
		}
		Collections.reverse(events);
		return events;
	}

	/** The entry as Boot's audit event: commune and ip back among the data, where the caller put them. */
	static AuditEvent event(AuditEntry entry) {
		Map<String, Object> data = new LinkedHashMap<>(entry.data());
		if (entry.commune() != null) {
			data.put("commune", entry.commune());
		}
		if (entry.ip() != null) {
			data.put("ip", entry.ip());
		}
		return new AuditEvent(entry.at(), entry.principal(), entry.type(), data);
	}

}
