package fr.sesame.gateway.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each gateway started by the tests its own Reactor Netty event loops. By default they share Reactor Netty's
 * global ones, which are disposed when any context using them closes: a test class closing its own gateway
 * ({@code RedisDownTest}, the end-to-end classes) would stop the servers of the shared fixtures still used by the
 * classes after it.
 */
@Configuration(proxyBeanMethods = false)
public class OwnNettyResources {

	@Bean
	static BeanPostProcessor eventLoopsOfItsOwn() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ReactorResourceFactory resources) {
					resources.setUseGlobalResources(false);
				}
				return bean;
			}

		};
	}

}
