package fr.sesame.auth.admin.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.AdminTokens;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.directory.embedded.EmbeddedDirectories;
import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.event.InProcessDirectoryEvents;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.SyncBoard;
import fr.sesame.directory.sync.SyncState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end through the demo server and its in-process synchronisation: Rivebelle's directory loses 30 % of its
 * agents at once → the commune halts and deprovisions nobody, the communes overview shows what it holds back →
 * Rivebelle's admin confirms through the admin API → the next pass deprovisions them, with their events. Every bad
 * confirmation is refused with a clear error and records nothing.
 */
class SyncConfirmationApiTest extends DemoServerTest {

	private static final String PEOPLE = "ou=people,dc=rivebelle,dc=fr";

	private static final String CONFIRMATION = "/api/admin/communes/rivebelle/sync/confirmation";

	/** Reconciliation every second: deletions (which modifyTimestamp does not show) are seen at once. */
	@DynamicPropertySource
	static void reconcileOften(DynamicPropertyRegistry registry) {
		registry.add("sesame.directory.sync.interval", () -> "500ms");
		registry.add("sesame.directory.sync.reconcile-interval", () -> "1s");
	}

	private final AdminTokens admins = new AdminTokens(ISSUER);

	private final AdminApiClient api = new AdminApiClient(ISSUER);

	@Autowired
	DirectorySync sync;

	@Autowired
	SyncBoard board;

	@Autowired
	InProcessDirectoryEvents events;

	@Autowired
	EmbeddedDirectories directories;

