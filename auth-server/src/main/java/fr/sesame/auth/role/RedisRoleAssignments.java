package fr.sesame.auth.role;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Role assignments in Redis, shared by every replica. Keys, under the configured prefix:
 * <ul>
 * <li>{@code role:assignment:<id>}: the assignment as JSON, expiring with it;</li>
 * <li>{@code role:commune:<commune>}: a sorted set of the ids that apply in the commune, scored by expiry (epoch
 * ms; no expiry scores the year 10000), so that expired ids are cut off in one command when the commune is read;</li>
 * <li>{@code role:agent:<sub>}: the same for the agent, read at every token;</li>
 * <li>{@code role:grant:<commune>:<client>:<role>:<sub>}: the id of the assignment granting exactly that, expiring
 * with it, so that two admins granting the same at once cannot both succeed.</li>
 * </ul>
 * Commune ids, client ids, role names and subs cannot hold {@code :} (their syntax is checked before they get here),
 * so keys never collide. Writes run as Lua scripts that touch keys of several hash slots: this needs a single Redis
 * (or Sentinel), not Redis Cluster, like the rest of Sésame's stores.
 */
public final class RedisRoleAssignments implements RoleAssignments {

	/** The score of an assignment without expiry: later than any expiry the admin API accepts. */
	static final long NEVER = 253_402_300_800_000L;

	// KEYS: per assignment, its grant key, its JSON key, its commune set, its agent set.
	// ARGV: now (ms), then per assignment: id, JSON, score, expiry (ms) or ''.
	private static final RedisScript<Long> ADD = RedisScript.of("""
			local now = tonumber(ARGV[1])
			local seen = {}
			for i = 0, #KEYS / 4 - 1 do
				local grant = KEYS[i * 4 + 1]
				if seen[grant] then return 0 end
				seen[grant] = true
				local holder = redis.call('GET', grant)
				if holder then
					local score = redis.call('ZSCORE', KEYS[i * 4 + 4], holder)
					if score and tonumber(score) > now then return 0 end
				end
			end
			for i = 0, #KEYS / 4 - 1 do
				local id, json, score, expiry = ARGV[i * 4 + 2], ARGV[i * 4 + 3], ARGV[i * 4 + 4], ARGV[i * 4 + 5]
				redis.call('SET', KEYS[i * 4 + 1], id)
				redis.call('SET', KEYS[i * 4 + 2], json)
				if expiry ~= '' then
					redis.call('PEXPIREAT', KEYS[i * 4 + 1], expiry)
					redis.call('PEXPIREAT', KEYS[i * 4 + 2], expiry)
				end
				redis.call('ZADD', KEYS[i * 4 + 3], score, id)
				redis.call('ZADD', KEYS[i * 4 + 4], score, id)
			end
			return 1
			""", Long.class);

