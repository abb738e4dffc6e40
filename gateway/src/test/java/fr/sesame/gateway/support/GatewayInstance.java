package fr.sesame.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import fr.sesame.gateway.GatewayApplication;

/**
 * A gateway started in this JVM with the given settings on top of {@code application.yml}, as a replica would be:
 * its own context, its own port, its own event loops ({@link OwnNettyResources}).
 */
public final class GatewayInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private GatewayInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * @param profile {@code redis} for the Redis store, anything else (never {@code demo}) for memory
	 * @param properties settings as {@code key → value}
	 */
	public static GatewayInstance start(String profile, Map<String, ?> properties) {
		List<String> args = new ArrayList<>();
		args.add("--spring.profiles.active=" + profile);
		args.add("--logging.level.root=WARN");
		args.add("--logging.level.sesame.access=INFO");
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		if (!properties.containsKey("server.port")) {
			args.add("--server.port=0");
		}
		if (!properties.containsKey("server.address")) {
			args.add("--server.address=127.0.0.1");
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class,
				OwnNettyResources.class)
			.run(args.toArray(String[]::new));
		return new GatewayInstance(context);
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public String url(String path) {
		return "http://localhost:" + port() + path;
	}

	/** On the management port, when the instance has one ({@code management.server.port}). */
	public String managementUrl(String path) {
		return "http://127.0.0.1:" + this.context.getEnvironment().getRequiredProperty("local.management.port") + path;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
