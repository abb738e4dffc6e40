package fr.sesame.gateway.observability;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * The gateway's console log format ({@code logging.structured.format.console}): Spring Boot's ECS JSON, byte for
 * byte. Every line but the access log's is written by Boot's own ECS formatter; the access log's line (one per
 * request, {@link AccessLog}) is written here directly, the same JSON without Boot's generic writer: nesting the
 * dotted keys and walking the writer's members for every request cost more than the rest of the access log.
 *
 * <p>
 * A line is written here only when it is exactly what {@link AccessLog} writes: its logger, the fields of
 * {@link AccessLog#FIELDS} in that order, no exception, marker or MDC entry; and only when nothing under
 * {@code logging.structured.json} changes Boot's output. Anything else goes to Boot's formatter.
 */
public final class AccessLogFormat implements StructuredLogFormatter<ILoggingEvent> {

	/** Boot's ECS formatter, for every line not written here. */
	private final StructuredLogEncoder ecs;

	/** Whether access lines may be written here (Boot's ECS output is not customised). */
	private final boolean direct;

	/** {@code ,"process":{"pid":…,"thread":{"name":"}: the pid is the same for every line. */
	private final String process;

	/** {@code "},"service":{…},"message":}: the service is the same for every line. */
	private final String service;

	/**
	 * The fields as nested JSON: {@code fieldPrefixes[i]} comes before the value of field {@code fieldOrder[i]}
	 * (nesting groups the fields by prefix, so they are not written in the order they are logged).
	 */
	private final String[] fieldPrefixes;

	private final int[] fieldOrder;

	/** What closes the fields' objects, then {@code ecs.version}. */
	private final String end;

	public AccessLogFormat(Environment environment) {
		this.ecs = new StructuredLogEncoder();
		this.ecs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		this.ecs.setFormat("ecs");
		this.ecs.setCharset(StandardCharsets.UTF_8);
		this.ecs.start();
		this.direct = !Binder.get(environment)
			.bind("logging.structured.json", Bindable.mapOf(String.class, Object.class))
			.isBound();
		Long pid = environment.getProperty("spring.application.pid", Long.class);
		this.process = ",\"process\":{" + ((pid != null) ? "\"pid\":" + pid + "," : "") + "\"thread\":{\"name\":";
		String service = JsonWriter.<Object>of(ElasticCommonSchemaProperties.get(environment)::jsonMembers)
			.writeToString(this);
		// {"service":{…}} without its braces, or nothing when no service member was written.
		String members = service.substring(1, service.length() - 1);
		this.service = "}}" + (members.isEmpty() ? "" : "," + members) + ",\"message\":";
		Nesting nesting = new Nesting(AccessLog.FIELDS);
		this.fieldPrefixes = nesting.prefixes.toArray(String[]::new);
		this.fieldOrder = nesting.order.stream().mapToInt(Integer::intValue).toArray();
		this.end = nesting.pending + ",\"ecs\":{\"version\":\"8.11\"}}\n";
	}

	@Override
	public String format(ILoggingEvent event) {
		return isAccessLine(event) ? accessLine(event) : new String(this.ecs.encode(event), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		if (isAccessLine(event)) {
			return accessLine(event).getBytes(charset);
		}
		byte[] utf8 = this.ecs.encode(event);
		return StandardCharsets.UTF_8.equals(charset) ? utf8 : new String(utf8, StandardCharsets.UTF_8).getBytes(charset);
	}

	/** Whether the event is an access-log line as {@link AccessLog} writes it, and may be written here. */
	boolean isAccessLine(ILoggingEvent event) {
		if (!this.direct || !AccessLog.LOGGER.equals(event.getLoggerName()) || event.getThrowableProxy() != null
				|| (event.getMarkerList() != null && !event.getMarkerList().isEmpty())
				|| !event.getMDCPropertyMap().isEmpty()) {
			return false;
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs == null || pairs.size() != AccessLog.FIELDS.size()) {
			return false;
		}
		for (int i = 0; i < pairs.size(); i++) {
			KeyValuePair pair = pairs.get(i);
			Object value = pair.value;
			if (!AccessLog.FIELDS.get(i).equals(pair.key)
					|| !(value == null || value instanceof String || value instanceof Integer || value instanceof Double)) {
				return false;
			}
		}
		return true;
	}

	private String accessLine(ILoggingEvent event) {
		StringBuilder line = new StringBuilder(512);
		line.append("{\"@timestamp\":");
		string(line, event.getInstant().toString());
		line.append(",\"log\":{\"level\":");
		string(line, event.getLevel().toString());
		line.append(",\"logger\":");
		string(line, event.getLoggerName());
		line.append('}').append(this.process);
		string(line, event.getThreadName());
		line.append(this.service);
		string(line, event.getFormattedMessage());
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		for (int i = 0; i < this.fieldOrder.length; i++) {
			line.append(this.fieldPrefixes[i]);
			value(line, pairs.get(this.fieldOrder[i]).value);
		}
		return line.append(this.end).toString();
	}

	private static void value(StringBuilder line, Object value) {
		if (value == null) {
			line.append("null");
		}
		else if (value instanceof String text) {
			string(line, text);
		}
		else {
			// Integer and Double, written as Boot writes numbers: their toString().
			line.append(value);
		}
	}

	/** A JSON string, escaped exactly as Boot's {@code JsonValueWriter} does. */
	private static void string(StringBuilder line, String text) {
		line.append('"');
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			switch (ch) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\b' -> line.append("\\b");
				case '\f' -> line.append("\\f");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (Character.isISOControl(ch)) {
						line.append("\\u");
						String hex = Integer.toHexString(ch).toUpperCase(Locale.ROOT);
						line.append("0".repeat(4 - hex.length())).append(hex);
					}
					else {
						line.append(ch);
					}
				}
			}
		}
		line.append('"');
	}

	/**
	 * The JSON between the values of dotted keys nested as Boot nests them ({@code a.b} and {@code a.c} in one object
	 * {@code a}, in the order the keys first appear), worked out once.
	 */
	private static final class Nesting {

		private final List<String> prefixes = new ArrayList<>();

		private final List<Integer> order = new ArrayList<>();

		private final StringBuilder pending = new StringBuilder();

		Nesting(List<String> keys) {
			Map<String, Object> tree = new LinkedHashMap<>();
			for (int i = 0; i < keys.size(); i++) {
				String[] path = keys.get(i).split("\\.");
				Map<String, Object> node = tree;
				for (int depth = 0; depth < path.length - 1; depth++) {
					@SuppressWarnings("unchecked")
					Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(path[depth],
							(name) -> new LinkedHashMap<String, Object>());
					node = child;
				}
				node.put(path[path.length - 1], i);
			}
			// The fields follow the message: the first one has a comma before it too.
			walk(tree, true);
		}

		private void walk(Map<String, Object> node, boolean commaFirst) {
			boolean comma = commaFirst;
			for (Map.Entry<String, Object> entry : node.entrySet()) {
				if (comma) {
					this.pending.append(',');
				}
				comma = true;
				string(this.pending, entry.getKey());
				this.pending.append(':');
				if (entry.getValue() instanceof Integer index) {
					this.order.add(index);
					this.prefixes.add(this.pending.toString());
					this.pending.setLength(0);
				}
				else {
					@SuppressWarnings("unchecked")
					Map<String, Object> child = (Map<String, Object>) entry.getValue();
					this.pending.append('{');
					walk(child, false);
					this.pending.append('}');
				}
			}
		}

	}

}
