package fr.sesame.auth.logout;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.oidc.IssuerProperties;
import fr.sesame.auth.store.AgentAuthorizations;

@Configuration(proxyBeanMethods = false)
class LogoutConfiguration {

	@Bean
	SessionEnd sessionEnd(AgentAuthorizations authorizations, RegisteredClientRepository clients, JwtEncoder encoder,
			IssuerProperties issuer, AuditTrail audit) {
		return new SessionEnd(authorizations, clients, new LogoutTokens(encoder, issuer.issuer().toString()),
				new LogoutTokenDelivery(Duration.ofSeconds(3)), audit);
	}

	@Bean
	PostLogoutRedirects postLogoutRedirects(RegisteredClientRepository clients) {
		return new PostLogoutRedirects(clients);
	}

	@Bean
	SessionEndingLogoutHandler sessionEndingLogoutHandler(SessionEnd sessionEnd) {
		return new SessionEndingLogoutHandler(sessionEnd);
	}

}
