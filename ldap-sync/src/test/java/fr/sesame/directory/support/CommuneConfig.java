package fr.sesame.directory.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.commune.DirectoryProperties;
import fr.sesame.directory.connector.DirectoryMetrics;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;

/**
 * One commune's keys as they would be written under {@code sesame.directory.communes[0]}, bound the way Spring Boot
 * binds the real configuration.
 */
public final class CommuneConfig {

	private final Map<String, String> keys = new LinkedHashMap<>();

	public CommuneConfig set(String key, String value) {
		this.keys.put(key, value);
		return this;
	}

	public CommuneConfig remove(String key) {
		this.keys.remove(key);
		return this;
	}

	/** The keys, relative to the commune ({@code id}, {@code urls[0]}…), in the order they were set. */
	public Map<String, String> keys() {
		return Collections.unmodifiableMap(this.keys);
	}

	public CommuneDirectoryProperties bind() {
		Map<String, String> full = new LinkedHashMap<>();
		this.keys.forEach((key, value) -> full.put("sesame.directory.communes[0]." + key, value));
		return new Binder(new MapConfigurationPropertySource(full))
			.bindOrCreate("sesame.directory", DirectoryProperties.class)
			.communes()
			.get(0);
	}

	/** {@code key=value} pairs for {@code ApplicationContextRunner.withPropertyValues}, at the given index. */
	public String[] asPropertyValues(int index) {
		return this.keys.entrySet()
			.stream()
			.map((entry) -> "sesame.directory.communes[" + index + "]." + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	public UnboundIdDirectoryConnector connector() {
		return connector(null);
	}

	public UnboundIdDirectoryConnector connector(MeterRegistry registry) {
		CommuneDirectoryProperties properties = bind();
		List<String> urls = properties.urls();
		return UnboundIdDirectoryConnector.open(properties, urls, properties.bindPassword(),
				new DirectoryMetrics(registry, properties.id()), DirectoryProperties.communeKey(0));
	}

}
