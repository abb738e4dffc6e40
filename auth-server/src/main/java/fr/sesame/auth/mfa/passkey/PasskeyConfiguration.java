package fr.sesame.auth.mfa.passkey;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.oidc.IssuerProperties;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;

/**
 * Passkeys: their store per {@code sesame.store.type}, the relying party per {@code sesame.mfa.passkeys.*} (or the
 * issuer), the {@link Passkeys} that pages use, and the {@link PasskeySecondFactor} that the login chain applies.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasskeyProperties.class)
public class PasskeyConfiguration {

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	PublicKeyCredentialUserEntityRepository inMemoryPasskeyUsers() {
		return new InMemoryPasskeyUsers();
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	UserCredentialRepository inMemoryPasskeyCredentials() {
		return new InMemoryPasskeyCredentials();
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	PublicKeyCredentialUserEntityRepository redisPasskeyUsers(StringRedisTemplate redis, StoreProperties store) {
		return new RedisPasskeyUsers(redis, store.keyPrefix());
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	UserCredentialRepository redisPasskeyCredentials(StringRedisTemplate redis, StoreProperties store) {
		return new RedisPasskeyCredentials(redis, store.keyPrefix());
	}

	@Bean
	Passkeys passkeys(PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials,
			AuditTrail audit) {
		return new Passkeys(users, credentials, audit);
	}

	@Bean
	PasskeyAccess passkeyAccess(AgentFactors factors) {
		return new PasskeyAccess(factors);
	}

	// The only bean of its type: Spring's WebAuthn configurer then uses it rather than building its own.
	@Bean
	WebAuthnRelyingPartyOperations passkeyRelyingParty(PublicKeyCredentialUserEntityRepository users,
			UserCredentialRepository credentials, PasskeyProperties properties, IssuerProperties issuer,
			SignedInAgents agents, AuditTrail audit) {
		URI base = issuer.issuer();
		return new AgentRelyingParty(users, credentials, properties.rpIdFor(base), properties.allowedOriginsFor(base),
				agents, audit);
	}

	@Bean
	PasskeySecondFactor passkeySecondFactor(WebAuthnRelyingPartyOperations relyingParty,
			PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials, PasskeyAccess access,
			Passkeys passkeys, PasskeyProperties properties, IssuerProperties issuer, AuditTrail audit,
			ObjectProvider<Clock> clock) {
		URI base = issuer.issuer();
		Set<String> origins = properties.allowedOriginsFor(base);
		return new PasskeySecondFactor(properties.rpIdFor(base), origins,
				new PasskeyVerification(relyingParty, users, credentials, access, clock.getIfUnique(Clock::systemUTC)),
				new PasskeyVerified(audit), new PasskeyRefused(audit), new PasskeyCeremonyGuard(access, passkeys, audit));
	}

}
