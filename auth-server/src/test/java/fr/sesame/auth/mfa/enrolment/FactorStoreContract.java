package fr.sesame.auth.mfa.enrolment;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.MfaProperties.TotpSettings;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.totp.Base32;
import fr.sesame.auth.mfa.totp.Totp;
import fr.sesame.auth.mfa.totp.TotpCheck;
import fr.sesame.auth.mfa.totp.TotpEnrolmentStart;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.store.TestClock;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the web flow relies on, whichever store holds the factors: TOTP enrolment and verification with their
 * replay protection, recovery codes, the grace instant. Codes are computed here from the secret the enrolment
 * page would show, as an authenticator app would.
 */
abstract class FactorStoreContract {

	protected static final String SUB = "rivebelle:5c1e0b7a-9d2f-4e0c-8f51-3a6d2b9e7c41";

	protected static final Duration PENDING_TTL = Duration.ofMinutes(15);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Ten seconds into a step, so that moving by whole steps never lands on an edge. */
	protected final TestClock clock = new TestClock(Instant.parse("2026-11-30T09:00:10.123456Z"));

	protected final Totp reference = new Totp(Totp.Algorithm.SHA1, 6, Duration.ofSeconds(30));

	protected final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

	protected FactorStore store;

	protected SecretCipher cipher;

	protected TotpFactor totp;

	protected RecoveryCodes recovery;

	protected EnrolmentGrace grace;

	/** A store on its own (for Redis: its own key prefix), empty. */
	protected abstract FactorStore createStore(Clock clock);

	/** Makes the pending enrolment of the agent expire, as time passing beyond {@link #PENDING_TTL} would. */
	protected abstract void expirePendingEnrolment(String sub) throws Exception;

	@BeforeEach
	void createFactors() {
		this.store = createStore(this.clock);
		this.cipher = SecretCipher.of(Map.of("k1", randomKey()), "k1");
		AuditTrail trail = new AuditTrail((event) -> this.audit.add(((AuditApplicationEvent) event).getAuditEvent()));
		this.totp = new TotpFactor(this.store, this.cipher,
				new TotpSettings(Totp.Algorithm.SHA1, 6, Duration.ofSeconds(30), 1, "Sésame"), PENDING_TTL, trail,
				this.clock);
		this.recovery = new RecoveryCodes(this.store, this.cipher, trail);
		this.grace = new EnrolmentGrace(this.store);
	}

	static byte[] randomKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	/** Begins and confirms an enrolment; returns the secret, as the agent's app holds it. */
	protected byte[] enrol(String sub) {
		TotpEnrolmentStart start = this.totp.begin(sub, "j.dupont@rivebelle.fr", "QR code");
		byte[] secret = Base32.decode(start.groupedSecret());
		assertThat(this.totp.confirm(sub, codeAt(secret, 0))).isTrue();
		return secret;
	}

	protected String codeAt(byte[] secret, long stepsFromNow) {
		return this.reference.code(secret, this.reference.stepAt(this.clock.instant()) + stepsFromNow);
	}

	/** A code of the right shape that is the code of no step in the window. */
	protected String wrongCode(byte[] secret) {
		List<String> window = List.of(codeAt(secret, -1), codeAt(secret, 0), codeAt(secret, 1));
		for (int i = 0;; i++) {
			String candidate = String.format("%06d", i);
			if (!window.contains(candidate)) {
				return candidate;
			}
		}
	}

	private void steps(int steps) {
		this.clock.advance(Duration.ofSeconds(30L * steps));
	}

	@Test
	void enrolmentIsPendingUntilTheFirstCodeThenVerifies() {
		TotpEnrolmentStart start = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		assertThat(start.groupedSecret()).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
		byte[] secret = Base32.decode(start.groupedSecret());
		assertThat(secret).hasSize(20);
		assertThat(start.otpauthUri())
			.startsWith("otpauth://totp/S%C3%A9same:j.dupont@rivebelle.fr?secret=" + Base32.encode(secret) + "&");
		assertThat(start.qrCodeSvg()).startsWith("<svg ").endsWith("</svg>");
		assertThat(start.toString()).doesNotContain(Base32.encode(secret).substring(0, 8));
		assertThat(this.totp.isEnrolled(SUB)).isFalse();
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.NOT_ENROLLED);