	// KEYS: a commune or agent set. ARGV: now (ms). The lazy clean-up, then the ids left.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ACTIVE_IDS = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
			return redis.call('ZRANGE', KEYS[1], 0, -1)
			""", List.class);

	// KEYS: JSON key, commune set, agent set, grant key. ARGV: the JSON as read, id.
	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			redis.call('ZREM', KEYS[2], ARGV[2])
			redis.call('ZREM', KEYS[3], ARGV[2])
			if redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
			return 1
			""", Long.class);

	// KEYS: JSON key, commune set, agent set, grant key. ARGV: the JSON as read, id, new JSON, score, expiry or ''.
	private static final RedisScript<Long> CHANGE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[3])
			if ARGV[5] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[5]) end
			redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
			redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
			if redis.call('GET', KEYS[4]) == ARGV[2] then
				if ARGV[5] ~= '' then redis.call('PEXPIREAT', KEYS[4], ARGV[5]) else redis.call('PERSIST', KEYS[4]) end
			end
			return 1
			""", Long.class);

	/** A remove or change that lost a race with another admin's is tried again this many times. */
	private static final int ATTEMPTS = 3;

	private final StringRedisTemplate redis;

	private final String prefix;

	private final RoleAssignmentJson json = new RoleAssignmentJson();

	private final Clock clock;

	public RedisRoleAssignments(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		this.redis = redis;
		this.prefix = keyPrefix + "role:";
		this.clock = clock;
	}

	@Override
	public boolean add(RoleAssignment assignment) {
		return addAll(List.of(assignment));
	}

	@Override
	public boolean addAll(List<RoleAssignment> assignments) {
		if (assignments.isEmpty()) {
			return true;
		}
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.clock.instant().toEpochMilli()));
		for (RoleAssignment assignment : assignments) {
			keys.add(grantKey(assignment));
			keys.add(assignmentKey(assignment.id()));
			keys.add(communeKey(assignment.communeId()));
			keys.add(agentKey(assignment.agent().sub()));
			args.add(assignment.id());
			args.add(this.json.write(assignment));
			args.add(Long.toString(score(assignment.expiresAt())));
			args.add(expiry(assignment.expiresAt()));
		}
		Long added = this.redis.execute(ADD, keys, args.toArray());
		return added != null && added == 1L;
	}

	@Override
	public Optional<RoleAssignment> find(String communeId, String id) {
		return read(communeId, id).map(Held::assignment);
	}

	@Override
	public List<RoleAssignment> ofCommune(String communeId) {
		return active(communeKey(communeId));
	}

	@Override
	public List<RoleAssignment> ofAgent(String sub) {
		return active(agentKey(sub));
	}

	@Override
	public Optional<RoleAssignment> remove(String communeId, String id) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Optional<Held> held = read(communeId, id);
			if (held.isEmpty()) {
				return Optional.empty();
			}
			RoleAssignment assignment = held.get().assignment();
			Long removed = this.redis.execute(REMOVE, keysOf(assignment), held.get().json(), id);
			if (removed != null && removed == 1L) {
				return Optional.of(assignment);
			}
		}
		throw new IllegalStateException("Role assignment " + id + " kept changing while being removed");
	}

	@Override
	public Optional<RoleAssignment> changeExpiry(String communeId, String id, Instant expiresAt) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Optional<Held> held = read(communeId, id);
			if (held.isEmpty()) {
				return Optional.empty();
			}
			RoleAssignment changed = held.get().assignment().withExpiry(expiresAt);
			Long done = this.redis.execute(CHANGE, keysOf(changed), held.get().json(), id, this.json.write(changed),
					Long.toString(score(expiresAt)), expiry(expiresAt));
			if (done != null && done == 1L) {
				return Optional.of(changed);
			}
		}
		throw new IllegalStateException("Role assignment " + id + " kept changing while its expiry was set");
	}

	private Optional<Held> read(String communeId, String id) {
		String stored = this.redis.opsForValue().get(assignmentKey(id));
		if (stored == null) {
			return Optional.empty();
		}
		RoleAssignment assignment = this.json.read(stored);
		if (!assignment.communeId().equals(communeId) || !assignment.isActiveAt(this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(new Held(assignment, stored));
	}

	private List<RoleAssignment> active(String setKey) {
		Instant now = this.clock.instant();
		@SuppressWarnings("unchecked")
		List<String> ids = this.redis.execute(ACTIVE_IDS, List.of(setKey), Long.toString(now.toEpochMilli()));
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> values = this.redis.opsForValue().multiGet(ids.stream().map(this::assignmentKey).toList());
		List<RoleAssignment> active = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			String value = (values != null) ? values.get(i) : null;
			if (value == null) {
				// Redis expired the JSON a moment before this clock did, or a removal raced with this read.
				gone.add(ids.get(i));
				continue;
			}
			RoleAssignment assignment = this.json.read(value);
			if (assignment.isActiveAt(now)) {
				active.add(assignment);
			}
		}
		if (!gone.isEmpty()) {
			this.redis.opsForZSet().remove(setKey, gone.toArray());
		}
		active.sort(Comparator.comparing(RoleAssignment::grantedAt).thenComparing(RoleAssignment::id));
		return active;
	}

	private List<String> keysOf(RoleAssignment assignment) {
		return List.of(assignmentKey(assignment.id()), communeKey(assignment.communeId()),
				agentKey(assignment.agent().sub()), grantKey(assignment));
	}

	private String assignmentKey(String id) {
		return this.prefix + "assignment:" + id;
	}

	private String communeKey(String communeId) {
		return this.prefix + "commune:" + communeId;
	}

	private String agentKey(String sub) {
		return this.prefix + "agent:" + sub;
	}

	private String grantKey(RoleAssignment assignment) {
		return this.prefix + "grant:" + assignment.communeId() + ':' + assignment.clientId() + ':' + assignment.role()
				+ ':' + assignment.agent().sub();
	}

	private static long score(Instant expiresAt) {
		return (expiresAt != null) ? expiresAt.toEpochMilli() : NEVER;
	}

	private static String expiry(Instant expiresAt) {
		return (expiresAt != null) ? Long.toString(expiresAt.toEpochMilli()) : "";
	}

	private record Held(RoleAssignment assignment, String json) {
	}

}
