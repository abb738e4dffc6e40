package fr.sesame.auth.login;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.login.sessions.*}: how many single sign-on sessions one agent may hold at once, and how long a session
 * nobody has signed in to yet lasts, and how many of those this process keeps.
 *
 * @param maxPerAgent the most sessions an agent holds at once (browsers and devices); signing in once more ends
 * the oldest, with the tokens issued through it, so a stolen session cookie left on a shared computer does not live
 * for the session's whole lifetime, and an agent's sessions cannot pile up without bound
 * @param signInTimeout how long a session that has not signed in lasts without activity (the login page left open,
 * as Keycloak's login timeout); signed in, the session lasts {@code server.servlet.session.timeout}
 * @param maxPending with the stores in memory, the most sessions nobody has signed in to kept at once; one more ends
 * the oldest of them ({@link PendingSessionCap}). About 700 bytes each: the default holds a flood of anonymous
 * requests to 7 MB of heap
 */
@Validated
@ConfigurationProperties("sesame.login.sessions")
public record SessionLimitProperties(
		@Min(value = 1, message = "sesame.login.sessions.max-per-agent must be at least 1") @DefaultValue("10") int maxPerAgent,
		@NotNull @DefaultValue("30m") Duration signInTimeout,
		@Min(value = 100, message = "sesame.login.sessions.max-pending must be at least 100") @DefaultValue("10000") int maxPending) {

	@AssertTrue(message = "sesame.login.sessions.sign-in-timeout must be between 1s and 24h")
	public boolean isSignInTimeoutSensible() {
		return this.signInTimeout == null || (this.signInTimeout.compareTo(Duration.ofSeconds(1)) >= 0
				&& this.signInTimeout.compareTo(Duration.ofHours(24)) <= 0);
	}

}
