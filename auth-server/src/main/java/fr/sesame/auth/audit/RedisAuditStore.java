package fr.sesame.auth.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The audit trail in Redis, shared by every replica. Keys:
 * <ul>
 * <li>{@code audit:trail}: a stream, one entry per event, its id given by Redis; fields {@code seq}, {@code at},
 * {@code type}, {@code principal}, {@code commune} and {@code ip} when known, {@code prev}, {@code hash}, and
 * {@code d:<key>} per data value;</li>
 * <li>{@code audit:head}: a hash {@code seq}, {@code hash}, {@code id} of the newest entry;</li>
 * <li>{@code audit:anchor}: a hash {@code seq}, {@code hash}, {@code seal} of the last entry deleted by retention.</li>
 * </ul>
 * <p>
 * No forks across replicas: the hash is computed here (Redis never sees the chain key), then a script appends the
 * entry only if the head is still the one it was linked to, and moves the head in the same step. Redis runs a script
 * without interleaving, so for every seq exactly one entry is ever written, chained to the entry written just
 * before it, and the stream order is the chain order. A replica that lost the race gets the new head back from the
 * script, links again and retries; every lost race is another replica's success, so appends always progress. In one
 * process a lock makes appends take turns, so races happen only between replicas, and the head of the last append
 * is remembered: an append is one round trip.
 */
