package fr.sesame.auth.mfa.enrolment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.MfaProperties;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.throttle.SecondFactorThrottle;
import fr.sesame.auth.mfa.totp.Base32;
import fr.sesame.auth.mfa.totp.Totp;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.store.TestRedis;
import fr.sesame.auth.throttle.FailedAttempts;
import fr.sesame.auth.throttle.InMemoryFailedAttempts;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sesame.mfa.*}: defaults, every refusal naming its key, and the cipher each store type gets. */
@ExtendWith(OutputCaptureExtension.class)
class MfaEnrolmentConfigurationTest {

	private static final String KEY = Base64.getEncoder().encodeToString(FactorStoreContract.randomKey());

	private TestRedis redis;

	private ApplicationContextRunner runner;

	@BeforeEach
	void prepare() {
		this.redis = new TestRedis();
		this.runner = new ApplicationContextRunner().withUserConfiguration(MfaEnrolmentConfiguration.class)
			.withBean(AuditTrail.class, () -> new AuditTrail((event) -> {
			}))
			.withBean(FailedAttempts.class, () -> new InMemoryFailedAttempts(Clock.systemUTC()))
			.withPropertyValues("sesame.store.key-prefix=" + this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void defaultsAreTheCommonAuthenticatorSettings(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MfaProperties properties = context.getBean(MfaProperties.class);
			assertThat(properties.totp().algorithm()).isEqualTo(Totp.Algorithm.SHA1);
			assertThat(properties.totp().digits()).isEqualTo(6);
			assertThat(properties.totp().period()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.totp().window()).isEqualTo(1);
			assertThat(properties.totp().issuerLabel()).isEqualTo("Sésame");
			assertThat(properties.pendingEnrolmentTtl()).isEqualTo(Duration.ofMinutes(15));
			assertThat(properties.encryptionKeys()).isEmpty();
			assertThat(properties.throttle().maxFailures()).isEqualTo(5);
			assertThat(properties.throttle().window()).isEqualTo(Duration.ofMinutes(15));

			assertThat(context).hasSingleBean(TotpFactor.class)
				.hasSingleBean(RecoveryCodes.class)
				.hasSingleBean(EnrolmentGrace.class)
				.hasSingleBean(SecondFactorThrottle.class)
				.hasSingleBean(SecretCipher.class);
			assertThat(context).getBean(FactorStore.class).isInstanceOf(InMemoryFactorStore.class);
			assertThat(context.getBean(SecretCipher.class).activeKeyId()).isEqualTo("ephemeral");
			assertThat(context.getBean(TotpFactor.class).begin("sub-1", "j.dupont@rivebelle.fr", "QR").otpauthUri())
				.endsWith("&issuer=S%C3%A9same&algorithm=SHA1&digits=6&period=30");
		});
		assertThat(output).contains("sesame.mfa.encryption-keys is not set")
			.contains("enrolments will not survive a restart");
	}

