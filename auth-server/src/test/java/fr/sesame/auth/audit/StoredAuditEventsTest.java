package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/** Boot's audit events as trail entries: what is kept, what is filled in, how data is flattened, and the log line. */
@ExtendWith(OutputCaptureExtension.class)
class StoredAuditEventsTest {

	private final InMemoryAuditStore store = new InMemoryAuditStore(AuditChain.of(AuditStoreContract.randomKey()),
			100);

	private final StoredAuditEvents events = new StoredAuditEvents(this.store,
			(sub) -> "agent-1".equals(sub) ? Optional.of("rivebelle") : Optional.empty(), new AuditLogLine());

	@AfterEach
	void leaveNoRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void communeAndAddressComeFromTheEventOrElseFromTheSignInAndTheRequest() {
		this.events.add(new AuditEvent("admin-1", "ADMIN_DENIED",
				Map.of("action", "reset-factors", "commune", "montclair", "ip", "192.0.2.1")));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("198.51.100.4");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		this.events.add(new AuditEvent("agent-1", "MFA_VERIFIED", Map.of("factor", "totp")));
		this.events.add(new AuditEvent("demo-portal", "TOKEN_ISSUED", Map.of("grant", "client_credentials")));

		List<AuditEntry> entries = this.store.find(AuditQuery.newest(10));
		assertThat(entries).extracting(AuditEntry::commune).containsExactly(null, "rivebelle", "montclair");
		assertThat(entries).extracting(AuditEntry::ip).containsExactly("198.51.100.4", "198.51.100.4", "192.0.2.1");
		assertThat(entries.get(2).data()).containsOnlyKeys("action");
		assertThat(this.store.verify().ok()).isTrue();
	}

	@Test
	void onlySesameEventTypesAreKept() {
		this.events.add(new AuditEvent("jdupont@rivebelle.fr", "AUTHENTICATION_FAILURE", Map.of("type", "x")));
		this.events.add(new AuditEvent("demo-portal", "AUTHENTICATION_SUCCESS", Map.of()));
		this.events.add(new AuditEvent("anonymous", "SIGN_IN_FAILED", Map.of("commune", "none", "reason", "x")));
		assertThat(this.store.find(AuditQuery.newest(10))).extracting(AuditEntry::type)
			.containsExactly("SIGN_IN_FAILED");
	}

	@Test
	void changesAreFlattenedAndValuesCapped() {
		this.events.add(new AuditEvent("admin-1", "ADMIN_CHANGED",
				Map.of("action", "assign-role", "commune", "rivebelle", "before", Map.of("roles", List.of()), "after",
						Map.of("roles", List.of("officier", "agent"), "expires", Instant.parse("2027-01-01T00:00:00Z")),
						"long", "x".repeat(5000))));
		AuditEntry entry = this.store.find(AuditQuery.newest(1)).get(0);
		assertThat(entry.data()).containsEntry("before.roles", "")
			.containsEntry("after.roles", "officier,agent")
			.containsEntry("after.expires", "2027-01-01T00:00:00Z")
			.containsEntry("action", "assign-role");
		assertThat(entry.data().get("long")).hasSize(StoredAuditEvents.MAX_VALUE_LENGTH).endsWith("…");
	}

	@Test
	void bootsFindListsOldestFirstWithCommuneAndAddressAmongTheData() throws Exception {
		this.events.add(new AuditEvent(Instant.parse("2026-11-30T09:00:00Z"), "agent-1", "SIGN_IN_SUCCEEDED",
				Map.of("commune", "rivebelle", "ip", "192.0.2.1")));
		this.events.add(new AuditEvent(Instant.parse("2026-11-30T09:00:01Z"), "agent-1", "MFA_VERIFIED",
				Map.of("factor", "totp")));
		this.events.add(new AuditEvent(Instant.parse("2026-11-30T09:00:02Z"), "agent-2", "SIGN_IN_SUCCEEDED",
				Map.of("commune", "montclair")));
		assertThat(this.events.find("agent-1", null, null)).extracting(AuditEvent::getType)
			.containsExactly("SIGN_IN_SUCCEEDED", "MFA_VERIFIED");
		assertThat(this.events.find(null, null, "SIGN_IN_SUCCEEDED")).extracting(AuditEvent::getPrincipal)
			.containsExactly("agent-1", "agent-2");
		assertThat(this.events.find(null, Instant.parse("2026-11-30T09:00:01Z"), null))
			.extracting(AuditEvent::getType)
			.containsExactly("SIGN_IN_SUCCEEDED");
		assertThat(this.events.find("agent-1", null, "SIGN_IN_SUCCEEDED").get(0).getData())
			.containsEntry("commune", "rivebelle")
			.containsEntry("ip", "192.0.2.1");
	}

	@Test
	void everyEntryIsALogLineWithItsSeqAndHash(CapturedOutput output) {
		this.events.add(new AuditEvent("agent-1", "SIGN_IN_SUCCEEDED", Map.of("commune", "rivebelle")));
		AuditEntry entry = this.store.find(AuditQuery.newest(1)).get(0);
		// Whatever the console format (ECS JSON in the application, plain text here), the line names the logger and
		// carries the entry, hash included.
		assertThat(output).contains("sesame.audit").contains(entry.hash()).contains("SIGN_IN_SUCCEEDED");
	}

	@Test
	void whenTheStoreFailsTheEventStillReachesTheLog(CapturedOutput output) {
		StoredAuditEvents failing = new StoredAuditEvents(new AuditStore() {

			@Override
			public AuditEntry append(AuditEntry draft) {
				throw new IllegalStateException("Redis is down");
			}

			@Override
			public List<AuditEntry> find(AuditQuery query) {
				return List.of();
			}

			@Override
			public AuditVerification verify() {
				return AuditVerification.intact(0);
			}

			@Override
			public long trimBefore(Instant cutoff) {
				return 0;
			}

		}, (sub) -> Optional.empty(), new AuditLogLine());
		failing.add(new AuditEvent("agent-9", "SESSION_ENDED", Map.of("reason", "logout")));
		assertThat(output).contains("not stored in the audit trail").contains("Redis is down").contains("agent-9");
	}

}
