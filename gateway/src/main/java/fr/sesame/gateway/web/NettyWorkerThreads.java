package fr.sesame.gateway.web;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * One Reactor Netty event-loop thread per core instead of Reactor Netty's default of at least four: every request
 * is non-blocking CPU work on these threads, so on the 2 cores a gateway gets, two more threads only add context
 * switches between the server and the upstream client (measured: 10 to 20 % less CPU per request at saturation).
 * Runs before the web server is created, for every way the gateway is started; an explicit {@code -D} value wins.
 */
public final class NettyWorkerThreads implements EnvironmentPostProcessor {

	static final String PROPERTY = "reactor.netty.ioWorkerCount";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, Integer.toString(Runtime.getRuntime().availableProcessors()));
		}
	}

}
