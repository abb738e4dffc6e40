package fr.sesame.auth.key;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Token signing keys: stored per {@code sesame.store.type}, rotated per {@code sesame.keys.*}. The authorization
 * server picks up the {@link JWKSource} (its JWKS endpoint) and the {@link JwtEncoder} (its token generator); the
 * {@link JwtDecoder} verifies our own tokens (userinfo, tests).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeyProperties.class)
public class KeyConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(KeyConfiguration.class);

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	SigningKeyStore inMemorySigningKeyStore() {
		return new InMemorySigningKeyStore();
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	SigningKeyStore redisSigningKeyStore(StringRedisTemplate redis, KeyProperties properties,
			StoreProperties store) {
		KeyCipher cipher = KeyCipher.from(properties);
		if (!cipher.seals()) {
			logger.warn("Private signing keys are stored unencrypted in Redis: set sesame.keys.encryption-key-file");
		}
		return new RedisSigningKeyStore(redis, cipher, store.keyPrefix());
	}

	@Bean
	SigningKeys signingKeys(SigningKeyStore store, KeyProperties properties, ObjectProvider<Clock> clock) {
		RotationPolicy policy = new RotationPolicy(properties.rotationPeriod(), properties.retention(),
				properties.prePublication());
		return new SigningKeys(store, policy, new SigningKeyGenerator(), clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	KeyRotationSchedule keyRotationSchedule(SigningKeys keys, KeyProperties properties) {
		return new KeyRotationSchedule(keys, properties.refreshInterval());
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return new PublishedKeys(keys);
	}

	@Bean
	SigningKeyJwtEncoder jwtEncoder(SigningKeys keys, KeyProperties properties) {
		return new SigningKeyJwtEncoder(keys, properties.ecSignatureProvider());
	}

	@Bean
	SigningReadiness signingReadiness(SigningKeys keys, SigningKeyJwtEncoder encoder) {
		return new SigningReadiness(keys, encoder);
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
		return NimbusJwtDecoder.withJwkSource(jwkSource).jwsAlgorithms((algorithms) -> {
			algorithms.add(SignatureAlgorithm.ES256);
			algorithms.add(SignatureAlgorithm.RS256);
		}).build();
	}

}
