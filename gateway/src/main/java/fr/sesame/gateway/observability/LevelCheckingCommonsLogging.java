package fr.sesame.gateway.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Commons Logging (what Spring Framework 7 and Spring Security log through) onto SLF4J, checking the level before
 * turning a message into a string. Commons Logging 1.3's own SLF4J bridge ({@code Slf4jLogFactory}, 1.3.6 here)
 * calls {@code String.valueOf(message)} before Logback looks at the level, so every {@code LogMessage.format(...)}
 * that Spring writes at debug level on every request (request matchers, the security context found in the session,
 * with the whole token) was formatted and thrown away: about a third of the gateway's allocations per request.
 * Registered through {@code META-INF/services/org.apache.commons.logging.LogFactory}; what is logged does not change.
 */
public final class LevelCheckingCommonsLogging extends LogFactory {

	private final Map<String, Log> logs = new ConcurrentHashMap<>();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	@Override
	public Log getInstance(Class<?> type) {
		return getInstance(type.getName());
	}

	@Override
	public Log getInstance(String name) {
		return this.logs.computeIfAbsent(name, (key) -> new LevelCheckingLog(LoggerFactory.getLogger(key)));
	}

	@Override
	public Object getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public String[] getAttributeNames() {
		return this.attributes.keySet().toArray(String[]::new);
	}

	@Override
	public void removeAttribute(String name) {
		this.attributes.remove(name);
	}

	@Override
	public void setAttribute(String name, Object value) {
		if (value == null) {
			this.attributes.remove(name);
		}
		else {
			this.attributes.put(name, value);
		}
	}

	@Override
	public void release() {
		this.logs.clear();
	}

	/** One logger: the level first, the message's text only if it is going to be written. */
	static final class LevelCheckingLog implements Log {

		private static final String FQCN = LevelCheckingLog.class.getName();

		private final Logger logger;

		private final LocationAwareLogger located;

		LevelCheckingLog(Logger logger) {
			this.logger = logger;
			this.located = (logger instanceof LocationAwareLogger aware) ? aware : null;
		}

		@Override
		public boolean isTraceEnabled() {
			return this.logger.isTraceEnabled();
		}

		@Override
		public boolean isDebugEnabled() {
			return this.logger.isDebugEnabled();
		}

		@Override
		public boolean isInfoEnabled() {
			return this.logger.isInfoEnabled();
		}

		@Override
		public boolean isWarnEnabled() {
			return this.logger.isWarnEnabled();
		}

		@Override
		public boolean isErrorEnabled() {
			return this.logger.isErrorEnabled();
		}

		@Override
		public boolean isFatalEnabled() {
			return this.logger.isErrorEnabled();
		}

		@Override
		public void trace(Object message) {
			trace(message, null);
		}

		@Override
		public void trace(Object message, Throwable ex) {
			if (this.logger.isTraceEnabled()) {
				write(LocationAwareLogger.TRACE_INT, message, ex);
			}
		}

		@Override
		public void debug(Object message) {
			debug(message, null);
		}

		@Override
		public void debug(Object message, Throwable ex) {
			if (this.logger.isDebugEnabled()) {
				write(LocationAwareLogger.DEBUG_INT, message, ex);
			}
		}

		@Override
		public void info(Object message) {
			info(message, null);
		}

		@Override
		public void info(Object message, Throwable ex) {
			if (this.logger.isInfoEnabled()) {
				write(LocationAwareLogger.INFO_INT, message, ex);
			}
		}

		@Override
		public void warn(Object message) {
			warn(message, null);
		}

		@Override
		public void warn(Object message, Throwable ex) {
			if (this.logger.isWarnEnabled()) {
				write(LocationAwareLogger.WARN_INT, message, ex);
			}
		}

		@Override
		public void error(Object message) {
			error(message, null);
		}

		@Override
		public void error(Object message, Throwable ex) {
			if (this.logger.isErrorEnabled()) {
				write(LocationAwareLogger.ERROR_INT, message, ex);
			}
		}

		@Override
		public void fatal(Object message) {
			error(message, null);
		}

		@Override
		public void fatal(Object message, Throwable ex) {
			error(message, ex);
		}

		private void write(int level, Object message, Throwable ex) {
			String text = String.valueOf(message);
			if (this.located != null) {
				this.located.log(null, FQCN, level, text, null, ex);
				return;
			}
			switch (level) {
				case LocationAwareLogger.TRACE_INT -> this.logger.trace(text, ex);
				case LocationAwareLogger.DEBUG_INT -> this.logger.debug(text, ex);
				case LocationAwareLogger.INFO_INT -> this.logger.info(text, ex);
				case LocationAwareLogger.WARN_INT -> this.logger.warn(text, ex);
				default -> this.logger.error(text, ex);
			}
		}

	}

}
