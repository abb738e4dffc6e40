package fr.sesame.auth.admin.console;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;

/**
 * The admin console: server-rendered pages under {@code /console/**}, behind the login page's filter chain (password,
 * session cookie, CSRF token on every form, the script-free content security policy) and the {@link ConsoleGate}
 * (admins only, with a second factor).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration implements WebMvcConfigurer {

	private final ConsoleGate gate;

	ConsoleConfiguration(SignedInAgents signedInAgents, IndexedStanding standing, ClientRoles clientRoles,
			ConsoleProperties properties, AdminAccess access, LocaleResolver locales) {
		this.gate = new ConsoleGate(new SessionAdmins(signedInAgents, standing, clientRoles, properties.adminClient()),
				access, locales);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.gate).addPathPatterns("/console", "/console/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new ConsoleCallerArgument());
	}

	@Bean
	ConsoleDates consoleDates() {
		return new ConsoleDates();
	}

}
