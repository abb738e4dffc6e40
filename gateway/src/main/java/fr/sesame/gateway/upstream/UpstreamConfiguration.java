package fr.sesame.gateway.upstream;

import java.util.List;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client that relays requests to the upstreams: Spring Cloud Gateway's, configured by its
 * {@code spring.cloud.gateway.server.webflux.httpclient.*} keys, with the elastic pool (the gateway's setting) kept
 * per event loop ({@link LoopLocalConnections}). A fixed pool stays one pool, so that its maximum holds as configured.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamConfiguration {

	@Bean
	HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties server,
			List<HttpClientCustomizer> customizers, HttpClientSslConfigurer ssl) {
		return new HttpClientFactory(properties, server, ssl, customizers) {

			@Override
			protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
				if (properties.getPool().getType() != HttpClientProperties.Pool.PoolType.ELASTIC) {
					return super.buildConnectionProvider(properties);
				}
				return new LoopLocalConnections(() -> super.buildConnectionProvider(properties));
			}

		};
	}

}
