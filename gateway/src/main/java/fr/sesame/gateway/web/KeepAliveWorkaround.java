package fr.sesame.gateway.web;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Works around reactor/reactor-netty#4361 (Reactor Netty 1.3.6, Spring Boot 4.0.7): on a keep-alive connection, a
 * request that arrives while the previous one is still terminating, and is then answered synchronously, leaves the
 * connection unread; the browser's next request waits until the connection closes. The gateway answers many requests
 * synchronously (redirects to sign-in, refusals), so browsers hit it about once in twenty sign-ins. Reactor Netty's
 * {@code lastFlushWhenNoRead} switch terminates the previous exchange before the next request is read, which closes
 * that path (measured: 0 stalls in 400 rounds of the reproducer, against 10 to 13 without). Runs before the
 * web server starts, for every way the gateway is started (main, tests); an explicit {@code -D} value wins. Remove
 * once Spring Boot brings a Reactor Netty with the fix.
 */
public final class KeepAliveWorkaround implements EnvironmentPostProcessor {

	static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

}
