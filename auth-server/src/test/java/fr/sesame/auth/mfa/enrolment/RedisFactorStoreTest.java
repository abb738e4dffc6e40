package fr.sesame.auth.mfa.enrolment;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.mfa.totp.Base32;
import fr.sesame.auth.mfa.totp.TotpCheck;
import fr.sesame.auth.mfa.totp.TotpEnrolmentStart;
import fr.sesame.auth.store.TestRedis;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against the real Redis on 127.0.0.1:6379, then what only Redis shows: its keys and raw values. */
class RedisFactorStoreTest extends FactorStoreContract {

	private TestRedis redis;

	@Override
	protected FactorStore createStore(Clock clock) {
		this.redis = new TestRedis();
		return new RedisFactorStore(this.redis.template(), this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Override
	protected void expirePendingEnrolment(String sub) throws Exception {
		String key = this.redis.prefix() + "mfa:totp-pending:" + sub;
		StringRedisTemplate template = this.redis.template();
		Long ttl = template.getExpire(key, TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(PENDING_TTL.minusSeconds(30).toMillis(), PENDING_TTL.toMillis());
		// Redis keeps time by itself: rather than wait a quarter of an hour, let the key expire now.
		template.expire(key, Duration.ofMillis(1));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (Boolean.TRUE.equals(template.hasKey(key)) && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
	}

	@Test
	void keysFollowTheDocumentedLayout() {
		this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		assertThat(this.redis.keys()).containsExactly(this.redis.prefix() + "mfa:totp-pending:" + SUB);

		enrol(SUB);
		this.recovery.generate(SUB);
		this.grace.firstRequired(SUB, this.clock.instant());
		String prefix = this.redis.prefix() + "mfa:";
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(prefix + "totp:" + SUB, prefix + "recovery:" + SUB,
				prefix + "first-required:" + SUB);
		Map<Object, Object> totp = this.redis.template().opsForHash().entries(prefix + "totp:" + SUB);
		assertThat(totp).containsOnlyKeys("secret", "enrolled-at", "last-step");
		assertThat((String) totp.get("secret")).startsWith("k1:");
		assertThat(totp.get("enrolled-at")).isEqualTo(Long.toString(this.clock.instant().toEpochMilli()));
		assertThat(totp.get("last-step")).isEqualTo(Long.toString(this.reference.stepAt(this.clock.instant())));
		assertThat(this.redis.template().opsForSet().members(prefix + "recovery:" + SUB)).hasSize(10)
			.allMatch((member) -> member.matches("k1:[A-Za-z0-9_-]{43}"));

		this.totp.remove(SUB);
		this.recovery.remove(SUB);
		this.grace.clearFirstRequired(SUB);
		assertThat(this.redis.keys()).isEmpty();
	}

	@Test
	void neitherTheSecretNorTheRecoveryCodesAreReadableInRedis() {
		TotpEnrolmentStart start = this.totp.begin(SUB, "j.dupont@rivebelle.fr", "QR code");
		byte[] secret = Base32.decode(start.groupedSecret());
		String pending = this.redis.template().opsForValue().get(this.redis.prefix() + "mfa:totp-pending:" + SUB);
		assertThat(this.totp.confirm(SUB, codeAt(secret, 0))).isTrue();
		List<String> codes = this.recovery.generate(SUB);

		String stored = (String) this.redis.template().opsForHash().get(this.redis.prefix() + "mfa:totp:" + SUB, "secret");
		Set<String> members = this.redis.template().opsForSet().members(this.redis.prefix() + "mfa:recovery:" + SUB);
		List<String> forms = List.of(Base32.encode(secret), Base32.encode(secret).toLowerCase(),
				HexFormat.of().formatHex(secret), HexFormat.of().withUpperCase().formatHex(secret),
				Base64.getEncoder().encodeToString(secret), Base64.getEncoder().withoutPadding().encodeToString(secret),
				Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
		for (String value : List.of(pending, stored)) {
			for (String form : forms) {
				assertThat(value).doesNotContain(form);
			}
		}
		for (String code : codes) {
			assertThat(members.toString()).doesNotContain(code).doesNotContain(code.replace("-", ""));
		}
	}

	@Test
	void anotherReplicaSeesTheEnrolmentAndTheUsedSteps() {
		byte[] secret = enrol(SUB);
		FactorStore replica = new RedisFactorStore(this.redis.anotherClient(), this.redis.prefix());
		assertThat(replica.totp(SUB)).isPresent();
		assertThat(replica.markTotpStepUsed(SUB, replica.totp(SUB).get().sealedSecret(),
				this.reference.stepAt(this.clock.instant()))).as("the confirming step is used everywhere").isFalse();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.totp.verify(SUB, codeAt(secret, 0))).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(replica.markTotpStepUsed(SUB, replica.totp(SUB).get().sealedSecret(),
				this.reference.stepAt(this.clock.instant()))).isFalse();
	}

}
