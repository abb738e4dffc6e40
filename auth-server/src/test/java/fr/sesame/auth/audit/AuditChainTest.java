package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The hashed form is pinned: a change of it would make every stored trail fail verification after an upgrade. */
class AuditChainTest {

	private static final byte[] KEY = new byte[32];

	static {
		for (int i = 0; i < KEY.length; i++) {
			KEY[i] = (byte) i;
		}
	}

	private final AuditChain chain = AuditChain.of(KEY);

	private final AuditEntry draft = AuditEntry.draft(Instant.parse("2026-11-30T09:00:00Z"), "SIGN_IN_FAILED",
			"anonymous", "rivebelle", "127.0.0.1", Map.of("reason", "bad_credentials", "note", "é \"q\"\n"));

	@Test
	void theCanonicalFormAndItsKeyedHashAreStable() {
		AuditEntry first = this.chain.link(this.draft, 0, AuditEntry.GENESIS);
		assertThat(first.canonicalJson()).isEqualTo("{\"seq\":1,\"at\":\"2026-11-30T09:00:00Z\",\"type\":"
				+ "\"SIGN_IN_FAILED\",\"principal\":\"anonymous\",\"commune\":\"rivebelle\",\"ip\":\"127.0.0.1\","
				+ "\"data\":{\"note\":\"é \\\"q\\\"\\u000a\",\"reason\":\"bad_credentials\"},\"prev\":\"\"}");
		// Computed apart: base64url(HMAC-SHA256(key, "sesame-audit-entry-v1\n" + canonical form)).
		assertThat(first.hash()).isEqualTo("aG8CHUpX_gP4cL9ogZ_CUmktIG-wotFowF9xi46ithM");
		assertThat(this.chain.anchorSeal(1, first.hash())).isEqualTo("yh-eXGVz39-QAVcr8AHS8UJz2mXkF7PY5vIrNPw2mPI");
		assertThat(first.json()).endsWith(",\"prev\":\"\",\"hash\":\"aG8CHUpX_gP4cL9ogZ_CUmktIG-wotFowF9xi46ithM\"}");
	}

	@Test
	void everyFieldIsCoveredByTheHash() {
		AuditEntry entry = this.chain.link(this.draft, 41, "previous-hash");
		assertThat(entry.seq()).isEqualTo(42);
		assertThat(entry.prev()).isEqualTo("previous-hash");
		assertThat(this.chain.isIntact(entry)).isTrue();
		assertThat(this.chain.isIntact(entry.withId("1-0"))).as("the store's id is not hashed").isTrue();
		assertThat(this.chain.isIntact(copy(entry, 43, entry.principal(), entry.commune(), entry.data(), entry.prev())))
			.isFalse();
		assertThat(this.chain.isIntact(copy(entry, 42, "someone-else", entry.commune(), entry.data(), entry.prev())))
			.isFalse();
		assertThat(this.chain.isIntact(copy(entry, 42, entry.principal(), null, entry.data(), entry.prev()))).isFalse();
		assertThat(this.chain.isIntact(copy(entry, 42, entry.principal(), entry.commune(),
				Map.of("reason", "bad_credentials"), entry.prev()))).isFalse();
		assertThat(this.chain.isIntact(copy(entry, 42, entry.principal(), entry.commune(), entry.data(), "other")))
			.isFalse();
		assertThat(AuditChain.of(new byte[32]).isIntact(entry)).as("another key").isFalse();
	}

	@Test
	void anEntryHashIsNoAnchorSeal() {
		AuditEntry entry = this.chain.link(this.draft, 0, AuditEntry.GENESIS);
		assertThat(this.chain.isAnchorIntact(1, entry.hash(), entry.hash())).isFalse();
		assertThat(this.chain.isAnchorIntact(1, entry.hash(), this.chain.anchorSeal(1, entry.hash()))).isTrue();
		assertThat(this.chain.isAnchorIntact(2, entry.hash(), this.chain.anchorSeal(1, entry.hash()))).isFalse();
	}

	@Test
	void aShortKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AuditChain.of(new byte[16]))
			.withMessageContaining("sesame.audit.chain-key must be at least 32 bytes");
	}

	private static AuditEntry copy(AuditEntry entry, long seq, String principal, String commune,
			Map<String, String> data, String prev) {
		return new AuditEntry(seq, entry.id(), entry.at(), entry.type(), principal, commune, entry.ip(), data, prev,
				entry.hash());
	}

}