public final class RedisAuditStore implements AuditStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisAuditStore.class);

	private static final RedisScript<List> APPEND = RedisScript.of("""
			local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
			local seq = head[1] or '0'
			local hash = head[2] or ''
			if seq ~= ARGV[1] or hash ~= ARGV[2] then
				return {0, seq, hash}
			end
			local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 5))
			redis.call('HSET', KEYS[2], 'seq', ARGV[3], 'hash', ARGV[4], 'id', id)
			return {1, id}
			""", List.class);

	// Moves the anchor forward to an entry checked by the caller, then deletes every entry up to it, in one step:
	// the anchor never points past what is kept, nor behind what is gone.
	private static final RedisScript<Long> TRIM = RedisScript.of("""
			local current = redis.call('HGET', KEYS[2], 'seq')
			if current and tonumber(current) >= tonumber(ARGV[2]) then
				return 0
			end
			local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
			if #found == 0 then
				return -1
			end
			local fields = found[1][2]
			local seq, hash
			for i = 1, #fields, 2 do
				if fields[i] == 'seq' then seq = fields[i + 1] elseif fields[i] == 'hash' then hash = fields[i + 1] end
			end
			if seq ~= ARGV[2] or hash ~= ARGV[3] then
				return -1
			end
			redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'hash', ARGV[3], 'seal', ARGV[4])
			return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[5])
			""", Long.class);

	private static final int MAX_ATTEMPTS = 50;

	private static final int PAGE = 500;

	private static final String MIN_ID = "0-0";

	private static final String MAX_SEQUENCE = "18446744073709551615";

	private static final String MAX_ID = MAX_SEQUENCE + "-" + MAX_SEQUENCE;

	// Stream ids carry Redis's clock, entries the replica's: time filters read this much more, then filter exactly.
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private static final String DATA = "d:";

	private final StringRedisTemplate redis;

	private final AuditChain chain;

	private final String trailKey;

	private final String headKey;

	private final String anchorKey;

	private final Object appendLock = new Object();

	private Head knownHead;

	public RedisAuditStore(StringRedisTemplate redis, String keyPrefix, AuditChain chain) {
		this.redis = redis;
		this.chain = chain;
		this.trailKey = keyPrefix + "audit:trail";
		this.headKey = keyPrefix + "audit:head";
		this.anchorKey = keyPrefix + "audit:anchor";
	}

	@Override
	public AuditEntry append(AuditEntry draft) {
		synchronized (this.appendLock) {
			Head head = (this.knownHead != null) ? this.knownHead : readHead();
			this.knownHead = null;
			for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				AuditEntry entry = this.chain.link(draft, head.seq, head.hash);
				List<String> args = new ArrayList<>();
				args.add(Long.toString(head.seq));
				args.add(head.hash);
				args.add(Long.toString(entry.seq()));
				args.add(entry.hash());
				fields(entry, args);
				List<?> result = this.redis.execute(APPEND, List.of(this.trailKey, this.headKey), args.toArray());
				if (((Number) result.get(0)).longValue() == 1) {
					this.knownHead = new Head(entry.seq(), entry.hash());
					return entry.withId((String) result.get(1));
				}
				head = new Head(Long.parseLong((String) result.get(1)), (String) result.get(2));
			}
			throw new IllegalStateException("The audit entry could not be appended: the trail's head moved "
					+ MAX_ATTEMPTS + " times in a row");
		}
	}

	private Head readHead() {
		List<Object> values = this.redis.opsForHash().multiGet(this.headKey, List.of("seq", "hash"));
		if (values.get(0) == null || values.get(1) == null) {
			return new Head(0, AuditEntry.GENESIS);
		}
		return new Head(Long.parseLong((String) values.get(0)), (String) values.get(1));
	}

	private static void fields(AuditEntry entry, List<String> args) {
		add(args, "seq", Long.toString(entry.seq()));
		add(args, "at", entry.at().toString());
		add(args, "type", entry.type());
		add(args, "principal", entry.principal());
		if (entry.commune() != null) {
			add(args, "commune", entry.commune());
		}
		if (entry.ip() != null) {
			add(args, "ip", entry.ip());
		}
		add(args, "prev", entry.prev());
		add(args, "hash", entry.hash());
		entry.data().forEach((key, value) -> add(args, DATA + key, value));
	}

	private static void add(List<String> args, String field, String value) {
		args.add(field);
		args.add(value);
	}

	@Override
	public List<AuditEntry> find(AuditQuery query) {
		String lower = (query.from() != null) ? Math.max(0, query.from().minus(CLOCK_SKEW).toEpochMilli()) + "-0"
				: MIN_ID;
		String upper = (query.to() != null) ? query.to().plus(CLOCK_SKEW).toEpochMilli() + "-" + MAX_SEQUENCE
				: MAX_ID;
		List<AuditEntry> found = new ArrayList<>();
		while (found.size() < query.limit() && upper != null) {
			List<MapRecord<String, Object, Object>> page = this.redis.opsForStream()
				.reverseRange(this.trailKey, Range.closed(lower, upper), Limit.limit().count(PAGE));
			for (MapRecord<String, Object, Object> record : page) {
				AuditEntry entry = entry(record);
				if (query.matches(entry) && found.size() < query.limit()) {
					found.add(entry);
				}
			}
			upper = (page.size() < PAGE) ? null : before(page.get(page.size() - 1).getId().getValue());
		}
		return found;
	}

	@Override
	public AuditVerification verify() {
		// A trim by another replica between reading the anchor and the oldest entries looks like deleted entries:
		// such a walk is done again, with the new anchor.
		for (int attempt = 1;; attempt++) {
			Map<Object, Object> anchor = this.redis.opsForHash().entries(this.anchorKey);
			ChainVerifier verifier = verifierFrom(anchor);
			AuditEntry last = walk(MIN_ID, MAX_ID, verifier);
			// The head is read after the walk, so that every entry it names was there to be read; entries appended
			// meanwhile are read too, until the walk has caught up with the head (or nothing more comes).
			Map<Object, Object> head = this.redis.opsForHash().entries(this.headKey);
			while (!verifier.isStopped() && parseLong(head.get("seq"), -1) >= verifier.expectedSeq()) {
				AuditEntry more = walk((last != null) ? after(last.id()) : MIN_ID, MAX_ID, verifier);
				if (more == null) {
					break;
				}
				last = more;
				head = this.redis.opsForHash().entries(this.headKey);
			}
			long newestSeq = parseLong(head.get("seq"), -1);
			if (newestSeq < 0 && (!anchor.isEmpty() || last != null)) {
				verifier.headGone();
			}
			if (attempt == 3 || anchor.equals(this.redis.opsForHash().entries(this.anchorKey))) {
				return verifier.finish(newestSeq, (String) head.get("hash"));
			}
		}
	}

	@Override
	public long trimBefore(Instant cutoff) {
		Map<Object, Object> anchor = this.redis.opsForHash().entries(this.anchorKey);
		ChainVerifier verifier = verifierFrom(anchor);
		long cutoffMillis = cutoff.toEpochMilli();
		if (cutoffMillis <= 0) {
			return 0;
		}
		AuditEntry last = walk(MIN_ID, (cutoffMillis - 1) + "-" + MAX_SEQUENCE, verifier);
		if (last == null) {
			return 0;
		}
		AuditVerification check = verifier.finish(-1, null);
		if (!check.ok()) {
			logger.error("Audit trail retention suspended: the entries to delete are broken at seq {} ({}: {}); "
					+ "they are kept as evidence", check.brokenSeq(), check.problem().label(), check.detail());
			return 0;
		}
		String seal = this.chain.anchorSeal(last.seq(), last.hash());
		Long trimmed = this.redis.execute(TRIM, List.of(this.trailKey, this.anchorKey), last.id(),
				Long.toString(last.seq()), last.hash(), seal, after(last.id()));
		return (trimmed != null) ? Math.max(0, trimmed) : 0;
	}

	/** Feeds the entries between the two ids, oldest first, to the verifier; returns the last one read. */
	private AuditEntry walk(String from, String to, ChainVerifier verifier) {
		AuditEntry last = null;
		String lower = from;
		while (lower != null) {
			List<MapRecord<String, Object, Object>> page = this.redis.opsForStream()
				.range(this.trailKey, Range.closed(lower, to), Limit.limit().count(PAGE));
			for (MapRecord<String, Object, Object> record : page) {
				last = entry(record);
				if (!verifier.accept(last)) {
					return last;
				}
			}
			lower = (page.size() < PAGE) ? null : after(page.get(page.size() - 1).getId().getValue());
		}
		return last;
	}

	private ChainVerifier verifierFrom(Map<Object, Object> anchor) {
		if (anchor.isEmpty()) {
			return new ChainVerifier(this.chain, 0, AuditEntry.GENESIS);
		}
		long seq = parseLong(anchor.get("seq"), -1);
		String hash = Objects.toString(anchor.get("hash"), "");
		ChainVerifier verifier = new ChainVerifier(this.chain, Math.max(seq, 0), hash);
		if (!this.chain.isAnchorIntact(seq, hash, (String) anchor.get("seal"))) {
			verifier.anchorAltered(seq);
		}
		return verifier;
	}

	/**
	 * The entry a stream record holds. A record that is not a well-formed entry (fields missing or garbled) still
	 * becomes one, which will not match its hash: it is reported, not skipped.
	 */
	private static AuditEntry entry(MapRecord<String, Object, Object> record) {
		Map<String, String> fields = new HashMap<>();
		record.getValue().forEach((field, value) -> fields.put(String.valueOf(field), String.valueOf(value)));
		Map<String, String> data = new TreeMap<>();
		fields.forEach((field, value) -> {
			if (field.startsWith(DATA)) {
				data.put(field.substring(DATA.length()), value);
			}
		});
		return new AuditEntry(parseLong(fields.get("seq"), -1), record.getId().getValue(), instant(fields.get("at")),
				Objects.toString(fields.get("type"), ""), fields.get("principal"), fields.get("commune"),
				fields.get("ip"), data, fields.get("prev"), fields.get("hash"));
	}

	private static long parseLong(Object value, long otherwise) {
		try {
			return (value != null) ? Long.parseLong(value.toString()) : otherwise;
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

	private static Instant instant(String value) {
		try {
			return (value != null) ? Instant.parse(value) : Instant.EPOCH;
		}
		catch (DateTimeParseException ex) {
			return Instant.EPOCH;
		}
	}

	/** The smallest stream id after {@code id}. */
	private static String after(String id) {
		int dash = id.indexOf('-');
		return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
	}

	/** The largest stream id before {@code id}, or {@code null} when there is none. */
	private static String before(String id) {
		int dash = id.indexOf('-');
		long millis = Long.parseLong(id.substring(0, dash));
		long sequence = Long.parseLong(id.substring(dash + 1));
		if (sequence > 0) {
			return millis + "-" + (sequence - 1);
		}
		return (millis > 0) ? (millis - 1) + "-" + MAX_SEQUENCE : null;
	}

	private record Head(long seq, String hash) {
	}

}
