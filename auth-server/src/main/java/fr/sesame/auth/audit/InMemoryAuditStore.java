package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of one process (the demo, tests): the same chain as in Redis, in a list bounded by
 * {@code capacity}. The oldest entry pushed out by a new one becomes the anchor, as retention trimming makes it.
 * One lock orders appends, so the chain has no forks; its id is the seq.
 */
public final class InMemoryAuditStore implements AuditStore {

	private static final Logger logger = LoggerFactory.getLogger(InMemoryAuditStore.class);

	private final AuditChain chain;

	private final int capacity;

	private final ArrayDeque<AuditEntry> entries = new ArrayDeque<>();

	private Mark anchor = Mark.NONE;

	private Mark head = Mark.NONE;

	public InMemoryAuditStore(AuditChain chain, int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.chain = chain;
		this.capacity = capacity;
	}

	@Override
	public synchronized AuditEntry append(AuditEntry draft) {
		AuditEntry linked = this.chain.link(draft, this.head.seq, this.head.hash);
		AuditEntry entry = linked.withId(Long.toString(linked.seq()));
		this.entries.addLast(entry);
		this.head = new Mark(entry.seq(), entry.hash(), null);
		while (this.entries.size() > this.capacity) {
			AuditEntry dropped = this.entries.removeFirst();
			this.anchor = sealed(dropped);
		}
		return entry;
	}

	@Override
	public synchronized List<AuditEntry> find(AuditQuery query) {
		List<AuditEntry> found = new ArrayList<>();
		Iterator<AuditEntry> newestFirst = this.entries.descendingIterator();
		while (newestFirst.hasNext() && found.size() < query.limit()) {
			AuditEntry entry = newestFirst.next();
			if (query.matches(entry)) {
				found.add(entry);
			}
		}
		return found;
	}

	@Override
	public AuditVerification verify() {
		Mark anchor;
		Mark head;
		List<AuditEntry> snapshot;
		synchronized (this) {
			anchor = this.anchor;
			head = this.head;
			snapshot = new ArrayList<>(this.entries);
		}
		ChainVerifier verifier = verifierFrom(anchor);
		for (AuditEntry entry : snapshot) {
			if (!verifier.accept(entry)) {
				break;
			}
		}
		return verifier.finish(head.seq, head.hash);
	}

	@Override
	public synchronized long trimBefore(Instant cutoff) {
		List<AuditEntry> segment = new ArrayList<>();
		for (AuditEntry entry : this.entries) {
			if (!entry.at().isBefore(cutoff)) {
				break;
			}
			segment.add(entry);
		}
		if (segment.isEmpty()) {
			return 0;
		}
		ChainVerifier verifier = verifierFrom(this.anchor);
		segment.forEach(verifier::accept);
		AuditVerification check = verifier.finish(-1, null);
		if (!check.ok()) {
			logger.error("Audit trail retention suspended: the entries to delete are broken at seq {} ({}: {}); "
					+ "they are kept as evidence", check.brokenSeq(), check.problem().label(), check.detail());
			return 0;
		}
		segment.forEach((entry) -> this.entries.removeFirst());
		this.anchor = sealed(segment.get(segment.size() - 1));
		return segment.size();
	}

	private ChainVerifier verifierFrom(Mark anchor) {
		ChainVerifier verifier = new ChainVerifier(this.chain, anchor.seq, anchor.hash);
		if (anchor.seq > 0 && !this.chain.isAnchorIntact(anchor.seq, anchor.hash, anchor.seal)) {
			verifier.anchorAltered(anchor.seq);
		}
		return verifier;
	}

	private Mark sealed(AuditEntry entry) {
		return new Mark(entry.seq(), entry.hash(), this.chain.anchorSeal(entry.seq(), entry.hash()));
	}

	// What an attacker with access to the process could do, for the tests of verify(): Redis tests do it in Redis.

	synchronized void replace(long seq, UnaryOperator<AuditEntry> change) {
		List<AuditEntry> copy = new ArrayList<>(this.entries);
		copy.replaceAll((entry) -> (entry.seq() == seq) ? change.apply(entry) : entry);
		this.entries.clear();
		this.entries.addAll(copy);
	}

	synchronized void remove(long seq) {
		this.entries.removeIf((entry) -> entry.seq() == seq);
	}

	synchronized void moveToEnd(long seq) {
		AuditEntry moved = this.entries.stream().filter((entry) -> entry.seq() == seq).findFirst().orElseThrow();
		this.entries.remove(moved);
		this.entries.addLast(moved);
	}

	/** A place in the chain: the head (newest entry) or the anchor (last entry trimmed, with its seal). */
	private record Mark(long seq, String hash, String seal) {

		static final Mark NONE = new Mark(0, AuditEntry.GENESIS, null);

	}

}
