package fr.sesame.auth.admin.console;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.sesame.auth.audit.AuditEntry;
import fr.sesame.auth.audit.AuditQuery;
import fr.sesame.auth.audit.AuditStore;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as Rivebelle's commune admin uses it, through HTTP with a real session: who gets in, role assignments
 * (grant, expiry, removal, CSV import all or nothing), the actions on an agent (sign out everywhere, reset its second
 * factors, each after a confirmation page), the audit trail and its export, in French and English. Every refused
 * change says why and changes nothing.
 */
class ConsoleTest extends DemoServerTest {

	private static final ConsoleSession CONSOLE = new ConsoleSession(ISSUER);

	private static final String ASSIGNMENTS = "/console/communes/rivebelle/assignments";

	private static final Pattern ASSIGNMENT_ID = Pattern.compile("id=\"assignment-([0-9a-f-]{36})\"");

	private static Browser admin;

	@Autowired
	private AuditStore audit;

	private static synchronized Browser admin() {
		if (admin == null) {
			admin = CONSOLE.signIn("zdarc@rivebelle.fr");
		}
		return admin;
	}

	@Test
	void onlyAdminsWithASecondFactorGetIn() {
		admin();
		Browser agent = new Browser();
		CONSOLE.signInWithPassword(agent, "jdupont@rivebelle.fr");
		HttpResponse<String> refused = CONSOLE.get(agent, "/console");
		assertThat(refused.statusCode()).as("an agent without an admin role").isEqualTo(403);
		assertThat(CONSOLE.get(agent, "/console/communes/rivebelle/agents").statusCode()).isEqualTo(403);
		assertThat(entries("ADMIN_DENIED")).anySatisfy((entry) -> assertThat(entry.dataJson())
			.contains("\"reason\":\"not-an-admin\""));

		Browser passwordOnly = new Browser();
		HttpResponse<String> secondFactor = CONSOLE.signInWithPassword(passwordOnly, "zdarc@rivebelle.fr");
		assertThat(secondFactor.uri().getPath()).as("an admin signed in with its password only").isEqualTo("/mfa");
		HttpResponse<String> again = CONSOLE.get(passwordOnly, "/console/communes/rivebelle/assignments");
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(Browser.location(again)).isEqualTo(ISSUER + "/mfa");
		HttpResponse<String> change = passwordOnly.post(ISSUER + ASSIGNMENTS, Map.of("_csrf",
				Browser.csrf(secondFactor.body()), "login", "afaure", "grant", "demo-portal/agent", "expiresAt", ""));
		assertThat(Browser.location(change)).as("a change without a second factor").isEqualTo(ISSUER + "/mfa");
		assertThat(entries("ADMIN_DENIED")).anySatisfy((entry) -> assertThat(entry.dataJson())
			.contains("\"reason\":\"no-second-factor\""));
		assertThat(CONSOLE.get(admin(), ASSIGNMENTS).body()).as("nothing assigned").doesNotContain(">afaure<");

		assertThat(CONSOLE.get(new Browser(), "/console").statusCode()).as("signed out").isEqualTo(302);
	}

