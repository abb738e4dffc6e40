package fr.sesame.auth.oidc;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.NodeScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sésame as a relying party written for any provider sees it: {@code src/test/interop/relying-party.mjs} drives the
 * demo server with openid-client (OpenID certified, strict checks, ID token signatures verified against the JWKS):
 * discovery, sign-in asking for a scope Sésame does not grant, code with PKCE, userinfo, refresh rotation and the
 * replayed refresh token refused, introspection and revocation, client_credentials, prompt=none with and without a
 * session, RP-initiated logout.
 */
class StandardRelyingPartyTest extends DemoServerTest {

	@Test
	void openidClientCompletesEveryFlowWithItsStrictChecks() throws Exception {
		NodeScript script = NodeScript.in("src/test/interop", "relying-party.mjs", "openid-client");
		String output = script.runOk(Map.of("SESAME_URL", ISSUER), Path.of("target/interop/relying-party.log"), 2);
		assertThat(output).contains("ok - the ID token is signed by a JWKS key", "ok - offline_access was not granted",
				"ok - after logout prompt=none says login_required", "All checks passed.");
	}

}
