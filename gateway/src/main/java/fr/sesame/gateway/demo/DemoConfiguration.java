package fr.sesame.gateway.demo;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo profile's upstream applications, started with the gateway ({@code sesame.demo.upstreams.port}, default
 * 8081, on 127.0.0.1).
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoConfiguration {

	@Bean
	DemoUpstreams demoUpstreams(@Value("${sesame.demo.upstreams.host:127.0.0.1}") String host,
			@Value("${sesame.demo.upstreams.port:8081}") int port, JsonMapper json) {
		return new DemoUpstreams(host, port, json);
	}

}