	@Test
	void aCommuneAdminAssignsARoleSeesItChangesItsExpiryAndRemovesIt() {
		String expiry = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(30).toString();
		HttpResponse<String> granted = CONSOLE.post(admin(), ASSIGNMENTS,
				Map.of("login", "hlefevre", "grant", "demo-portal/officier-etat-civil", "expiresAt", expiry));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
		assertThat(Browser.location(granted)).isEqualTo(ISSUER + ASSIGNMENTS + "?done=assigned");
		HttpResponse<String> list = CONSOLE.get(admin(), ASSIGNMENTS + "?done=assigned");
		assertThat(list.body()).contains("Le rôle est attribué.", "Hélène Lefèvre", "officier-etat-civil");
		String id = assignmentOf(list.body(), "hlefevre", "officier-etat-civil");
		assertThat(CONSOLE.get(admin(), "/console/communes/rivebelle/agents/hlefevre").body())
			.contains("Attribué par un administrateur, jusqu’au");
		assertThat(entries("ROLE_ASSIGNED")).anySatisfy((entry) -> assertThat(entry.dataJson())
			.contains("\"assignment\":\"" + id + "\"", "\"via\":\"console\""));

		HttpResponse<String> past = CONSOLE.post(admin(), ASSIGNMENTS + "/" + id + "/expiry",
				Map.of("expiresAt", "2020-01-01"));
		assertThat(past.statusCode()).isEqualTo(400);
		assertThat(past.body()).contains("<title>Erreur – ", "Date d’expiration invalide", "aria-invalid=\"true\"");
		assertThat(rowOf(CONSOLE.get(admin(), ASSIGNMENTS).body(), id)).as("unchanged").doesNotContain("Aucune");

		HttpResponse<String> noExpiry = CONSOLE.post(admin(), ASSIGNMENTS + "/" + id + "/expiry",
				Map.of("expiresAt", ""));
		assertThat(noExpiry.statusCode()).isEqualTo(302);
		assertThat(rowOf(CONSOLE.get(admin(), ASSIGNMENTS).body(), id)).contains("Aucune");

		assertThat(CONSOLE.post(admin(), ASSIGNMENTS + "/" + id + "/remove", Map.of()).statusCode()).isEqualTo(302);
		assertThat(CONSOLE.get(admin(), ASSIGNMENTS + "?done=revoked").body()).contains("Le rôle est retiré.")
			.doesNotContain(id);
		assertThat(CONSOLE.post(admin(), ASSIGNMENTS + "/" + id + "/remove", Map.of()).statusCode())
			.as("already removed").isEqualTo(404);
	}

	@Test
	void aCommuneAdminIsNotOfferedNorGrantedAnAdminRoleAndAFormWithoutCsrfTokenChangesNothing() {
		String before = ConsoleSession.stable(CONSOLE.get(admin(), ASSIGNMENTS).body());
		assertThat(before).doesNotContain("value=\"sesame-admin/");
		HttpResponse<String> refused = CONSOLE.post(admin(), ASSIGNMENTS,
				Map.of("login", "jloneil", "grant", "sesame-admin/commune-admin", "expiresAt", ""));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("id=\"error-summary\"",
				"Seul un administrateur du syndicat attribue les rôles d’administration.");
		assertThat(entries("ADMIN_DENIED")).anySatisfy((entry) -> assertThat(entry.dataJson())
			.contains("\"reason\":\"admin-role\"", "\"target\":\"jloneil\""));

		HttpResponse<String> unknown = CONSOLE.post(admin(), ASSIGNMENTS,
				Map.of("login", "personne", "grant", "demo-portal/agent", "expiresAt", ""));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("Aucun agent de cet identifiant dans cette commune.")
			.as("what was typed is shown again").contains("value=\"personne\"");

		HttpResponse<String> withoutToken = admin().post(ISSUER + ASSIGNMENTS,
				Map.of("login", "jloneil", "grant", "demo-portal/agent", "expiresAt", ""));
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(ConsoleSession.stable(CONSOLE.get(admin(), ASSIGNMENTS).body())).as("nothing changed")
			.isEqualTo(before);
	}

	@Test
	void aCsvImportWithBadRowsListsEveryBadLineAndImportsNothing() {
		String before = ConsoleSession.stable(CONSOLE.get(admin(), ASSIGNMENTS).body());
		String csv = """
				login,client,role,expires_at
				jloneil,demo-portal,agent,
				personne,demo-portal,agent,
				jloneil,demo-portal,no-such-role,
				jloneil,sesame-admin,commune-admin,
				jloneil,demo-portal,officier-etat-civil,2020-01-01
				jloneil,demo-portal
				""";
		HttpResponse<String> refused = CONSOLE.upload(admin(), ASSIGNMENTS + "/import", "roles.csv", csv);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("rien n’a été importé", "Ligne 3 : Aucun agent",
				"Ligne 4 : Cette application ne déclare pas ce rôle.",
				"Ligne 5 : Seul un administrateur du syndicat", "Ligne 6 : Date d’expiration invalide",
				"Ligne 7 : La ligne n’a pas quatre cellules").doesNotContain("Ligne 2 ");
		assertThat(ConsoleSession.stable(CONSOLE.get(admin(), ASSIGNMENTS).body())).as("nothing imported")
			.isEqualTo(before);

		HttpResponse<String> noHeader = CONSOLE.upload(admin(), ASSIGNMENTS + "/import", "roles.csv",
				"jloneil,demo-portal,agent,\n");
		assertThat(noHeader.statusCode()).isEqualTo(400);
		assertThat(noHeader.body()).contains("Line 1 must be the header login,client,role,expires_at");

		HttpResponse<String> imported = CONSOLE.upload(admin(), ASSIGNMENTS + "/import", "roles.csv",
				"login,client,role,expires_at\njloneil,demo-portal,agent,\nscordier,demo-portal,officier-etat-civil,\n");
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(302);
		HttpResponse<String> after = CONSOLE.get(admin(), Browser.location(imported).substring(ISSUER.length()));
		assertThat(after.body()).contains("2 habilitations importées.");
		assertThat(assignmentOf(after.body(), "jloneil", "agent")).isNotNull();
		assertThat(assignmentOf(after.body(), "scordier", "officier-etat-civil")).isNotNull();
	}

