package fr.sesame.auth.mfa.passkey;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PasskeyPropertiesTest {

	private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	private static PasskeyProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values))
			.bindOrCreate("sesame.mfa.passkeys", Bindable.of(PasskeyProperties.class));
	}

	@Test
	void defaultsComeFromTheIssuer() {
		PasskeyProperties properties = bind(Map.of());
		assertThat(VALIDATOR.validate(properties)).isEmpty();
		URI issuer = URI.create("https://sesame.syndicat.example/auth");
		assertThat(properties.rpIdFor(issuer)).isEqualTo("sesame.syndicat.example");
		assertThat(properties.allowedOriginsFor(issuer)).containsExactly("https://sesame.syndicat.example");
		assertThat(properties.allowedOriginsFor(URI.create("http://localhost:9000"))).containsExactly(
				"http://localhost:9000");
	}

	@Test
	void anRpIdOfAParentDomainCoversTheIssuer() {
		PasskeyProperties properties = bind(Map.of("sesame.mfa.passkeys.rp-id", "syndicat.example"));
		assertThat(VALIDATOR.validate(properties)).isEmpty();
		URI issuer = URI.create("https://sesame.syndicat.example");
		assertThat(properties.rpIdFor(issuer)).isEqualTo("syndicat.example");
		assertThat(properties.allowedOriginsFor(issuer)).containsExactly("https://sesame.syndicat.example");
	}

	@Test
	void anRpIdThatDoesNotCoverTheIssuerStopsTheStartUp() {
		PasskeyProperties properties = bind(Map.of("sesame.mfa.passkeys.rp-id", "autre.example"));
		assertThatIllegalStateException()
			.isThrownBy(() -> properties.allowedOriginsFor(URI.create("https://sesame.syndicat.example")))
			.withMessageContaining("sesame.mfa.passkeys.rp-id");
	}

	@Test
	void badValuesAreRefusedWithTheirKey() {
		assertThat(VALIDATOR.validate(bind(Map.of("sesame.mfa.passkeys.rp-id", "https://sesame.example"))))
			.extracting((violation) -> violation.getMessage())
			.anySatisfy((message) -> assertThat(message).contains("sesame.mfa.passkeys.rp-id"));
		for (String origin : Set.of("http://sesame.example", "https://sesame.example/login", "sesame.example",
				"https://other.example")) {
			PasskeyProperties properties = bind(Map.of("sesame.mfa.passkeys.rp-id", "sesame.example",
					"sesame.mfa.passkeys.allowed-origins[0]", origin));
			assertThat(VALIDATOR.validate(properties)).as(origin)
				.extracting((violation) -> violation.getMessage())
				.anySatisfy((message) -> assertThat(message).contains("sesame.mfa.passkeys.allowed-origins"));
		}
		PasskeyProperties good = bind(Map.of("sesame.mfa.passkeys.rp-id", "sesame.example",
				"sesame.mfa.passkeys.allowed-origins[0]", "https://login.sesame.example:8443"));
		assertThat(VALIDATOR.validate(good)).isEmpty();
		assertThat(good.allowedOriginsFor(URI.create("https://sesame.example")))
			.containsExactly("https://login.sesame.example:8443");
	}

}
