package fr.sesame.auth.audit;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract in one process, then what only the bounded list shows: the oldest entries make way. */
class InMemoryAuditStoreTest extends AuditStoreContract {

	@Override
	protected AuditStore createStore(AuditChain chain) {
		return new InMemoryAuditStore(chain, 1000);
	}

	private InMemoryAuditStore memory() {
		return (InMemoryAuditStore) this.store;
	}

	@Override
	protected void modify(long seq, String field, String value) {
		memory().replace(seq, (entry) -> {
			Map<String, String> data = new TreeMap<>(entry.data());
			String principal = entry.principal();
			if (field.equals("principal")) {
				principal = value;
			}
			else if (field.startsWith("d:")) {
				data.put(field.substring(2), value);
			}
			else {
				throw new IllegalArgumentException(field);
			}
			return new AuditEntry(entry.seq(), entry.id(), entry.at(), entry.type(), principal, entry.commune(),
					entry.ip(), data, entry.prev(), entry.hash());
		});
	}

	@Override
	protected void delete(long seq) {
		memory().remove(seq);
	}

	@Override
	protected void moveToEnd(long seq) {
		memory().moveToEnd(seq);
	}

	@Test
	void theOldestEntriesMakeWayAndTheRestStillVerifies() {
		this.store = new InMemoryAuditStore(this.chain, 5);
		appendSignIns(12);
		assertThat(this.store.find(AuditQuery.newest(100))).extracting(AuditEntry::seq)
			.containsExactlyElementsOf(seqs(12, 8));
		AuditVerification verification = this.store.verify();
		assertThat(verification.ok()).as(verification.detail()).isTrue();
		assertThat(verification.checked()).isEqualTo(5);
	}

}