	@Test
	void signingAnAgentOutEverywhereRevokesItsTokensAndEndsItsSessionsAfterAConfirmation() {
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		Browser agent = new Browser();
		OidcClient.Request request = portal.authorizationRequest("openid");
		String callback = portal.signIn(agent, request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD, null);
		String refreshToken = portal.exchange(portal.code(callback, request), request.verifier())
			.body()
			.get("refresh_token")
			.asString();
		String agentPage = "/console/communes/rivebelle/agents/jdupont";
		assertThat(CONSOLE.get(admin(), agentPage).body()).contains("Portail de démonstration")
			.doesNotContain("Aucune session ouverte");

		HttpResponse<String> confirmation = CONSOLE.get(admin(), agentPage + "/sign-out");
		assertThat(confirmation.statusCode()).isEqualTo(200);
		assertThat(confirmation.body()).contains("Déconnecter Jean Dupont partout ?",
				"action=\"/console/communes/rivebelle/agents/jdupont/sign-out\"");
		assertThat(portal.refresh(refreshToken).statusCode()).as("nothing done before the confirmation")
			.isEqualTo(200);

		HttpResponse<String> done = CONSOLE.post(admin(), agentPage + "/sign-out", Map.of());
		assertThat(done.statusCode()).isEqualTo(302);
		assertThat(CONSOLE.get(admin(), agentPage + "?done=sign-out").body())
			.contains("L’agent est déconnecté partout", "Aucune session ouverte");
		assertThat(portal.refresh(refreshToken).statusCode()).as("tokens revoked").isEqualTo(400);
		assertThat(Browser.location(agent.get(ISSUER + "/"))).as("login session ended").endsWith("/login");
		assertThat(entries("ADMIN_CHANGED")).anySatisfy((entry) -> assertThat(entry.dataJson())
			.contains("\"action\":\"sign-out-agent\"", "\"target\":\"jdupont\""));
	}

	@Test
	void resettingAnAgentsSecondFactorsMakesItEnrolAgainAfterAConfirmation() {
		OidcClient finances = new OidcClient(ISSUER, "demo-finances",
				"demo-finances-secret-change-me-0123456789abcdef", "http://127.0.0.1:9999/callback");
		SecondFactorPages pages = new SecondFactorPages(ISSUER, new Browser());
		HttpResponse<String> enrolment = pages.signInWithPassword(finances, finances.authorizationRequest("openid"),
				"lgiraud@rivebelle.fr");
		assertThat(enrolment.uri().getPath()).isEqualTo("/mfa/enrol");
		pages.submit(enrolment, "/mfa/enrol/totp", Map.of("code", SecondFactorPages.codeNow(
				SecondFactorPages.secretOf(enrolment))));
		String agentPage = "/console/communes/rivebelle/agents/lgiraud";
		assertThat(CONSOLE.get(admin(), agentPage).body()).contains("Application d’authentification : inscrite");

		assertThat(CONSOLE.get(admin(), agentPage + "/reset-factors").body())
			.contains("Réinitialiser les seconds facteurs de Léon Giraud ?");
		assertThat(CONSOLE.post(admin(), agentPage + "/reset-factors", Map.of()).statusCode()).isEqualTo(302);
		assertThat(CONSOLE.get(admin(), agentPage + "?done=reset-factors").body())
			.contains("Les seconds facteurs de l’agent sont supprimés", "Application d’authentification : aucune");
		HttpResponse<String> next = new SecondFactorPages(ISSUER, new Browser()).signInWithPassword(finances,
				finances.authorizationRequest("openid"), "lgiraud@rivebelle.fr");
		assertThat(next.uri().getPath()).as("enrols again").isEqualTo("/mfa/enrol");
		assertThat(entries("MFA_RESET")).anySatisfy((entry) -> assertThat(entry.commune()).isEqualTo("rivebelle"));
	}

