package fr.sesame.auth.audit;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A syndicate admin (none in the demo directories: here Rivebelle's admins-commune group maps to syndicate-admin)
 * reads every commune's entries and checks the whole chain over HTTP, which finds an entry modified in the store.
 */
class AuditTrailSyndicateAdminTest extends DemoServerTest {

	@DynamicPropertySource
	static void rivebelleAdminsAdministerTheSyndicate(DynamicPropertyRegistry registry) {
		new CommuneRegistration(registry).demoRivebelle();
		registry.add("sesame.directory.communes[0].role-mappings.sesame-admin.syndicate-admin[0]",
				() -> "admins-commune");
	}

	private final AdminApi api = new AdminApi(ISSUER);

	@Autowired
	private AuditStore store;

	@Test
	void aSyndicateAdminReadsEveryCommuneAndChecksTheChain() {
		LoginForm.refusedAttempt(ISSUER, new Browser(), "someone@nowhere.example", "whatever-it-is", "");
		String token = this.api.adminAccessToken("zdarc@rivebelle.fr");

		List<JsonNode> entries = entries(this.api.json("/api/admin/audit?limit=1000", token));
		assertThat(entries).anySatisfy((entry) -> {
			assertThat(entry.get("type").asString()).isEqualTo("SIGN_IN_FAILED");
			assertThat(entry.get("commune").asString()).isEqualTo("none");
			assertThat(entry.at("/data/reason").asString()).isEqualTo("unknown_commune");
		});
		// The enrolment event names no commune: it is the admin's, known from its sign-in.
		assertThat(entries).anySatisfy((entry) -> {
			assertThat(entry.get("type").asString()).isEqualTo("MFA_ENROLLED");
			assertThat(entry.get("commune").asString()).isEqualTo("rivebelle");
		});
		assertThat(this.api.get("/api/admin/audit.csv", token).body()).doesNotContain("someone@nowhere");

		JsonNode verification = this.api.json("/api/admin/audit/verify", token);
		assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
		assertThat(verification.get("checked").asLong()).isGreaterThanOrEqualTo(entries.size());
		assertThat(verification.get("firstBroken").isNull()).isTrue();

		// Someone with access to the store changes who signed in: the check says where.
		((InMemoryAuditStore) this.store).replace(2, (entry) -> new AuditEntry(entry.seq(), entry.id(), entry.at(),
				entry.type(), "someone-else", entry.commune(), entry.ip(), entry.data(), entry.prev(), entry.hash()));
		HttpResponse<String> broken = this.api.get("/api/admin/audit/verify", token);
		assertThat(broken.statusCode()).isEqualTo(200);
		JsonNode report = AdminApi.parse(broken.body());
		assertThat(report.get("ok").asBoolean()).isFalse();
		assertThat(report.at("/firstBroken/seq").asLong()).isEqualTo(2);
		assertThat(report.at("/firstBroken/id").asString()).isEqualTo("2");
		assertThat(report.at("/firstBroken/problem").asString()).isEqualTo("modified");
	}

	private static List<JsonNode> entries(JsonNode page) {
		List<JsonNode> entries = new ArrayList<>();
		page.get("entries").forEach(entries::add);
		return entries;
	}

}
