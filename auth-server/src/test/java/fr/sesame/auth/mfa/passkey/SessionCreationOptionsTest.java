package fr.sesame.auth.mfa.passkey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;

import static org.assertj.core.api.Assertions.assertThat;

/** The registration options survive Java serialization, as Spring Session's Redis repository stores attributes. */
class SessionCreationOptionsTest {

	private final SessionCreationOptions repository = new SessionCreationOptions();

	@Test
	void optionsComeBackFromASerializedSession() throws Exception {
		PublicKeyCredentialCreationOptions options = PublicKeyCredentialCreationOptions.builder()
			.rp(PublicKeyCredentialRpEntity.builder().id("sesame.example").name("Sésame").build())
			.user(ImmutablePublicKeyCredentialUserEntity.builder()
				.id(Bytes.random())
				.name("0123456789abcdef0123456789abcdef")
				.displayName("Jean Dupont (jdupont@rivebelle.fr)")
				.build())
			.challenge(Bytes.random())
			.pubKeyCredParams(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
					PublicKeyCredentialParameters.RS256)
			.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
				.userVerification(UserVerificationRequirement.REQUIRED)
				.residentKey(ResidentKeyRequirement.PREFERRED)
				.build())
			.attestation(AttestationConveyancePreference.NONE)
			.timeout(Duration.ofMinutes(5))
			.build();
		MockHttpServletRequest request = new MockHttpServletRequest();
		this.repository.save(request, new MockHttpServletResponse(), options);

		Object stored = request.getSession().getAttribute(SessionCreationOptions.ATTRIBUTE);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(stored);
		}
		Object read;
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			read = in.readObject();
		}
		MockHttpServletRequest next = new MockHttpServletRequest();
		next.getSession().setAttribute(SessionCreationOptions.ATTRIBUTE, read);

		PublicKeyCredentialCreationOptions loaded = this.repository.load(next);
		assertThat(loaded.getRp().getId()).isEqualTo("sesame.example");
		assertThat(loaded.getRp().getName()).isEqualTo("Sésame");
		assertThat(loaded.getUser().getId()).isEqualTo(options.getUser().getId());
		assertThat(loaded.getUser().getName()).isEqualTo(options.getUser().getName());
		assertThat(loaded.getUser().getDisplayName()).isEqualTo(options.getUser().getDisplayName());
		assertThat(loaded.getChallenge()).isEqualTo(options.getChallenge());
		assertThat(loaded.getPubKeyCredParams()).containsExactlyElementsOf(options.getPubKeyCredParams());
		assertThat(loaded.getAuthenticatorSelection().getUserVerification())
			.isEqualTo(UserVerificationRequirement.REQUIRED);
		assertThat(loaded.getTimeout()).isEqualTo(Duration.ofMinutes(5));

		this.repository.save(next, new MockHttpServletResponse(), null);
		assertThat(this.repository.load(next)).as("used once").isNull();
	}

}