	@Test
	void theAuditTrailIsFilteredAndExported() {
		CONSOLE.post(admin(), ASSIGNMENTS,
				Map.of("login", "ijacquet", "grant", "demo-portal/agent", "expiresAt", ""));
		HttpResponse<String> page = CONSOLE.get(admin(), "/console/audit?type=ROLE_ASSIGNED&from=2026-01-01");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<code>ROLE_ASSIGNED</code>", "ijacquet")
			.doesNotContain("<code>SIGN_IN_SUCCEEDED</code>");

		HttpResponse<String> csv = CONSOLE.get(admin(), "/console/audit.csv?type=ROLE_ASSIGNED");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.body()).startsWith("\"seq\",\"id\",\"at\",\"type\"").contains("ijacquet")
			.doesNotContain("SIGN_IN_SUCCEEDED");

		HttpResponse<String> bad = CONSOLE.get(admin(), "/console/audit?from=yesterday");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("id=\"error-summary\"", "from must be an instant");
		assertThat(CONSOLE.get(admin(), "/console/audit.csv?from=yesterday").statusCode()).isEqualTo(400);
	}

	@Test
	void everyPageSpeaksFrenchAndEnglish() {
		List<String> pages = List.of("/console", "/console/communes/rivebelle/agents?q=j",
				"/console/communes/rivebelle/agents/zdarc", "/console/communes/rivebelle/agents/zdarc/sign-out",
				"/console/communes/rivebelle/agents/zdarc/reset-factors", ASSIGNMENTS,
				"/console/communes/rivebelle/applications", "/console/audit", "/console/communes/nowhere/agents");
		assertThat(CONSOLE.get(admin(), "/console?lang=en").body()).contains("<html lang=\"en\"", "Audit trail");
		for (String path : pages) {
			HttpResponse<String> english = CONSOLE.get(admin(), path);
			assertThat(english.body()).as(path).contains("<html lang=\"en\"").doesNotContain("Journal d’audit");
		}
		assertThat(CONSOLE.get(admin(), "/console?lang=fr").body()).contains("<html lang=\"fr\"");
		for (String path : pages) {
			HttpResponse<String> french = CONSOLE.get(admin(), path);
			assertThat(french.statusCode()).as(path).isEqualTo(path.contains("nowhere") ? 404 : 200);
			assertThat(french.body()).as(path).contains("<html lang=\"fr\"", "Journal d’audit")
				.doesNotContain("Audit trail");
			assertThat(french.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
				.doesNotContain("script-src");
		}
		assertThat(CONSOLE.get(admin(), "/console/communes/rivebelle/applications").body())
			.contains("Portail de démonstration", "rôle d’administration, attribué par le syndicat seulement");
	}

	private List<AuditEntry> entries(String type) {
		return this.audit.find(new AuditQuery(null, null, Set.of(type), null, null, 1000));
	}

	/** The id of the listed assignment of that agent and role. */
	private static String assignmentOf(String page, String login, String role) {
		var matcher = ASSIGNMENT_ID.matcher(page);
		while (matcher.find()) {
			String row = rowOf(page, matcher.group(1));
			if (row.contains(">" + login + "<") && row.contains("<code>" + role + "</code>")) {
				return matcher.group(1);
			}
		}
		throw new AssertionError("no assignment of " + role + " to " + login + " in\n" + page);
	}

	private static String rowOf(String page, String id) {
		int start = page.indexOf("id=\"assignment-" + id + "\"");
		assertThat(start).as("assignment " + id + " listed").isNotNegative();
		return page.substring(start, page.indexOf("</tr>", start));
	}

}
