package fr.sesame.auth.role;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.roles.*}: how admins assign roles.
 *
 * @param zone the time zone of an expiry given as a bare date ({@code 2027-06-30} grants through that day there)
 * @param maxValidity how far ahead an expiry may be: beyond it, a typo ({@code 2207} for {@code 2027}) is refused
 * @param importMaxRows how many rows a CSV import may hold
 */
@Validated
@ConfigurationProperties("sesame.roles")
public record RoleProperties(@NotNull @DefaultValue("Europe/Paris") ZoneId zone,
		@NotNull @DefaultValue("3650d") Duration maxValidity,
		@Min(value = 1, message = "sesame.roles.import-max-rows must be between 1 and 100000") @Max(value = 100_000,
				message = "sesame.roles.import-max-rows must be between 1 and 100000") @DefaultValue("5000") int importMaxRows) {

	@AssertTrue(message = "sesame.roles.max-validity must be between 1 day and 100 years")
	boolean isMaxValiditySensible() {
		return this.maxValidity != null && this.maxValidity.compareTo(Duration.ofDays(1)) >= 0
				&& this.maxValidity.compareTo(Duration.ofDays(36_500)) <= 0;
	}

}