		assertThat(this.totp.confirm(SUB, wrongCode(secret))).isFalse();
		assertThat(this.totp.isEnrolled(SUB)).isFalse();
		assertThat(this.totp.confirm(SUB, codeAt(secret, 0))).isTrue();

		assertThat(this.totp.isEnrolled(SUB)).isTrue();
		assertThat(this.totp.enrolledAt(SUB)).hasValue(this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		assertThat(this.store.pendingTotp(SUB)).isEmpty();
		assertThat(this.totp.confirm(SUB, codeAt(secret, 0))).as("nothing pending any more").isFalse();
		// The code that confirmed the enrolment has been used.
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.REPLAYED);
		steps(1);
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.REPLAYED);
		steps(1);
		assertThat(this.totp.verify(SUB, wrongCode(secret))).isEqualTo(TotpCheck.WRONG);
		// Spaces as some apps show them are forgiven.
		String code = codeAt(secret, 0);
		assertThat(this.totp.verify(SUB, code.substring(0, 3) + " " + code.substring(3))).isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void oneStepEitherSideIsAcceptedNotTwo() {
		byte[] secret = enrol(SUB);
		steps(10);
		assertThat(this.totp.verify(SUB, codeAt(secret, -2))).isEqualTo(TotpCheck.WRONG);
		assertThat(this.totp.verify(SUB, codeAt(secret, 2))).isEqualTo(TotpCheck.WRONG);
		assertThat(this.totp.verify(SUB, codeAt(secret, -1))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(secret, 1))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(secret, 1))).isEqualTo(TotpCheck.REPLAYED);
	}

	@Test
	void anOlderCodeAfterANewerOneIsAReplay() {
		byte[] secret = enrol(SUB);
		steps(10);
		assertThat(this.totp.verify(SUB, codeAt(secret, 1))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.REPLAYED);
		assertThat(this.totp.verify(SUB, codeAt(secret, -1))).isEqualTo(TotpCheck.REPLAYED);
	}

	@Test
	void oneCodeTypedConcurrentlyIsAcceptedOnce() throws Exception {
		byte[] secret = enrol(SUB);
		steps(1);
		String code = codeAt(secret, 0);
		List<TotpCheck> outcomes = concurrently(8, () -> this.totp.verify(SUB, code));
		assertThat(outcomes).filteredOn(TotpCheck.ACCEPTED::equals).hasSize(1);
		assertThat(outcomes).filteredOn(TotpCheck.REPLAYED::equals).hasSize(7);
	}

	@Test
	void thePendingEnrolmentCanBeShownAgainUntilConfirmed() {
		assertThat(this.totp.pending(SUB, "j.dupont@rivebelle.fr", "QR code")).isEmpty();
		TotpEnrolmentStart start = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		TotpEnrolmentStart again = this.totp.pending(SUB, "j.dupont@rivebelle.fr", "Code QR").orElseThrow();
		assertThat(again.groupedSecret()).isEqualTo(start.groupedSecret());
		assertThat(again.otpauthUri()).isEqualTo(start.otpauthUri());
		assertThat(again.qrCodeSvg()).contains("aria-label=\"Code QR\"");
		assertThat(this.totp.confirm(SUB, codeAt(Base32.decode(again.groupedSecret()), 0))).isTrue();
		assertThat(this.totp.pending(SUB, "j.dupont@rivebelle.fr", "QR code")).isEmpty();
	}

	@Test
	void aPendingEnrolmentExpires() throws Exception {
		TotpEnrolmentStart start = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		byte[] secret = Base32.decode(start.groupedSecret());
		expirePendingEnrolment(SUB);
		assertThat(this.store.pendingTotp(SUB)).isEmpty();
		assertThat(this.totp.confirm(SUB, codeAt(secret, 0))).isFalse();
		assertThat(this.totp.isEnrolled(SUB)).isFalse();
	}

	@Test
	void aNewEnrolmentLeavesTheConfirmedOneInPlaceUntilConfirmed() {
		byte[] first = enrol(SUB);
		TotpEnrolmentStart second = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		byte[] replacement = Base32.decode(second.groupedSecret());
		steps(1);
		assertThat(this.totp.verify(SUB, codeAt(first, 0))).isEqualTo(TotpCheck.ACCEPTED);
		steps(1);
		assertThat(this.totp.confirm(SUB, codeAt(first, 0))).as("a code of the old secret").isFalse();

		// Beginning again replaces the pending secret: the one shown before no longer confirms.
		TotpEnrolmentStart third = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		byte[] latest = Base32.decode(third.groupedSecret());
		assertThat(this.totp.confirm(SUB, codeAt(replacement, 0))).isFalse();
		assertThat(this.totp.confirm(SUB, codeAt(latest, 0))).isTrue();
		steps(1);
		assertThat(this.totp.verify(SUB, codeAt(first, 0))).isEqualTo(TotpCheck.WRONG);
		assertThat(this.totp.verify(SUB, codeAt(latest, 0))).isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void agentsDoNotShareSecretsOrSteps() {
		byte[] mine = enrol(SUB);
		byte[] theirs = enrol("montclair:other-agent");
		steps(1);
		assertThat(this.totp.verify(SUB, codeAt(theirs, 0))).isEqualTo(TotpCheck.WRONG);
		assertThat(this.totp.verify("montclair:other-agent", codeAt(theirs, 0))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(this.totp.verify(SUB, codeAt(mine, 0))).isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void removeForgetsTheEnrolmentAndThePendingSecret() {
		byte[] secret = enrol(SUB);
		TotpEnrolmentStart pending = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		this.totp.remove(SUB);
		assertThat(this.totp.isEnrolled(SUB)).isFalse();
		assertThat(this.totp.enrolledAt(SUB)).isEmpty();
		steps(1);
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.NOT_ENROLLED);
		assertThat(this.totp.confirm(SUB, codeAt(Base32.decode(pending.groupedSecret()), 0))).isFalse();
	}

	@Test
	void outcomesAreAuditedWithoutCodesOrSecrets() {
		// The data is compared whole: nothing but the factor and the reason.
		byte[] secret = enrol(SUB);
		this.totp.verify(SUB, codeAt(secret, 0));
		this.totp.verify(SUB, wrongCode(secret));
		steps(1);
		this.totp.verify(SUB, codeAt(secret, 0));
		List<String> recoveryCodes = this.recovery.generate(SUB);
		this.recovery.redeem(SUB, recoveryCodes.get(0));
		this.recovery.redeem(SUB, recoveryCodes.get(0));

		assertThat(this.audit).extracting(AuditEvent::getPrincipal).containsOnly(SUB);
		assertThat(this.audit).extracting(AuditEvent::getType, AuditEvent::getData)
			.containsExactly(
					tuple(AuditEventType.MFA_ENROLLED.name(), Map.of("factor", "totp")),
					tuple(AuditEventType.MFA_FAILED.name(),
							Map.of("factor", "totp", "reason", "replayed")),
					tuple(AuditEventType.MFA_FAILED.name(),
							Map.of("factor", "totp", "reason", "wrong")),
					tuple(AuditEventType.MFA_VERIFIED.name(), Map.of("factor", "totp")),
					tuple(AuditEventType.MFA_ENROLLED.name(),
							Map.of("factor", "recovery-codes")),
					tuple(AuditEventType.MFA_VERIFIED.name(),
							Map.of("factor", "recovery-code")),
					tuple(AuditEventType.MFA_FAILED.name(),
							Map.of("factor", "recovery-code", "reason", "wrong")));
	}

	@Test
	void tenDistinctRecoveryCodesEachWorkOnce() {
		List<String> codes = this.recovery.generate(SUB);
		assertThat(codes).hasSize(10).doesNotHaveDuplicates();
		assertThat(codes).allMatch((code) -> code.matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}"));
		assertThat(this.recovery.remaining(SUB)).isEqualTo(10);
		int remaining = 10;
		for (String code : codes) {
			assertThat(this.recovery.redeem(SUB, code)).isTrue();
			assertThat(this.recovery.redeem(SUB, code)).isFalse();
			assertThat(this.recovery.remaining(SUB)).isEqualTo(--remaining);
		}
		assertThat(this.recovery.remaining(SUB)).isZero();
	}

	@Test
	void recoveryCodesForgiveCaseSpacesDashesAndLookAlikes() {
		List<String> codes = this.recovery.generate(SUB);
		assertThat(this.recovery.redeem(SUB, codes.get(0).toUpperCase())).isTrue();
		assertThat(this.recovery.redeem(SUB, " " + codes.get(1).replace("-", "  ") + " ")).isTrue();
		assertThat(this.recovery.redeem(SUB, codes.get(2).replace("-", ""))).isTrue();
		assertThat(this.recovery.redeem(SUB, codes.get(3).replace('0', 'O').replace('1', 'l'))).isTrue();
		assertThat(this.recovery.redeem(SUB, codes.get(4).substring(0, 13))).isFalse();
		assertThat(this.recovery.redeem(SUB, codes.get(4) + "0")).isFalse();
		assertThat(this.recovery.redeem(SUB, "")).isFalse();
		assertThat(this.recovery.redeem(SUB, null)).isFalse();
		assertThat(this.recovery.remaining(SUB)).isEqualTo(6);
	}

	@Test
	void aNewSetInvalidatesTheOldOne() {
		List<String> old = this.recovery.generate(SUB);
		assertThat(this.recovery.redeem(SUB, old.get(0))).isTrue();
		List<String> fresh = this.recovery.generate(SUB);
		assertThat(fresh).doesNotContainAnyElementsOf(old);
		assertThat(this.recovery.remaining(SUB)).isEqualTo(10);
		for (String code : old) {
			assertThat(this.recovery.redeem(SUB, code)).isFalse();
		}
		assertThat(this.recovery.redeem(SUB, fresh.get(9))).isTrue();
	}

	@Test
	void recoveryCodesBelongToTheirAgent() {
		List<String> mine = this.recovery.generate(SUB);
		this.recovery.generate("montclair:other-agent");
		assertThat(this.recovery.redeem("montclair:other-agent", mine.get(0))).isFalse();
		assertThat(this.recovery.remaining("montclair:other-agent")).isEqualTo(10);
		assertThat(this.recovery.redeem(SUB, mine.get(0))).isTrue();
	}

	@Test
	void oneRecoveryCodeRedeemedConcurrentlySucceedsOnce() throws Exception {
		String code = this.recovery.generate(SUB).get(0);
		List<Boolean> outcomes = concurrently(8, () -> this.recovery.redeem(SUB, code));
		assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
		assertThat(this.recovery.remaining(SUB)).isEqualTo(9);
	}

	@Test
	void removeForgetsEveryRecoveryCode() {
		List<String> codes = this.recovery.generate(SUB);
		this.recovery.remove(SUB);
		assertThat(this.recovery.remaining(SUB)).isZero();
		assertThat(this.recovery.redeem(SUB, codes.get(0))).isFalse();
		assertThat(this.recovery.remaining("nobody")).isZero();
	}

	@Test
	void firstRequiredIsSetOnceUntilCleared() {
		Instant first = this.clock.instant();
		assertThat(this.grace.firstRequired(SUB, first)).isEqualTo(first.truncatedTo(ChronoUnit.MILLIS));
		Instant later = first.plus(Duration.ofDays(3));
		assertThat(this.grace.firstRequired(SUB, later)).isEqualTo(first.truncatedTo(ChronoUnit.MILLIS));
		assertThat(this.grace.firstRequired("montclair:other-agent", later))
			.isEqualTo(later.truncatedTo(ChronoUnit.MILLIS));
		this.grace.clearFirstRequired(SUB);
		assertThat(this.grace.firstRequired(SUB, later)).isEqualTo(later.truncatedTo(ChronoUnit.MILLIS));
	}

	@Test
	void concurrentFirstRequiredAgreeOnOneInstant() throws Exception {
		Instant base = this.clock.instant();
		int[] next = { 0 };
		List<Instant> stored = concurrently(8, () -> {
			Instant mine;
			synchronized (next) {
				mine = base.plusSeconds(next[0]++);
			}
			return this.grace.firstRequired(SUB, mine);
		});
		assertThat(new HashSet<>(stored)).hasSize(1);
	}

	/** Runs the task on that many threads released at once. */
	protected static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return task.call();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
