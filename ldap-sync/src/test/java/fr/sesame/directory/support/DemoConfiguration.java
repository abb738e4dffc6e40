package fr.sesame.directory.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Adds {@code classpath:demo/demo-communes.yml} to a context's environment, as {@code spring.config.import} would. */
public final class DemoConfiguration implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("demo-communes",
					new ClassPathResource("demo/demo-communes.yml"))) {
				context.getEnvironment().getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
