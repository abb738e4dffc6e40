package fr.sesame.auth.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.audit.AuditVerification.Problem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the trail promises, whichever store keeps it: one chain that verifies, and that tells where it was modified,
 * cut or reordered; retention that keeps it verifiable; queries newest first; no forks under concurrent appends.
 * Tampering is done the way an attacker with access to the store would do it (for Redis: in Redis).
 */
abstract class AuditStoreContract {

	private static final SecureRandom RANDOM = new SecureRandom();

	protected AuditChain chain;

	protected AuditStore store;

	/** A store of its own (for Redis: its own key prefix), empty. */
	protected abstract AuditStore createStore(AuditChain chain);

	/** Changes one field of the stored entry {@code seq} (for Redis: deletes it and adds the changed copy). */
	protected abstract void modify(long seq, String field, String value);

	/** Deletes the stored entry {@code seq}. */
	protected abstract void delete(long seq);

	/** Moves the stored entry {@code seq}, unchanged, after the newest one. */
	protected abstract void moveToEnd(long seq);

	@BeforeEach
	void createStore() {
		this.chain = AuditChain.of(randomKey());
		this.store = createStore(this.chain);
	}

	static byte[] randomKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	protected static AuditEntry draft(String principal, String commune, AuditEventType type, Map<String, String> data) {
		return AuditEntry.draft(Instant.now(), type.name(), principal, commune, "192.0.2.7", data);
	}