	@Test
	void directoryLosingThirtyPercentHaltsUntilItsAdminConfirms() throws Exception {
		List<DirectoryEvent> published = new CopyOnWriteArrayList<>();
		this.events.subscribe((event) -> {
			if (event.communeId().equals("rivebelle")) {
				published.add(event);
			}
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.sync.status("rivebelle").orElseThrow().state() == SyncState.UP);
		String rivebelle = this.admins.of("zdarc@rivebelle.fr");
		String montclair = this.admins.of("nlemaitre@montclair.fr");
		long agentsBefore = indexedAgents(rivebelle);

		HttpResponse<String> notHalted = this.api.post(rivebelle, CONFIRMATION, "{\"held_leavers\":1}");
		assertThat(notHalted.statusCode()).as(notHalted.body()).isEqualTo(409);
		assertThat(AdminApiClient.json(notHalted).get("error_description").asString()).contains("not halted");
		assertThat(this.board.pendingConfirmation("rivebelle")).isEmpty();

		List<String> gone = deleteThirtyPercent();
		JsonNode halted = await().atMost(Duration.ofSeconds(15))
			.until(() -> syncOf(rivebelle), (sync) -> sync.get("state").asString().equals("halted"));

		assertThat(halted.get("held_leavers").asLong()).isEqualTo(gone.size());
		assertThat(halted.get("halted_since").asString()).isNotBlank();
		assertThat(halted.get("confirmation_pending").asBoolean()).isFalse();
		assertThat(halted.get("last_error").asString()).startsWith("leavers_threshold");
		assertThat(indexedAgents(rivebelle)).as("nobody deprovisioned").isEqualTo(agentsBefore);
		assertThat(published).noneMatch((event) -> event.type().leaver());

		// Bad confirmations: each refused clearly, none recorded.
		assertRefused(rivebelle, "{\"held_leavers\":" + (gone.size() + 1) + "}", 409,
				"now holds back " + gone.size() + " leavers");
		assertRefused(rivebelle, "{\"held_leavers\":\"" + gone.size() + "\"}", 400, "held_leavers must be");
		assertRefused(rivebelle, "{\"held_leavers\":0}", 400, "held_leavers must be");
		assertRefused(rivebelle, "{\"held_leavers\":" + gone.size() + ".5}", 400, "held_leavers must be");
		assertRefused(rivebelle, "{}", 400, "held_leavers must be");
		assertRefused(rivebelle, "{\"held_leavers\":" + gone.size() + ",\"all\":true}", 400, "Unknown field");
		assertRefused(rivebelle, "held_leavers=" + gone.size(), 400, "not valid JSON");
		assertRefused(montclair, "{\"held_leavers\":" + gone.size() + "}", 404, "No such commune");
		assertThat(this.api.get(rivebelle, "/api/admin/audit?commune=rivebelle").body())
			.contains("confirm-sync-leavers").contains("other-commune");
		Thread.sleep(1500);
		assertThat(syncOf(rivebelle).get("state").asString()).isEqualTo("halted");
		assertThat(indexedAgents(rivebelle)).isEqualTo(agentsBefore);

		HttpResponse<String> confirmed = this.api.post(rivebelle, CONFIRMATION,
				"{\"held_leavers\":" + gone.size() + "}");
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(202);
		assertThat(AdminApiClient.json(confirmed).get("held_leavers").asLong()).isEqualTo(gone.size());
		assertThat(AdminApiClient.json(confirmed).get("halted_since").asString())
			.isEqualTo(halted.get("halted_since").asString());

		await().atMost(Duration.ofSeconds(15))
			.until(() -> syncOf(rivebelle).get("state").asString().equals("up"));
		assertThat(indexedAgents(rivebelle)).isEqualTo(agentsBefore - gone.size());
		await().atMost(Duration.ofSeconds(5)).until(() -> published.size() >= gone.size());
		assertThat(published).hasSize(gone.size()).allMatch((event) -> event.type() == DirectoryEventType.DELETED);
		assertThat(this.board.pendingConfirmation("rivebelle")).as("consumed").isEmpty();
		String audit = this.api.get(rivebelle, "/api/admin/audit?commune=rivebelle").body();
		assertThat(audit).contains("confirm-sync-leavers").contains("leavers-confirmed");

		// The confirmation was for that pass only: nothing is left to confirm.
		assertRefused(rivebelle, "{\"held_leavers\":" + gone.size() + "}", 409, "not halted");
	}

	private void assertRefused(String token, String body, int status, String description) {
		HttpResponse<String> refused = this.api.post(token, CONFIRMATION, body);
		assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(status);
		assertThat(AdminApiClient.json(refused).get("error_description").asString()).as(body).contains(description);
		assertThat(this.board.pendingConfirmation("rivebelle")).as("nothing recorded for " + body).isEmpty();
	}

	private JsonNode syncOf(String token) {
		for (JsonNode commune : AdminApiClient.json(this.api.get(token, "/api/admin/communes")).get("communes")) {
			if (commune.get("id").asString().equals("rivebelle")) {
				return commune.get("sync");
			}
		}
		throw new AssertionError("Rivebelle not in the overview");
	}

	private long indexedAgents(String token) {
		for (JsonNode commune : AdminApiClient.json(this.api.get(token, "/api/admin/communes")).get("communes")) {
			if (commune.get("id").asString().equals("rivebelle")) {
				return commune.get("index").get("agents").asLong();
			}
		}
		throw new AssertionError("Rivebelle not in the overview");
	}

	/** 30 % of Rivebelle's agents (enabled ones, its admin aside), deleted from the directory at once. */
	private List<String> deleteThirtyPercent() throws Exception {
		LDAPURL url = new LDAPURL(this.directories.directory("rivebelle").orElseThrow().url());
		try (LDAPConnection directory = new LDAPConnection(url.getHost(), url.getPort())) {
			List<String> dns = new ArrayList<>();
			for (SearchResultEntry entry : directory.search(PEOPLE, SearchScope.ONE,
					"(&(uid=*)(!(employeeType=inactive))(!(pwdAccountLockedTime=*))(!(shadowExpire=*)))").getSearchEntries()) {
				if (!Set.of("zdarc").contains(entry.getAttributeValue("uid"))) {
					dns.add(entry.getDN());
				}
			}
			List<String> gone = dns.subList(0, (int) Math.round(dns.size() * 0.3));
			for (String dn : gone) {
				directory.delete(dn);
			}
			return gone;
		}
	}

}
