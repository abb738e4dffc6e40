package fr.sesame.auth.audit;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail through the admin API of the demo server, as a commune admin sees it: zdarc@rivebelle.fr,
 * commune-admin of Rivebelle, reads Rivebelle's entries and nothing of Montclair's, may not check the whole chain,
 * and exports CSV that a spreadsheet opens without running anything.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailApiTest extends DemoServerTest {

	private static String communeAdminToken;

	private final AdminApi api = new AdminApi(ISSUER);

	@Autowired
	private AuditTrail trail;

	@Autowired
	private AuditEventRepository auditEvents;

	private String communeAdmin() {
		synchronized (AuditTrailApiTest.class) {
			if (communeAdminToken == null) {
				communeAdminToken = this.api.adminAccessToken("zdarc@rivebelle.fr");
			}
			return communeAdminToken;
		}
	}

	@Test
	void aWrongPasswordThenASignInAppearInTheCommunesTrail() {
		Browser browser = new Browser();
		LoginForm.refusedAttempt(ISSUER, browser, "hlefevre@rivebelle.fr", "Not-The-Password-42", "");
		String sub = this.api.signIn(browser, "hlefevre@rivebelle.fr");

		HttpResponse<String> response = this.api.get("/api/admin/audit?commune=rivebelle&limit=1000", communeAdmin());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("Not-The-Password-42").doesNotContain(OidcClient.DEMO_PASSWORD)
			.doesNotContain("hlefevre");
		List<JsonNode> entries = entries(AdminApi.parse(response.body()));
		JsonNode failure = entries.stream()
			.filter((entry) -> entry.get("type").asString().equals("SIGN_IN_FAILED")
					&& entry.at("/data/reason").asString().equals("bad_credentials"))
			.findFirst()
			.orElseThrow();
		assertThat(failure.get("principal").asString()).isEqualTo("anonymous");
		assertThat(failure.get("commune").asString()).isEqualTo("rivebelle");
		assertThat(failure.get("ip").asString()).isEqualTo("127.0.0.1");
		JsonNode success = entries.stream()
			.filter((entry) -> entry.get("type").asString().equals("SIGN_IN_SUCCEEDED")
					&& entry.get("principal").asString().equals(sub))
			.findFirst()
			.orElseThrow();
		assertThat(success.get("commune").asString()).isEqualTo("rivebelle");
		assertThat(success.get("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(success.get("seq").asLong()).isGreaterThan(failure.get("seq").asLong());
		assertThat(entries.indexOf(success)).as("newest first").isLessThan(entries.indexOf(failure));

		List<JsonNode> agents = entries(this.api.json("/api/admin/audit?agent=" + sub, communeAdmin()));
		assertThat(agents).allSatisfy((entry) -> assertThat(entry.get("principal").asString()).isEqualTo(sub));
		assertThat(agents).extracting((entry) -> entry.get("type").asString())
			.contains("SIGN_IN_SUCCEEDED", "TOKEN_ISSUED");
		assertThat(agents).filteredOn((entry) -> entry.get("type").asString().equals("TOKEN_ISSUED"))
			.extracting((entry) -> entry.at("/data/client").asString() + " " + entry.at("/data/grant").asString()
					+ " " + entry.at("/data/token").asString())
			.contains("demo-portal authorization_code access_token id_token");

		List<JsonNode> signIns = entries(this.api.json(
				"/api/admin/audit?type=sign_in_succeeded,SIGN_IN_FAILED&limit=2&from=2020-01-01", communeAdmin()));
		assertThat(signIns).hasSize(2)
			.allSatisfy((entry) -> assertThat(entry.get("type").asString()).startsWith("SIGN_IN_"));
	}

	@Test
	void aCommuneAdminSeesNothingOfAnotherCommune() {
		String montclairSub = this.api.signIn(new Browser(), "jdupont@montclair.fr");
		assertThat(this.auditEvents.find(montclairSub, null, "SIGN_IN_SUCCEEDED")).as("Montclair has entries")
			.isNotEmpty();

		HttpResponse<String> montclair = this.api.get("/api/admin/audit?commune=montclair", communeAdmin());
		assertThat(montclair.statusCode()).isEqualTo(404);
		assertThat(montclair.body()).doesNotContain("entries").doesNotContain(montclairSub);
		assertThat(this.api.get("/api/admin/audit.csv?commune=montclair", communeAdmin()).statusCode())
			.isEqualTo(404);

		List<JsonNode> everything = entries(this.api.json("/api/admin/audit?limit=1000", communeAdmin()));
		assertThat(everything).isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry.get("commune").asString()).isEqualTo("rivebelle"));
		assertThat(entries(this.api.json("/api/admin/audit?agent=" + montclairSub, communeAdmin()))).isEmpty();
		assertThat(this.api.get("/api/admin/audit.csv?limit=10000", communeAdmin()).body())
			.doesNotContain(montclairSub)
			.doesNotContain("\"montclair\"");

		assertThat(this.auditEvents.find(null, null, "ADMIN_DENIED")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("action", "audit-read")
				.containsEntry("commune", "montclair")
				.containsEntry("reason", "other-commune"));
	}

	@Test
	void checkingTheWholeChainIsForSyndicateAdminsOnly() {
		HttpResponse<String> verify = this.api.get("/api/admin/audit/verify", communeAdmin());
		assertThat(verify.statusCode()).isEqualTo(403);
		assertThat(verify.body()).doesNotContain("checked");
		List<JsonNode> denials = entries(this.api.json("/api/admin/audit?type=ADMIN_DENIED", communeAdmin()));
		assertThat(denials).anySatisfy((entry) -> {
			assertThat(entry.at("/data/action").asString()).isEqualTo("audit-verify");
			assertThat(entry.at("/data/reason").asString()).isEqualTo("not-syndicate-admin");
			assertThat(entry.get("commune").asString()).isEqualTo("rivebelle");
			assertThat(entry.get("ip").asString()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void theCsvExportCannotRunFormulasInASpreadsheet() {
		this.trail.record("=HYPERLINK(\"http://evil.example\",\"clic\")", AuditEventType.ADMIN_CHANGED,
				Map.of("commune", "rivebelle", "action", "rename", "before", Map.of("label", "@SUM(A1)"), "after",
						Map.of("label", "+33, \"quoted\"\nnext line")));

		HttpResponse<String> csv = this.api.get("/api/admin/audit.csv?type=ADMIN_CHANGED", communeAdmin());
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
			.isEqualTo("attachment; filename=\"sesame-audit.csv\"");
		String[] rows = csv.body().split("\r\n");
		assertThat(rows[0]).isEqualTo(
				"\"seq\",\"id\",\"at\",\"type\",\"principal\",\"commune\",\"ip\",\"data\",\"prev\",\"hash\"");
		assertThat(rows).hasSize(2);
		assertThat(rows[1]).contains(",\"ADMIN_CHANGED\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"clic\"\")\","
				+ "\"rivebelle\",\"\",\"{\"\"action\"\":\"\"rename\"\",\"\"after.label\"\":"
				+ "\"\"+33, \\\"\"quoted\\\"\"\\u000anext line\"\",\"\"before.label\"\":\"\"@SUM(A1)\"\"}\",");
		assertThat(this.api.get("/api/admin/audit.csv?type=SIGN_IN_FAILED", communeAdmin()).body().split("\r\n"))
			.allSatisfy((row) -> assertThat(row).doesNotContain(",=").doesNotContain(",\"="));

		// JSON needs no such care: the values are as recorded.
		JsonNode entry = entries(this.api.json("/api/admin/audit?type=ADMIN_CHANGED", communeAdmin())).get(0);
		assertThat(entry.get("principal").asString()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"clic\")");
		assertThat(entry.at("/data/after.label").asString()).isEqualTo("+33, \"quoted\"\nnext line");
	}

	@Test
	void onlyAdminsWithASecondFactorReadTheTrailAndBadFiltersSayWhy() {
		assertThat(this.api.get("/api/admin/audit", null).statusCode()).isEqualTo(401);
		assertThat(this.api.get("/api/admin/audit", "not-a-token").statusCode()).isEqualTo(401);
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		OidcClient.Request request = portal.authorizationRequest("openid");
		String callback = portal.signIn(new Browser(), request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD,
				null);
		String agentToken = portal.exchange(portal.code(callback, request), request.verifier())
			.body()
			.get("access_token")
			.asString();
		assertThat(this.api.get("/api/admin/audit", agentToken).statusCode()).as("no sesame.admin scope")
			.isEqualTo(403);
		assertThat(this.api.get("/api/admin/audit/verify", agentToken).statusCode()).isEqualTo(403);

		assertBadFilter("type=NOPE", "type must be one of MFA_ENROLLED");
		assertBadFilter("limit=0", "limit must be a whole number between 1 and 1000");
		assertBadFilter("limit=1001", "limit must be a whole number between 1 and 1000");
		assertBadFilter("from=yesterday", "from must be an instant such as 2026-11-30T09:00:00Z");
		assertBadFilter("to=2026-13-01", "to must be an instant");
		assertThat(this.api.get("/api/admin/audit.csv?limit=10000", communeAdmin()).statusCode()).isEqualTo(200);
	}

	@Test
	void everyEntryIsALogLineForTheSiemWithItsSeqAndHash(CapturedOutput output) {
		this.trail.record("agent-for-the-siem", AuditEventType.SESSION_ENDED,
				Map.of("commune", "rivebelle", "reason", "logout"));
		JsonNode entry = entries(this.api.json("/api/admin/audit?agent=agent-for-the-siem", communeAdmin())).get(0);
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("agent-for-the-siem") && candidate.contains("sesame.audit"))
			.findFirst()
			.orElseThrow();
		JsonNode json = AdminApi.parse(line);
		assertThat(json.at("/log/logger").asString()).isEqualTo("sesame.audit");
		assertThat(json.at("/audit/seq").asLong()).isEqualTo(entry.get("seq").asLong());
		assertThat(json.at("/audit/hash").asString()).isEqualTo(entry.get("hash").asString());
		assertThat(json.at("/audit/type").asString()).isEqualTo("SESSION_ENDED");
		assertThat(AdminApi.parse(json.get("message").asString()).get("hash").asString())
			.isEqualTo(entry.get("hash").asString());
	}

	private void assertBadFilter(String query, String message) {
		HttpResponse<String> response = this.api.get("/api/admin/audit?" + query, communeAdmin());
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		assertThat(AdminApi.parse(response.body()).get("error_description").asString()).contains(message);
	}

	private static List<JsonNode> entries(JsonNode page) {
		List<JsonNode> entries = new ArrayList<>();
		page.get("entries").forEach(entries::add);
		assertThat(page.get("count").asInt()).isEqualTo(entries.size());
		return entries;
	}

}
