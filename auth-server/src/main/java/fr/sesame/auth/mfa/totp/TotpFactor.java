package fr.sesame.auth.mfa.totp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.MfaProperties.TotpSettings;
import fr.sesame.auth.mfa.enrolment.FactorStore;
import fr.sesame.auth.mfa.enrolment.FactorStore.TotpEnrolment;
import fr.sesame.auth.mfa.enrolment.SecretCipher;

/**
 * The TOTP factor of agents: enrolment and verification; the only class the web layer calls. A new secret stays
 * pending until the agent types its first code, so an abandoned enrolment never replaces a working one. Each time
 * step is accepted at most once per agent (RFC 6238 section 5.2), across replicas. Throttling wrong codes is the
 * caller's business ({@code SecondFactorThrottle}); this class records every outcome in the audit trail, never the
 * code or the secret.
 */
public final class TotpFactor {

	/** 160 bits: the HMAC-SHA1 output size, what RFC 4226 section 4 recommends. */
	private static final int SECRET_BYTES = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Map<String, String> TOTP = Map.of("factor", "totp");

	private final FactorStore store;

	private final SecretCipher cipher;

	private final Totp totp;

	private final int window;

	private final String issuer;

	private final Duration pendingTtl;

	private final AuditTrail audit;

	private final Clock clock;

	public TotpFactor(FactorStore store, SecretCipher cipher, TotpSettings settings, Duration pendingTtl,
			AuditTrail audit, Clock clock) {
		this.store = store;
		this.cipher = cipher;
		this.totp = new Totp(settings.algorithm(), settings.digits(), settings.period());
		this.window = settings.window();
		this.issuer = settings.issuerLabel();
		this.pendingTtl = pendingTtl;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Draws a new random 160-bit secret and keeps it pending (sealed) for the pending-enrolment TTL, replacing a
	 * previous pending one. A confirmed enrolment is untouched until {@link #confirm}.
	 * @param accountName what the authenticator app shows, e.g. {@code j.dupont@rivebelle.fr}
	 * @param qrTitle the accessible name of the QR code, in the page's language
	 */
	public TotpEnrolmentStart begin(String sub, String accountName, String qrTitle) {
		byte[] secret = new byte[SECRET_BYTES];
		RANDOM.nextBytes(secret);
		try {
			this.store.savePendingTotp(sub, this.cipher.seal(secret, sub), this.pendingTtl);
			return shown(secret, accountName, qrTitle);
		}
		finally {
			Arrays.fill(secret, (byte) 0);
		}
	}

	/**
	 * The enrolment in progress, shown again (after a mistyped first code, a reload): the agent may have scanned it
	 * already, so it must not change under its feet. Empty when nothing is pending.
	 */
	public Optional<TotpEnrolmentStart> pending(String sub, String accountName, String qrTitle) {
		return this.store.pendingTotp(sub).map((sealed) -> {
			byte[] secret = this.cipher.open(sealed, sub);
			try {
				return shown(secret, accountName, qrTitle);
			}
			finally {
				Arrays.fill(secret, (byte) 0);
			}
		});
	}

	private TotpEnrolmentStart shown(byte[] secret, String accountName, String qrTitle) {
		String base32 = Base32.encode(secret);
		String uri = OtpauthUri.of(this.issuer, accountName, base32, this.totp);
		return new TotpEnrolmentStart(Base32.grouped(base32), uri, QrCodeSvg.render(uri, qrTitle));
	}

	/**
	 * Checks a code against the pending secret, within the window. On success the pending secret becomes the
	 * enrolled one (replacing any previous enrolment), the matched step counts as used, and nothing is pending any
	 * more.
	 * @return false when the code is wrong, or nothing is pending (expired, never begun, already confirmed)
	 */
	public boolean confirm(String sub, String code) {
		Optional<String> pending = this.store.pendingTotp(sub);
		if (pending.isEmpty()) {
			return false;
		}
		Instant now = this.clock.instant();
		OptionalLong step = matchingStep(pending.get(), sub, code, now);
		if (step.isEmpty()
				|| !this.store.confirmTotp(sub, pending.get(), now.truncatedTo(ChronoUnit.MILLIS), step.getAsLong())) {
			return false;
		}
		this.audit.record(sub, AuditEventType.MFA_ENROLLED, TOTP);
		return true;
	}

	/**
	 * Checks a code against the enrolled secret, within the window. The step of an accepted code is recorded
	 * atomically: the same code (or an older one) is then {@link TotpCheck#REPLAYED}, even when typed at the same
	 * moment on another replica.
	 */
	public TotpCheck verify(String sub, String code) {
		Optional<TotpEnrolment> enrolment = this.store.totp(sub);
		if (enrolment.isEmpty()) {
			return TotpCheck.NOT_ENROLLED;
		}
		String sealed = enrolment.get().sealedSecret();
		OptionalLong step = matchingStep(sealed, sub, code, this.clock.instant());
		if (step.isEmpty()) {
			this.audit.record(sub, AuditEventType.MFA_FAILED, Map.of("factor", "totp", "reason", "wrong"));
			return TotpCheck.WRONG;
		}
		if (!this.store.markTotpStepUsed(sub, sealed, step.getAsLong())) {
			this.audit.record(sub, AuditEventType.MFA_FAILED, Map.of("factor", "totp", "reason", "replayed"));
			return TotpCheck.REPLAYED;
		}
		this.audit.record(sub, AuditEventType.MFA_VERIFIED, TOTP);
		return TotpCheck.ACCEPTED;
	}

	public boolean isEnrolled(String sub) {
		return this.store.totp(sub).isPresent();
	}

	public Optional<Instant> enrolledAt(String sub) {
		return this.store.totp(sub).map(TotpEnrolment::enrolledAt);
	}

	/**
	 * Removes the enrolled and any pending secret. Not audited here: the caller knows whether the agent
	 * ({@code MFA_CHANGED}) or an admin ({@code MFA_RESET}) did it.
	 */
	public void remove(String sub) {
		this.store.removeTotp(sub);
	}

	private OptionalLong matchingStep(String sealed, String sub, String code, Instant now) {
		byte[] secret = this.cipher.open(sealed, sub);
		try {
			return this.totp.matchingStep(secret, normalise(code), now, this.window);
		}
		finally {
			Arrays.fill(secret, (byte) 0);
		}
	}

	/** Agents copy codes with the spaces some apps display ("123 456"); nothing else is forgiven. */
	private static String normalise(String code) {
		if (code == null) {
			return "";
		}
		StringBuilder digits = new StringBuilder(code.length());
		for (int i = 0; i < code.length(); i++) {
			char c = code.charAt(i);
			if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
				digits.append(c);
			}
		}
		return digits.toString();
	}

}