	protected List<AuditEntry> appendSignIns(int count) {
		List<AuditEntry> appended = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			appended.add(this.store.append(draft("sub-" + (i % 3), (i % 2 == 0) ? "rivebelle" : "montclair",
					AuditEventType.SIGN_IN_SUCCEEDED, Map.of("n", Integer.toString(i)))));
		}
		return appended;
	}

	@Test
	void appendedEntriesFormOneChainThatVerifies() {
		List<AuditEntry> appended = appendSignIns(25);
		assertThat(appended).extracting(AuditEntry::seq).containsExactlyElementsOf(seqs(1, 25));
		assertThat(appended.get(0).prev()).isEqualTo(AuditEntry.GENESIS);
		for (int i = 1; i < appended.size(); i++) {
			assertThat(appended.get(i).prev()).isEqualTo(appended.get(i - 1).hash());
		}
		assertThat(appended).allSatisfy((entry) -> {
			assertThat(entry.id()).isNotBlank();
			assertThat(this.chain.isIntact(entry)).isTrue();
		});
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).as(verification.detail()).isTrue();
		assertThat(verification.checked()).isEqualTo(25);
		assertThat(verification.brokenSeq()).isNull();
	}

	@Test
	void anEmptyTrailVerifies() {
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isTrue();
		assertThat(verification.checked()).isZero();
	}

	@Test
	void aModifiedEntryIsReportedAtItsSeq() {
		List<AuditEntry> appended = appendSignIns(10);
		modify(4, "principal", "someone-else");
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isFalse();
		assertThat(verification.brokenSeq()).isEqualTo(4);
		assertThat(verification.problem()).isEqualTo(Problem.MODIFIED);
		assertThat(verification.brokenId()).isNotNull();
		assertThat(verification.detail()).contains("seq 4");
		assertThat(verification.checked()).isEqualTo(10);
		assertThat(appended.get(3).principal()).isNotEqualTo("someone-else");
	}

	@Test
	void aModifiedDataValueIsReportedAtItsSeq() {
		appendSignIns(10);
		modify(7, "d:n", "70");
		AuditVerification verification = this.store.verify();
		assertThat(verification.brokenSeq()).isEqualTo(7);
		assertThat(verification.problem()).isEqualTo(Problem.MODIFIED);
	}

	@Test
	void aDeletedEntryIsReportedMissing() {
		appendSignIns(10);
		delete(6);
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).isFalse();
		assertThat(verification.brokenSeq()).isEqualTo(6);
		assertThat(verification.problem()).isEqualTo(Problem.MISSING);
		assertThat(verification.brokenId()).isNull();
		assertThat(verification.checked()).isEqualTo(9);
	}

	@Test
	void theNewestEntryDeletedIsReportedMissing() {
		appendSignIns(10);
		delete(10);
		AuditVerification verification = this.store.verify();
		assertThat(verification.brokenSeq()).isEqualTo(10);
		assertThat(verification.problem()).isEqualTo(Problem.MISSING);
	}

	@Test
	void anEntryMovedIsReportedReordered() {
		appendSignIns(10);
		moveToEnd(3);
		AuditVerification verification = this.store.verify();
		assertThat(verification.brokenSeq()).isEqualTo(3);
		assertThat(verification.problem()).isEqualTo(Problem.REORDERED);
	}

	@Test
	void retentionDeletesTheOldEntriesAndTheRestStillVerifies() throws Exception {
		appendSignIns(5);
		Instant cutoff = between();
		appendSignIns(5);
		assertThat(this.store.trimBefore(cutoff)).isEqualTo(5);
		assertThat(this.store.find(AuditQuery.newest(100))).extracting(AuditEntry::seq)
			.containsExactlyElementsOf(seqs(10, 6));
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).as(verification.detail()).isTrue();
		assertThat(verification.checked()).isEqualTo(5);
		assertThat(this.store.trimBefore(cutoff)).as("trimming again changes nothing").isZero();
		this.store.append(draft("sub-x", "rivebelle", AuditEventType.SESSION_ENDED, Map.of("reason", "logout")));
		assertThat(this.store.verify().ok()).isTrue();

		// The anchor tells deleting the oldest kept entry from retention.
		delete(6);
		verification = this.store.verify();
		assertThat(verification.brokenSeq()).isEqualTo(6);
		assertThat(verification.problem()).isEqualTo(Problem.MISSING);
	}

	@Test
	void retentionDoesNotEraseABrokenPart() throws Exception {
		appendSignIns(5);
		Instant cutoff = between();
		appendSignIns(5);
		delete(2);
		assertThat(this.store.trimBefore(cutoff)).isZero();
		AuditVerification verification = this.store.verify();
		assertThat(verification.brokenSeq()).isEqualTo(2);
		assertThat(verification.problem()).isEqualTo(Problem.MISSING);
	}

	@Test
	void queriesFilterAndListNewestFirst() throws Exception {
		this.store.append(draft("agent-a", "rivebelle", AuditEventType.SIGN_IN_SUCCEEDED, Map.of()));
		this.store.append(draft("anonymous", "rivebelle", AuditEventType.SIGN_IN_FAILED, Map.of("reason", "locked")));
		Instant middle = between();
		this.store.append(draft("agent-b", "montclair", AuditEventType.SIGN_IN_SUCCEEDED, Map.of()));
		this.store.append(draft("agent-a", "rivebelle", AuditEventType.TOKEN_ISSUED, Map.of("client", "demo-spa")));
		this.store.append(draft("agent-a", "rivebelle", AuditEventType.SESSION_ENDED, Map.of("reason", "logout")));

		assertThat(this.store.find(AuditQuery.newest(100))).extracting(AuditEntry::seq)
			.containsExactly(5L, 4L, 3L, 2L, 1L);
		assertThat(this.store.find(AuditQuery.newest(2))).extracting(AuditEntry::seq).containsExactly(5L, 4L);
		assertThat(this.store.find(new AuditQuery("agent-a", null, null, null, null, 100)))
			.extracting(AuditEntry::seq)
			.containsExactly(5L, 4L, 1L);
		assertThat(this.store.find(new AuditQuery(null, "montclair", null, null, null, 100)))
			.extracting(AuditEntry::principal)
			.containsExactly("agent-b");
		assertThat(this.store.find(new AuditQuery(null, "rivebelle",
				Set.of("SIGN_IN_SUCCEEDED", "SIGN_IN_FAILED"), null, null, 100)))
			.extracting(AuditEntry::seq)
			.containsExactly(2L, 1L);
		assertThat(this.store.find(new AuditQuery(null, null, null, middle, null, 100))).extracting(AuditEntry::seq)
			.containsExactly(5L, 4L, 3L);
		assertThat(this.store.find(new AuditQuery(null, null, null, null, middle, 100))).extracting(AuditEntry::seq)
			.containsExactly(2L, 1L);
		assertThat(this.store.find(new AuditQuery("agent-a", "rivebelle", null, middle, null, 1)))
			.extracting(AuditEntry::seq)
			.containsExactly(5L);
		AuditEntry failure = this.store.find(new AuditQuery(null, null, Set.of("SIGN_IN_FAILED"), null, null, 1))
			.get(0);
		assertThat(failure.data()).containsExactly(Map.entry("reason", "locked"));
		assertThat(failure.ip()).isEqualTo("192.0.2.7");
		assertThat(failure.commune()).isEqualTo("rivebelle");
	}

	@Test
	void concurrentAppendsMakeOneChain() throws Exception {
		List<AuditEntry> appended = appendConcurrently(List.of(this.store, this.store, this.store, this.store), 40);
		assertThat(appended).extracting(AuditEntry::seq).containsExactlyInAnyOrderElementsOf(seqs(1, 160));
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).as(verification.detail()).isTrue();
		assertThat(verification.checked()).isEqualTo(160);
	}

	/** Each store in the list gets a thread that appends {@code each} entries, all starting together. */
	protected static List<AuditEntry> appendConcurrently(List<AuditStore> stores, int each) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(stores.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<AuditEntry>>> futures = new ArrayList<>();
			for (int t = 0; t < stores.size(); t++) {
				AuditStore target = stores.get(t);
				String principal = "thread-" + t;
				Callable<List<AuditEntry>> task = () -> {
					start.await();
					List<AuditEntry> mine = new ArrayList<>();
					for (int i = 0; i < each; i++) {
						mine.add(target.append(draft(principal, "rivebelle", AuditEventType.TOKEN_ISSUED,
								Map.of("n", Integer.toString(i)))));
					}
					return mine;
				};
				futures.add(threads.submit(task));
			}
			start.countDown();
			List<AuditEntry> all = new ArrayList<>();
			for (Future<List<AuditEntry>> future : futures) {
				all.addAll(future.get(60, TimeUnit.SECONDS));
			}
			return all;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** An instant strictly after every entry so far and before every entry to come (clocks tick in milliseconds). */
	protected static Instant between() throws InterruptedException {
		Thread.sleep(5);
		Instant between = Instant.now();
		Thread.sleep(5);
		return between;
	}

	protected static List<Long> seqs(long from, long to) {
		List<Long> seqs = new ArrayList<>();
		if (from <= to) {
			for (long seq = from; seq <= to; seq++) {
				seqs.add(seq);
			}
		}
		else {
			for (long seq = from; seq >= to; seq--) {
				seqs.add(seq);
			}
		}
		return seqs;
	}

}
