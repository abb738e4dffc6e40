package fr.sesame.gateway.session;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.store.*}, the same switch as auth-server's.
 *
 * @param type {@code memory} (default) or {@code redis} (through {@code spring.data.redis.*}; the {@code redis}
 * profile sets it)
 * @param keyPrefix prefix of every Redis key the gateway writes; the redis profile derives Spring Session's
 * namespace from it ({@code <prefix>session})
 */
@Validated
@ConfigurationProperties("sesame.store")
public record StoreProperties(
		@NotNull(message = "sesame.store.type must be memory or redis") @DefaultValue("memory") StoreType type,
		@NotNull @Pattern(regexp = "[^\\s*?\\[\\]]+",
				message = "sesame.store.key-prefix must be non-empty, without spaces or Redis glob characters") @DefaultValue("sesame:gateway:") String keyPrefix) {

}
