package fr.sesame.auth.mfa.enrolment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Second factors in Redis, shared by every replica. Per agent: {@code mfa:totp:<sub>} (hash: {@code secret},
 * {@code enrolled-at} in epoch milliseconds, {@code last-step}), {@code mfa:totp-pending:<sub>} (the sealed pending
 * secret, expiring), {@code mfa:recovery:<sub>} (set of recovery code hashes) and {@code mfa:first-required:<sub>}
 * (epoch milliseconds). Every check-and-update is a Lua script, which Redis runs without interleaving.
 */
public final class RedisFactorStore implements FactorStore {

	private static final RedisScript<Long> CONFIRM_TOTP = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then
				return 0
			end
			redis.call('DEL', KEYS[1], KEYS[2])
			redis.call('HSET', KEYS[2], 'secret', ARGV[1], 'enrolled-at', ARGV[2], 'last-step', ARGV[3])
			return 1
			""", Long.class);

	private static final RedisScript<Long> MARK_STEP_USED = RedisScript.of("""
			local stored = redis.call('HMGET', KEYS[1], 'secret', 'last-step')
			if stored[1] ~= ARGV[1] then
				return 0
			end
			if stored[2] and tonumber(stored[2]) >= tonumber(ARGV[2]) then
				return 0
			end
			redis.call('HSET', KEYS[1], 'last-step', ARGV[2])
			return 1
			""", Long.class);

	private static final RedisScript<Long> REPLACE_SET = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			if #ARGV > 0 then
				redis.call('SADD', KEYS[1], unpack(ARGV))
			end
			return #ARGV
			""", Long.class);

	private static final RedisScript<Long> REMOVE_FIRST_MEMBER = RedisScript.of("""
			for _, member in ipairs(ARGV) do
				if redis.call('SREM', KEYS[1], member) == 1 then
					return 1
				end
			end
			return 0
			""", Long.class);

	private static final RedisScript<String> GET_OR_SET = RedisScript.of("""
			local stored = redis.call('GET', KEYS[1])
			if stored then
				return stored
			end
			redis.call('SET', KEYS[1], ARGV[1])
			return ARGV[1]
			""", String.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	public RedisFactorStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "mfa:";
	}

	@Override
	public void savePendingTotp(String sub, String sealedSecret, Duration ttl) {
		this.redis.opsForValue().set(pendingKey(sub), sealedSecret, ttl.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public Optional<String> pendingTotp(String sub) {
		return Optional.ofNullable(this.redis.opsForValue().get(pendingKey(sub)));
	}

	@Override
	public boolean confirmTotp(String sub, String sealedSecret, Instant enrolledAt, long usedStep) {
		Long confirmed = this.redis.execute(CONFIRM_TOTP, List.of(pendingKey(sub), totpKey(sub)), sealedSecret,
				Long.toString(enrolledAt.toEpochMilli()), Long.toString(usedStep));
		return confirmed != null && confirmed == 1;
	}

	@Override
	public Optional<TotpEnrolment> totp(String sub) {
		List<Object> values = this.redis.opsForHash()
			.multiGet(totpKey(sub), List.of("secret", "enrolled-at", "last-step"));
		if (values.get(0) == null || values.get(1) == null || values.get(2) == null) {
			return Optional.empty();
		}
		return Optional.of(new TotpEnrolment((String) values.get(0),
				Instant.ofEpochMilli(Long.parseLong((String) values.get(1))), Long.parseLong((String) values.get(2))));
	}

	@Override
	public boolean markTotpStepUsed(String sub, String sealedSecret, long step) {
		Long marked = this.redis.execute(MARK_STEP_USED, List.of(totpKey(sub)), sealedSecret, Long.toString(step));
		return marked != null && marked == 1;
	}

	@Override
	public void removeTotp(String sub) {
		this.redis.delete(List.of(totpKey(sub), pendingKey(sub)));
	}

	@Override
	public void replaceRecoveryCodes(String sub, Set<String> hashes) {
		this.redis.execute(REPLACE_SET, List.of(recoveryKey(sub)), hashes.toArray());
	}

	@Override
	public boolean consumeRecoveryCode(String sub, Collection<String> candidateHashes) {
		Long removed = this.redis.execute(REMOVE_FIRST_MEMBER, List.of(recoveryKey(sub)),
				new ArrayList<>(candidateHashes).toArray());
		return removed != null && removed == 1;
	}

	@Override
	public int recoveryCodesLeft(String sub) {
		Long size = this.redis.opsForSet().size(recoveryKey(sub));
		return (size != null) ? size.intValue() : 0;
	}

	@Override
	public void removeRecoveryCodes(String sub) {
		this.redis.delete(recoveryKey(sub));
	}

	@Override
	public Instant firstRequired(String sub, Instant now) {
		String stored = this.redis.execute(GET_OR_SET, List.of(firstRequiredKey(sub)),
				Long.toString(now.toEpochMilli()));
		return Instant.ofEpochMilli(Long.parseLong(stored));
	}

	@Override
	public void clearFirstRequired(String sub) {
		this.redis.delete(firstRequiredKey(sub));
	}

	private String totpKey(String sub) {
		return this.prefix + "totp:" + sub;
	}

	private String pendingKey(String sub) {
		return this.prefix + "totp-pending:" + sub;
	}

	private String recoveryKey(String sub) {
		return this.prefix + "recovery:" + sub;
	}

	private String firstRequiredKey(String sub) {
		return this.prefix + "first-required:" + sub;
	}

}
