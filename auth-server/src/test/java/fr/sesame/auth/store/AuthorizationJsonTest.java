package fr.sesame.auth.store;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AuthorizationJsonTest {

	@Test
	void storedJsonHoldsNoJavaSerialization() {
		AuthorizationJson json = new AuthorizationJson(AuthorizationFixtures.clients(), List.of());

		String written = json.write(AuthorizationFixtures.signedIn("sub-hdaubigne", Instant.now()));

		assertThat(written).startsWith("{").doesNotContain("rO0AB").contains("\"principalName\":\"sub-hdaubigne\"");
	}

	@Test
	void ownClassesInTheAttributesAreReadOnlyWhenAllowed() {
		OAuth2Authorization saved = withDetails(new SignInDetails("rivebelle", "192.0.2.10"));

		String written = new AuthorizationJson(AuthorizationFixtures.clients(), List.of()).write(saved);

		assertThatIllegalStateException()
			.isThrownBy(() -> new AuthorizationJson(AuthorizationFixtures.clients(), List.of()).read(written))
			.withMessageContaining("SecurityJacksonModule");
		OAuth2Authorization read = new AuthorizationJson(AuthorizationFixtures.clients(),
				List.of(new SignInDetailsModule()))
			.read(written);
		Authentication signedIn = read.getAttribute(Principal.class.getName());
		assertThat(signedIn.getDetails()).isEqualTo(new SignInDetails("rivebelle", "192.0.2.10"));
	}

	private static OAuth2Authorization withDetails(Object details) {
		OAuth2Authorization authorization = AuthorizationFixtures.signedIn("sub-hdaubigne", Instant.now());
		Authentication signedIn = authorization.getAttribute(Principal.class.getName());
		UsernamePasswordAuthenticationToken withDetails = UsernamePasswordAuthenticationToken
			.authenticated(signedIn.getPrincipal(), null, signedIn.getAuthorities());
		withDetails.setDetails(details);
		return OAuth2Authorization.from(authorization).attribute(Principal.class.getName(), withDetails).build();
	}

	/** Stands for the login form's details that the login package attaches to the authentication. */
	record SignInDetails(String commune, String clientIp) {
	}

	static final class SignInDetailsModule extends SecurityJacksonModule {

		@Override
		public void configurePolymorphicTypeValidator(BasicPolymorphicTypeValidator.Builder builder) {
			builder.allowIfSubType(SignInDetails.class);
		}

	}

}
