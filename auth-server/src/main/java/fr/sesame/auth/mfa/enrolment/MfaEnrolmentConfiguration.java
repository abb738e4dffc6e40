package fr.sesame.auth.mfa.enrolment;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.MfaProperties;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.throttle.SecondFactorThrottle;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreConfiguration;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.auth.throttle.FailedAttempts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Second factors: their store per {@code sesame.store.type}, the cipher of their secrets per
 * {@code sesame.mfa.encryption-keys}, and what the web flow calls ({@link TotpFactor}, {@link RecoveryCodes},
 * {@link EnrolmentGrace}, {@link SecondFactorThrottle}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MfaProperties.class, StoreProperties.class })
public class MfaEnrolmentConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MfaEnrolmentConfiguration.class);

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	SecretCipher inMemoryMfaSecretCipher(MfaProperties properties) {
		if (properties.encryptionKeys().isEmpty()) {
			logger.warn("sesame.mfa.encryption-keys is not set: TOTP secrets are sealed with a random key that "
					+ "lives as long as this process, so enrolments will not survive a restart");
			return SecretCipher.ephemeral();
		}
		return SecretCipher.from(properties);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	SecretCipher redisMfaSecretCipher(MfaProperties properties) {
		// A random key would make every enrolment unreadable after a restart or on another replica, and an
		// unencrypted secret in Redis is a second factor anyone with a dump holds: refuse to start instead.
		if (properties.encryptionKeys().isEmpty()) {
			throw new IllegalStateException("sesame.store.type=redis needs sesame.mfa.encryption-keys, the keys "
					+ "that encrypt TOTP secrets in Redis: set sesame.mfa.encryption-keys[0].id and "
					+ "sesame.mfa.encryption-keys[0].key-file (a file holding `openssl rand -base64 32`)");
		}
		return SecretCipher.from(properties);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	FactorStore inMemoryFactorStore(ObjectProvider<Clock> clock) {
		return new InMemoryFactorStore(clock(clock));
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	FactorStore redisFactorStore(ObjectProvider<StringRedisTemplate> redis, StoreProperties store) {
		StringRedisTemplate template = StoreConfiguration.redis(redis, "second factors");
		return new RedisFactorStore(template, store.keyPrefix());
	}

	@Bean
	TotpFactor totpFactor(FactorStore store, SecretCipher cipher, MfaProperties properties, AuditTrail audit,
			ObjectProvider<Clock> clock) {
		return new TotpFactor(store, cipher, properties.totp(), properties.pendingEnrolmentTtl(), audit,
				clock(clock));
	}

	@Bean
	RecoveryCodes recoveryCodes(FactorStore store, SecretCipher cipher, AuditTrail audit) {
		return new RecoveryCodes(store, cipher, audit);
	}

	@Bean
	EnrolmentGrace enrolmentGrace(FactorStore store) {
		return new EnrolmentGrace(store);
	}

	@Bean
	SecondFactorThrottle secondFactorThrottle(FailedAttempts attempts, MfaProperties properties,
			ObjectProvider<Clock> clock) {
		return new SecondFactorThrottle(attempts, properties.throttle(), clock(clock));
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

}
