package fr.sesame.auth.store;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.util.Assert;

/**
 * Consents in Redis: one hash per principal ({@code consent:<principal name>}), one field per client holding the
 * consented authorities as a JSON array of strings. Consents do not expire; a leaver's consents go with one key.
 */
public final class RedisConsents implements OAuth2AuthorizationConsentService {

	private static final TypeReference<List<String>> AUTHORITIES = new TypeReference<>() {
	};

	private final StringRedisTemplate redis;

	private final JsonMapper json = JsonMapper.builder().build();

	private final String prefix;

	public RedisConsents(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		List<String> authorities = consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		this.redis.opsForHash()
			.put(key(consent.getPrincipalName()), consent.getRegisteredClientId(),
					this.json.writeValueAsString(authorities));
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.redis.opsForHash().delete(key(consent.getPrincipalName()), consent.getRegisteredClientId());
	}

	@Nullable
	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		Object stored = this.redis.opsForHash().get(key(principalName), registeredClientId);
		if (stored == null) {
			return null;
		}
		OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(registeredClientId,
				principalName);
		this.json.readValue((String) stored, AUTHORITIES)
			.forEach((authority) -> consent.authority(new SimpleGrantedAuthority(authority)));
		return consent.build();
	}

	private String key(String principalName) {
		return this.prefix + "consent:" + principalName;
	}

}
