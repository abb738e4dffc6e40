package fr.sesame.auth.login;

import java.net.http.HttpResponse;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.directory.support.SambaDomainController;

import static fr.sesame.directory.support.SambaDomainController.AGENTS;
import static fr.sesame.directory.support.SambaDomainController.BASE;
import static fr.sesame.directory.support.SambaDomainController.GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole sign-in against a real Active Directory domain controller (Samba, StartTLS, a plain service account): the
 * login page, the directory's claims in the tokens, and brute force stopped before the domain's own lockout policy
 * locks the account.
 */
class ActiveDirectorySignInTest extends DemoServerTest {

	static final String PASSWORD = "Motdepasse-1";

	private static SambaDomainController dc;

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	@DynamicPropertySource
	static void montclairOnADomainController(DynamicPropertyRegistry registry) throws LDAPException {
		dc = SambaDomainController.start();
		String jean = dc.addUser(AGENTS, "jdupont", "Jean", "Dupont", PASSWORD,
				new Attribute("userPrincipalName", "jean.dupont@montclair.fr"),
				new Attribute("mail", "jean.dupont@montclair.fr"));
		String zoe = dc.addUser(AGENTS, "zdarc", "Zoé", "D'Arc-Rousseau", PASSWORD);
		String etatCivil = dc.addGroup(GROUPS, "etat-civil", zoe);
		dc.addGroup(GROUPS, "agents", jean, etatCivil);
		// The domain locks an account after 5 wrong passwords, as many communes' policies do.
		dc.replace(BASE, "lockoutThreshold", "5");
		new CommuneRegistration(registry).demoRivebelle()
			.commune(dc.commune()
				.set("netbios-domain", "MONTCLAIR")
				.set("lockout-threshold", "5")
				.set("lockout-window", "30m")
				.set("role-mappings.demo-portal.agent[0]", "agents")
				.set("role-mappings.demo-portal.officier-etat-civil[0]", "etat-civil"));
	}

	@AfterAll
	static void stopDomainController() {
		if (dc != null) {
			dc.close();
		}
	}

	@Test
	void agentSignsInWithTheDomainsNamesGroupsAndRoles() throws Exception {
		JWTClaimsSet idToken = signIn("jean.dupont@montclair.fr");

		assertThat(idToken.getStringClaim("commune")).isEqualTo("montclair");
		assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("jdupont");
		assertThat(idToken.getStringClaim("name")).isEqualTo("Jean Dupont");
		assertThat(idToken.getStringClaim("email")).isEqualTo("jean.dupont@montclair.fr");
		assertThat(idToken.getStringListClaim("groups")).containsExactly("agents");
		assertThat(idToken.getStringListClaim("roles")).containsExactly("agent");

		JWTClaimsSet zoe = signIn("zdarc@montclair.fr");
		assertThat(zoe.getStringClaim("family_name")).isEqualTo("D'Arc-Rousseau");
		assertThat(zoe.getStringListClaim("groups")).containsExactlyInAnyOrder("etat-civil", "agents");
		assertThat(zoe.getStringListClaim("roles")).containsExactlyInAnyOrder("agent", "officier-etat-civil");
		assertThat(zoe.getSubject()).isNotEqualTo(idToken.getSubject());

		// As a Windows workstation writes it: the domain's NetBIOS name, then the sAMAccountName.
		assertThat(signIn("MONTCLAIR\\jdupont").getSubject()).isEqualTo(idToken.getSubject());
	}

	@Test
	void wrongPasswordsStopBeforeTheDomainLocksTheAccount() throws LDAPException {
		String dn = dc.addUser(AGENTS, "mmartin", "Marie", "Martin", PASSWORD);
		for (int attempt = 1; attempt <= 10; attempt++) {
			HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "mmartin@montclair.fr",
					"wrong-" + attempt, null);
			assertThat(page.statusCode()).as("attempt %d", attempt).isEqualTo((attempt <= 4) ? 401 : 429);
		}

		assertNotLockedAfterFourFailures(dn);
	}

	@Test
	void wrongPasswordsUnderEachNameOfAnAccountCountTogether() throws LDAPException {
		// One account, four ways to type it: its sAMAccountName under a login domain, its UPN (another name), the
		// bare login with the commune picked from the list, and the domain's NetBIOS name before it.
		String dn = dc.addUser(AGENTS, "pleroy", "Paul", "Leroy", PASSWORD,
				new Attribute("userPrincipalName", "paul.leroy@montclair.fr"));
		String[][] names = { { "pleroy@montclair.fr", null }, { "paul.leroy@montclair.fr", null },
				{ "pleroy", "montclair" }, { "MONTCLAIR\\pleroy", null } };
		for (int attempt = 1; attempt <= 8; attempt++) {
			String[] name = names[(attempt - 1) % names.length];
			HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), name[0], "wrong-" + attempt,
					name[1]);
			assertThat(page.statusCode()).as("attempt %d as %s", attempt, name[0])
				.isEqualTo((attempt <= 4) ? 401 : 429);
		}

		assertNotLockedAfterFourFailures(dn);
	}

	private static void assertNotLockedAfterFourFailures(String dn) throws LDAPException {
		try (LDAPConnection admin = dc.admin()) {
			SearchResultEntry account = admin.getEntry(dn, "badPwdCount", "lockoutTime");
			assertThat(account.getAttributeValueAsInteger("badPwdCount")).as("failed binds the DC counted")
				.isEqualTo(4);
			Long lockoutTime = account.getAttributeValueAsLong("lockoutTime");
			assertThat(lockoutTime == null || lockoutTime == 0).as("not locked (lockoutTime %s)", lockoutTime)
				.isTrue();
			admin.bind(dn, PASSWORD);
		}
	}

	private JWTClaimsSet signIn(String login) throws Exception {
		OidcClient.Request request = this.client.authorizationRequest("openid profile email");
		String code = this.client.code(this.client.signIn(new Browser(), request, login, PASSWORD, null), request);
		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return SignedJWT.parse(tokens.body().path("id_token").asString()).getJWTClaimsSet();
	}

}