	@Test
	void settingsBindWithTheirUsualSpellings() {
		this.runner
			.withPropertyValues("sesame.mfa.totp.algorithm=sha-256", "sesame.mfa.totp.digits=8",
					"sesame.mfa.totp.period=60s", "sesame.mfa.totp.window=0", "sesame.mfa.totp.issuer-label=Syndicat",
					"sesame.mfa.pending-enrolment-ttl=5m", "sesame.mfa.throttle.max-failures=3",
					"sesame.mfa.throttle.window=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MfaProperties properties = context.getBean(MfaProperties.class);
				assertThat(properties.totp().algorithm()).isEqualTo(Totp.Algorithm.SHA256);
				assertThat(properties.throttle().window()).isEqualTo(Duration.ofHours(1));
				assertThat(context.getBean(TotpFactor.class).begin("sub-1", "a@b.fr", "QR").otpauthUri()).matches(
						"otpauth://totp/Syndicat:a@b.fr\\?secret=[A-Z2-7]{32}&issuer=Syndicat&algorithm=SHA256&digits=8&period=60");
			});
	}

	@Test
	void impossibleTotpSettingsStopTheStartWithTheKeyName() {
		assertRefused("sesame.mfa.totp.digits must be 6 or 8", "sesame.mfa.totp.digits=7");
		assertRefused("sesame.mfa.totp.window must be between 0 and 2", "sesame.mfa.totp.window=3");
		assertRefused("sesame.mfa.totp.window must be between 0 and 2", "sesame.mfa.totp.window=-1");
		assertRefused("sesame.mfa.totp.period must be a whole number of seconds", "sesame.mfa.totp.period=1500ms");
		assertRefused("sesame.mfa.totp.algorithm", "sesame.mfa.totp.algorithm=MD5");
		assertRefused("sesame.mfa.totp.issuer-label must not be empty", "sesame.mfa.totp.issuer-label= ");
		assertRefused("sesame.mfa.totp.issuer-label must not contain ':'", "sesame.mfa.totp.issuer-label=A:B");
		assertRefused("sesame.mfa.pending-enrolment-ttl must be positive", "sesame.mfa.pending-enrolment-ttl=0s");
		assertRefused("sesame.mfa.throttle.max-failures must be at least 1", "sesame.mfa.throttle.max-failures=0");
		assertRefused("sesame.mfa.throttle.window must be positive", "sesame.mfa.throttle.window=-1m");
	}

	@Test
	void impossibleKeySettingsStopTheStartWithTheKeyNameAndNeverTheKey(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("key");
		Files.writeString(file, KEY);
		assertRefused("sesame.mfa.active-encryption-key must be the id of one of sesame.mfa.encryption-keys",
				"sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=" + KEY,
				"sesame.mfa.active-encryption-key=k2");
		assertRefused("sesame.mfa.active-encryption-key must be the id of one of sesame.mfa.encryption-keys",
				"sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=" + KEY,
				"sesame.mfa.encryption-keys[1].id=k2", "sesame.mfa.encryption-keys[1].key-file=" + file);
		assertRefused("each entry of sesame.mfa.encryption-keys needs exactly one of key or key-file",
				"sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=" + KEY,
				"sesame.mfa.encryption-keys[0].key-file=" + file);
		assertRefused("each entry of sesame.mfa.encryption-keys needs exactly one of key or key-file",
				"sesame.mfa.encryption-keys[0].id=k1");
		assertRefused("sesame.mfa.encryption-keys[].key must be base64 of 32 bytes",
				"sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=c2hvcnQga2V5");
		assertRefused("every id must be set, unique, and without ':' or spaces",
				"sesame.mfa.encryption-keys[0].id=k:1", "sesame.mfa.encryption-keys[0].key=" + KEY);
		assertRefused("every id must be set, unique, and without ':' or spaces",
				"sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=" + KEY,
				"sesame.mfa.encryption-keys[1].id=k1", "sesame.mfa.encryption-keys[1].key-file=" + file,
				"sesame.mfa.active-encryption-key=k1");
		this.runner
			.withPropertyValues("sesame.mfa.encryption-keys[0].id=k1", "sesame.mfa.encryption-keys[0].key=" + KEY,
					"sesame.mfa.encryption-keys[0].key-file=" + file)
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("sesame.mfa")
				.satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain(KEY)));
	}

	@Test
	void redisModeWithoutAKeyStopsTheStartNamingTheSetting() {
		redisRunner().run((context) -> assertThat(context).getFailure()
			.hasStackTraceContaining("sesame.store.type=redis needs sesame.mfa.encryption-keys"));
	}

	@Test
	void redisModeWithAKeyFileStoresSealedSecretsInRedis(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("key");
		Files.writeString(file, KEY + "\n");
		redisRunner()
			.withPropertyValues("sesame.mfa.encryption-keys[0].id=2026-01",
					"sesame.mfa.encryption-keys[0].key-file=" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(FactorStore.class).isInstanceOf(RedisFactorStore.class);
				TotpFactor totp = context.getBean(TotpFactor.class);
				byte[] secret = Base32.decode(totp.begin("sub-1", "a@b.fr", "QR").groupedSecret());
				Totp reference = new Totp(Totp.Algorithm.SHA1, 6, Duration.ofSeconds(30));
				assertThat(totp.confirm("sub-1", reference.code(secret, reference.stepAt(Instant.now()))))
					.isTrue();
				assertThat((String) this.redis.template()
					.opsForHash()
					.get(this.redis.prefix() + "mfa:totp:sub-1", "secret")).startsWith("2026-01:");
			});
	}

	private ApplicationContextRunner redisRunner() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("sesame.store.type=redis", "spring.data.redis.host=127.0.0.1");
	}

	private void assertRefused(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining(message));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
