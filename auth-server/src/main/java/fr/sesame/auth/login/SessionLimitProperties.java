package fr.sesame.auth.login;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.login.sessions.*}: how many single sign-on sessions one agent may hold at once.
 *
 * @param maxPerAgent the most sessions an agent holds at once (browsers and devices); signing in once more ends
 * the oldest, with the tokens issued through it, so a stolen session cookie left on a shared computer does not live
 * for the session's whole lifetime, and an agent's sessions cannot pile up without bound
 */
@Validated
@ConfigurationProperties("sesame.login.sessions")
public record SessionLimitProperties(
		@Min(value = 1, message = "sesame.login.sessions.max-per-agent must be at least 1") @DefaultValue("10") int maxPerAgent) {
}
