package fr.sesame.auth.admin.console;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin console ({@code sesame.console}).
 *
 * @param adminClient the client whose roles make an admin ({@code syndicate-admin}, {@code commune-admin}): the one
 * the admin API's tokens are issued to, so that an agent is the same admin in the console as through the API
 */
@Validated
@ConfigurationProperties("sesame.console")
public record ConsoleProperties(
		@DefaultValue("sesame-admin") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String adminClient) {
}
