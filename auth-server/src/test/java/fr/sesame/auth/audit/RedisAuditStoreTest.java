package fr.sesame.auth.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.audit.AuditVerification.Problem;
import fr.sesame.auth.store.TestRedis;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract against the real Redis on 127.0.0.1:6379, tampering done in Redis as someone who can write to it
 * (but does not hold the chain key) would; then what only Redis shows: two replicas, its keys, the anchor and head.
 */
class RedisAuditStoreTest extends AuditStoreContract {

	private TestRedis redis;

	@Override
	protected AuditStore createStore(AuditChain chain) {
		this.redis = new TestRedis();
		return new RedisAuditStore(this.redis.template(), this.redis.prefix(), chain);
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	private String trailKey() {
		return this.redis.prefix() + "audit:trail";
	}

	private MapRecord<String, Object, Object> record(long seq) {
		return this.redis.template()
			.opsForStream()
			.range(trailKey(), Range.unbounded())
			.stream()
			.filter((record) -> Long.toString(seq).equals(record.getValue().get("seq")))
			.findFirst()
			.orElseThrow();
	}

	// A stream entry cannot be edited: it is deleted, and the altered copy added (at the end, with a new id).
	@Override
	protected void modify(long seq, String field, String value) {
		MapRecord<String, Object, Object> record = record(seq);
		Map<Object, Object> fields = new LinkedHashMap<>(record.getValue());
		fields.put(field, value);
		this.redis.template().opsForStream().delete(trailKey(), record.getId());
		this.redis.template().opsForStream().add(trailKey(), fields);
	}

	@Override
	protected void delete(long seq) {
		this.redis.template().opsForStream().delete(trailKey(), record(seq).getId());
	}

	@Override
	protected void moveToEnd(long seq) {
		MapRecord<String, Object, Object> record = record(seq);
		this.redis.template().opsForStream().delete(trailKey(), record.getId());
		this.redis.template().opsForStream().add(trailKey(), record.getValue());
	}

	@Test
	void twoReplicasSharingRedisAppendToOneChain() throws Exception {
		AuditStore replica = new RedisAuditStore(this.redis.anotherClient(), this.redis.prefix(), this.chain);
		List<AuditEntry> appended = appendConcurrently(List.of(this.store, this.store, replica, replica), 50);
		assertThat(appended).extracting(AuditEntry::seq).containsExactlyInAnyOrderElementsOf(seqs(1, 200));
		assertThat(appended).extracting(AuditEntry::id).doesNotHaveDuplicates();
		for (AuditStore either : List.of(this.store, replica)) {
			AuditVerification verification = either.verify();
			assertThat(verification.ok()).as(verification.detail()).isTrue();
			assertThat(verification.checked()).isEqualTo(200);
		}
		assertThat(this.redis.template().opsForStream().size(trailKey())).isEqualTo(200);
	}

	@Test
	void aReplicaThatMissedAnotherOnesAppendLinksAfterIt() {
		AuditStore replica = new RedisAuditStore(this.redis.anotherClient(), this.redis.prefix(), this.chain);
		AuditEntry first = this.store.append(draft("a", "rivebelle", AuditEventType.SIGN_IN_SUCCEEDED, Map.of()));
		AuditEntry second = replica.append(draft("b", "rivebelle", AuditEventType.SIGN_IN_SUCCEEDED, Map.of()));
		// This store still remembers seq 1 as the head: the append script refuses, hands back seq 2, and it retries.
		AuditEntry third = this.store.append(draft("a", "rivebelle", AuditEventType.SESSION_ENDED, Map.of()));
		assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
		assertThat(second.prev()).isEqualTo(first.hash());
		assertThat(third.prev()).isEqualTo(second.hash());
		assertThat(this.store.verify().ok()).isTrue();
	}

	@Test
	void keysFollowTheDocumentedLayout() throws Exception {
		AuditEntry first = this.store.append(AuditEntry.draft(java.time.Instant.now(), "SIGN_IN_FAILED", "anonymous",
				"rivebelle", "192.0.2.7", Map.of("reason", "bad_credentials")));
		String prefix = this.redis.prefix() + "audit:";
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(prefix + "trail", prefix + "head");
		assertThat(record(1).getId().getValue()).isEqualTo(first.id());
		assertThat(record(1).getValue()).containsOnlyKeys("seq", "at", "type", "principal", "commune", "ip", "prev",
				"hash", "d:reason")
			.containsEntry("d:reason", "bad_credentials")
			.containsEntry("hash", first.hash())
			.containsEntry("prev", "");
		assertThat(this.redis.template().opsForHash().entries(prefix + "head")).containsEntry("seq", "1")
			.containsEntry("hash", first.hash())
			.containsEntry("id", first.id());

		java.time.Instant cutoff = between();
		this.store.append(draft("sub-1", null, AuditEventType.SESSION_ENDED, Map.of("reason", "logout")));
		assertThat(record(2).getValue()).doesNotContainKey("commune");
		this.store.trimBefore(cutoff);
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(prefix + "trail", prefix + "head", prefix + "anchor");
		assertThat(this.redis.template().opsForHash().entries(prefix + "anchor")).containsEntry("seq", "1")
			.containsEntry("hash", first.hash())
			.containsKey("seal");
	}

	@Test
	void anAlteredAnchorIsReported() throws Exception {
		appendSignIns(4);
		java.time.Instant cutoff = between();
		appendSignIns(4);
		this.store.trimBefore(cutoff);
		assertThat(this.store.verify().ok()).isTrue();
		// Deleting two more of the oldest entries and moving the anchor after them, without the key to seal it.
		delete(5);
		delete(6);
		AuditEntry sixth = this.store.find(AuditQuery.newest(100)).get(1);
		StringRedisTemplate template = this.redis.template();
		template.opsForHash().put(this.redis.prefix() + "audit:anchor", "seq", "6");
		template.opsForHash().put(this.redis.prefix() + "audit:anchor", "hash", sixth.prev());
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isFalse();
		assertThat(verification.problem()).isEqualTo(Problem.MODIFIED);
		assertThat(verification.detail()).contains("retention anchor");
	}

	@Test
	void theNewestEntriesCutOffWithTheHeadAreReported() {
		appendSignIns(5);
		delete(5);
		this.redis.template().delete(this.redis.prefix() + "audit:head");
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isFalse();
		assertThat(verification.problem()).isEqualTo(Problem.MISSING);
		assertThat(verification.brokenSeq()).isEqualTo(5);
	}

	@Test
	void anotherChainKeyDoesNotVerify() {
		appendSignIns(3);
		AuditStore withAnotherKey = new RedisAuditStore(this.redis.template(), this.redis.prefix(),
				AuditChain.of(randomKey()));
		AuditVerification verification = withAnotherKey.verify();
		assertThat(verification.brokenSeq()).isEqualTo(1);
		assertThat(verification.problem()).isEqualTo(Problem.MODIFIED);
	}

	@Test
	void anEntryAddedByHandIsReported() {
		appendSignIns(3);
		this.redis.template().opsForStream().add(trailKey(), Map.of("seq", "4", "type", "SIGN_IN_SUCCEEDED"));
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isFalse();
		assertThat(verification.problem()).isEqualTo(Problem.MODIFIED);
		assertThat(verification.brokenSeq()).isEqualTo(4);
	}

}
