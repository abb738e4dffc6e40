package fr.sesame.auth.throttle;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Brute-force throttling. Per-account limits come from each commune's {@code lockout-threshold} and
 * {@code lockout-window} (see the directory configuration); these settings are the rest.
 *
 * @param baseDelay delay imposed after the first failure of an account, doubled at each further failure
 * @param maxDelay cap of that delay
 * @param ipMaxFailures failures from one client IP, all accounts together, after which that IP is refused; keep it
 * high enough for a town hall whose agents share one public address
 * @param ipWindow how long an IP's failures are remembered after the last one
 */
@Validated
@ConfigurationProperties("sesame.login.throttle")
public record ThrottleProperties(@NotNull @DefaultValue("1s") Duration baseDelay,
		@NotNull @DefaultValue("30s") Duration maxDelay,
		@Min(value = 1, message = "sesame.login.throttle.ip-max-failures must be at least 1") @DefaultValue("100") int ipMaxFailures,
		@NotNull @DefaultValue("15m") Duration ipWindow) {
}
