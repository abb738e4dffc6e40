package fr.sesame.auth.leaver;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.leavers}: how auth-server reads the directory events stream in Redis mode.
 *
 * @param consumerGroup the consumer group of auth-server's replicas: each event goes to one of them
 * @param claimAfter an event a replica took but did not acknowledge (it died, or handling failed) is handed to
 * another one after this long
 */
@Validated
@ConfigurationProperties("sesame.leavers")
public record LeaverProperties(
		@NotBlank(message = "sesame.leavers.consumer-group must not be blank") @DefaultValue("auth-server") String consumerGroup,
		@NotNull @DefaultValue("30s") Duration claimAfter) {
}
