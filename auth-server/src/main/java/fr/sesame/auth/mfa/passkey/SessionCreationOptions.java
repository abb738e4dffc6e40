package fr.sesame.auth.mfa.passkey;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.lang.Nullable;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps the options of a registration ceremony in the session between {@code /webauthn/register/options} and
 * {@code /webauthn/register}. Spring's own repository puts {@link PublicKeyCredentialCreationOptions} there as is, but
 * the class is not {@link Serializable} in 7.0 (spring-security issues 16328, 16431): with sessions in Redis every
 * registration would fail when the session is written. This keeps a serializable copy of what the verification reads
 * (rp, user, challenge, algorithms, user verification) and rebuilds the options from it.
 */
final class SessionCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

	static final String ATTRIBUTE = SessionCreationOptions.class.getName() + ".options";

	private static final List<PublicKeyCredentialParameters> KNOWN_ALGORITHMS = List.of(
			PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
			PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384,
			PublicKeyCredentialParameters.RS512, PublicKeyCredentialParameters.RS1);

	@Override
	public void save(HttpServletRequest request, HttpServletResponse response,
			@Nullable PublicKeyCredentialCreationOptions options) {
		if (options == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
			}
			return;
		}
		request.getSession().setAttribute(ATTRIBUTE, Snapshot.of(options));
	}

	@Nullable
	@Override
	public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object stored = (session != null) ? session.getAttribute(ATTRIBUTE) : null;
		return (stored instanceof Snapshot snapshot) ? snapshot.toOptions() : null;
	}

	/** The options as plain serializable values; byte arrays are the raw challenge and user handle. */
	record Snapshot(String rpId, String rpName, byte[] userId, String userName, String userDisplayName,
			byte[] challenge, long[] algorithms, String userVerification, String residentKey,
			long timeoutMillis) implements Serializable {

		static Snapshot of(PublicKeyCredentialCreationOptions options) {
			AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
			return new Snapshot(options.getRp().getId(), options.getRp().getName(), options.getUser().getId().getBytes(),
					options.getUser().getName(), options.getUser().getDisplayName(),
					options.getChallenge().getBytes(),
					options.getPubKeyCredParams().stream().mapToLong((p) -> p.getAlg().getValue()).toArray(),
					(selection.getUserVerification() != null) ? selection.getUserVerification().getValue()
							: UserVerificationRequirement.PREFERRED.getValue(),
					(selection.getResidentKey() != null) ? selection.getResidentKey().getValue()
							: ResidentKeyRequirement.PREFERRED.getValue(),
					(options.getTimeout() != null) ? options.getTimeout().toMillis() : 0);
		}

		PublicKeyCredentialCreationOptions toOptions() {
			PublicKeyCredentialCreationOptions.PublicKeyCredentialCreationOptionsBuilder options = PublicKeyCredentialCreationOptions
				.builder()
				.rp(PublicKeyCredentialRpEntity.builder().id(this.rpId).name(this.rpName).build())
				.user(ImmutablePublicKeyCredentialUserEntity.builder()
					.id(new Bytes(this.userId))
					.name(this.userName)
					.displayName(this.userDisplayName)
					.build())
				.challenge(new Bytes(this.challenge))
				.pubKeyCredParams(Arrays.stream(this.algorithms)
					.mapToObj((alg) -> KNOWN_ALGORITHMS.stream()
						.filter((known) -> known.getAlg().getValue() == alg)
						.findFirst()
						.orElse(null))
					.filter(Objects::nonNull)
					.toList())
				.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
					.userVerification(userVerification(this.userVerification))
					.residentKey(ResidentKeyRequirement.valueOf(this.residentKey))
					.build())
				.attestation(AttestationConveyancePreference.NONE);
			if (this.timeoutMillis > 0) {
				options.timeout(Duration.ofMillis(this.timeoutMillis));
			}
			return options.build();
		}

		private static UserVerificationRequirement userVerification(String value) {
			return Stream
				.of(UserVerificationRequirement.REQUIRED, UserVerificationRequirement.PREFERRED,
						UserVerificationRequirement.DISCOURAGED)
				.filter((known) -> known.getValue().equals(value))
				.findFirst()
				.orElse(UserVerificationRequirement.PREFERRED);
		}

	}

}
