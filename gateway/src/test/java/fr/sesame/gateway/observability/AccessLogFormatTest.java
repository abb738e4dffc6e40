package fr.sesame.gateway.observability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's line written by hand is Spring Boot's ECS line, byte for byte; every other line is Boot's own.
 */
class AccessLogFormatTest {

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private Object previousEnvironment;

	private AccessLogFormat format;

	private StructuredLogEncoder boot;

	@BeforeEach
	void formats() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "sesame-gateway")
			.withProperty("spring.application.version", "1.2.3")
			.withProperty("spring.application.pid", "4242")
			.withProperty("logging.structured.ecs.service.name", "sesame-gateway");
		this.previousEnvironment = this.context.getObject(Environment.class.getName());
		this.context.putObject(Environment.class.getName(), environment);
		this.format = new AccessLogFormat(environment);
		this.boot = new StructuredLogEncoder();
		this.boot.setContext(this.context);
		this.boot.setFormat("ecs");
		this.boot.start();
	}

	@AfterEach
	void restore() {
		if (this.previousEnvironment != null) {
			this.context.putObject(Environment.class.getName(), this.previousEnvironment);
		}
		else {
			this.context.removeObject(Environment.class.getName());
		}
	}

	@Test
	void anAccessLineIsBootsEcsLine() {
		LoggingEvent event = access("GET", "/etat-civil/actes", 200, 1.234567, "etat-civil", "allow", "browser",
				"3f1c0a7e-sub", "jdupont", "rivebelle");
		assertSame(event, true);
	}

	@Test
	void nullsNumbersAndAwkwardTextAreWrittenAsBootWritesThem() {
		assertSame(access("POST", "/a\"b\\c/\u00e9t\u00e9/\t\n\r\b\f\u0001\u007f\u0085\u2028", 499, 0.0001, "gateway",
				null, null, null, null, null), true);
		assertSame(access("GET", "/", 302, 12.0, "bench", "sign_in", "browser", null, "l\u00e9a", "montclair"), true);
		assertSame(access("GET", "/x", 503, 123456789.5, "x", "allow", "api", "s", "n", "c"), true);
	}

	@Test
	void otherLinesAreBootsOwn() {
		LoggingEvent other = new LoggingEvent("fqcn", this.context.getLogger("fr.sesame.gateway.web.ErrorPages"),
				Level.ERROR, "Request failed: GET /bench/", new IllegalStateException("boom"), null);
		other.setThreadName("reactor-http-epoll-1");
		other.setInstant(Instant.parse("2026-12-06T19:10:20.626857314Z"));
		assertSame(other, false);
	}

	@Test
	void aLineThatIsNotExactlyTheAccessLogsIsLeftToBoot() {
		LoggingEvent reordered = access("GET", "/x", 200, 1.0, "x", "allow", "api", "s", "n", "c");
		List<KeyValuePair> pairs = new ArrayList<>(reordered.getKeyValuePairs());
		pairs.add(0, pairs.remove(1));
		reordered.setKeyValuePairs(pairs);
		assertSame(reordered, false);

		LoggingEvent extra = access("GET", "/x", 200, 1.0, "x", "allow", "api", "s", "n", "c");
		extra.addKeyValuePair(new KeyValuePair("trace.id", "t"));
		assertSame(extra, false);
	}

	private void assertSame(LoggingEvent event, boolean writtenByHand) {
		assertThat(this.format.isAccessLine(event)).isEqualTo(writtenByHand);
		String expected = new String(this.boot.encode(event), StandardCharsets.UTF_8);
		assertThat(new String(this.format.formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
			.isEqualTo(expected);
		assertThat(this.format.format(event)).isEqualTo(expected);
	}

	private LoggingEvent access(Object... values) {
		LoggingEvent event = new LoggingEvent("fqcn", this.context.getLogger(AccessLog.LOGGER), Level.INFO, "access",
				null, null);
		event.setThreadName("reactor-http-epoll-2");
		event.setInstant(Instant.parse("2026-12-06T19:10:21.684624638Z"));
		List<Object> list = Arrays.asList(values);
		for (int i = 0; i < AccessLog.FIELDS.size(); i++) {
			event.addKeyValuePair(new KeyValuePair(AccessLog.FIELDS.get(i), list.get(i)));
		}
		return event;
	}

}
