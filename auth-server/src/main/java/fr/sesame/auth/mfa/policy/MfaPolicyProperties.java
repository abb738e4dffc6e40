package fr.sesame.auth.mfa.policy;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.AssertTrue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who must present a second factor, besides the clients that require one ({@code sesame.clients.<id>.mfa}).
 *
 * @param communes communes whose agents always need a second factor
 * @param roles roles (as granted for the requesting client) whose holders need a second factor
 * @param adminRoles roles that always need one, with no grace period: an administrator's stolen password must never
 * be enough
 * @param gracePeriod how long an agent whom a commune or role policy newly concerns may postpone enrolment; during
 * that time the agent signs in with the password alone. Client policies, admin roles and {@code acr_values} never
 * have a grace period
 */
@Validated
@ConfigurationProperties("sesame.mfa.policy")
public record MfaPolicyProperties(Set<String> communes, Set<String> roles,
		@DefaultValue({ "syndicate-admin", "commune-admin" }) Set<String> adminRoles,
		@DefaultValue("0s") Duration gracePeriod) {

	public MfaPolicyProperties {
		communes = (communes != null) ? Set.copyOf(communes) : Set.of();
		roles = (roles != null) ? Set.copyOf(roles) : Set.of();
		adminRoles = (adminRoles != null) ? Set.copyOf(adminRoles) : Set.of();
	}

	@AssertTrue(message = "sesame.mfa.policy.grace-period must be between 0 and 90 days")
	boolean isGracePeriodSensible() {
		return this.gracePeriod != null && !this.gracePeriod.isNegative()
				&& this.gracePeriod.compareTo(Duration.ofDays(90)) <= 0;
	}

}
