package fr.sesame.auth.token.client;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import fr.sesame.auth.store.AgentAuthorizations;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client_credentials access tokens are verified at introspection rather than stored: the store holds none of them,
 * yet introspection answers active with the token's claims, revocation makes one inactive for every later call, only
 * the client it was issued to may revoke it, and nothing forged passes.
 */
class ClientTokensTest extends DemoServerTest {

	private final OidcClient portal = OidcClient.demoPortal(ISSUER);

	@Autowired
	private AgentAuthorizations authorizations;

	@Test
	void aClientTokenIsNotStoredYetIntrospectionSaysActiveWithItsClaims() {
		String token = accessToken(this.portal);

		HttpResponse<JsonNode> introspection = this.portal.introspect(token);

		assertThat(introspection.statusCode()).isEqualTo(200);
		JsonNode body = introspection.body();
		assertThat(body.path("active").asBoolean()).isTrue();
		assertThat(body.path("client_id").asString()).isEqualTo("demo-portal");
		assertThat(body.path("sub").asString()).isEqualTo("demo-portal");
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("iss").asString()).isEqualTo(ISSUER);
		assertThat(body.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
		assertThat(body.path("jti").asString()).isNotBlank();
		assertThat(this.authorizations.findByPrincipalName("demo-portal")).as("nothing stored").isEmpty();
	}

	@Test
	void aRevokedClientTokenIsInactiveAndOnlyItsClientMayRevokeIt() {
		String token = accessToken(this.portal);
		OidcClient finances = new OidcClient(ISSUER, "demo-finances", "demo-finances-secret-change-me-0123456789abcdef",
				"http://127.0.0.1:9999/callback");

		// RFC 7009 §2.2: answered as for a token the server does not know, and nothing is revoked.
		assertThat(finances.revoke(token).statusCode()).isEqualTo(200);
		assertThat(this.portal.introspect(token).body().path("active").asBoolean()).as("still active").isTrue();

		assertThat(this.portal.revoke(token).statusCode()).isEqualTo(200);
		assertThat(this.portal.introspect(token).body().path("active").asBoolean()).isFalse();
		assertThat(finances.introspect(token).body().path("active").asBoolean()).isFalse();
		assertThat(this.portal.introspect(accessToken(this.portal)).body().path("active").asBoolean())
			.as("another token of the same client").isTrue();
	}

	@Test
	void forgedExpiredOrForeignTokensAreInactive() throws Exception {
		String genuine = accessToken(this.portal);
		JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
		ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(SignedJWT.parse(genuine).getHeader().getKeyID())
			.generate();

		List<String> forgeries = List.of(sign(claims, attacker), // same claims and kid, another key
				genuine.substring(0, genuine.lastIndexOf('.')) + ".", // no signature
				genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA", // broken signature
				"not-a-jwt", "");
		for (String forged : forgeries) {
			HttpResponse<JsonNode> introspection = this.portal.introspect(forged);
			assertThat(introspection.body().path("active").asBoolean(false)).as(forged).isFalse();
		}
		JWTClaimsSet expired = new JWTClaimsSet.Builder(claims).expirationTime(Date.from(Instant.now().minusSeconds(5)))
			.build();
		assertThat(this.portal.introspect(sign(expired, attacker)).body().path("active").asBoolean()).isFalse();
	}

	private static String accessToken(OidcClient client) {
		HttpResponse<JsonNode> response = client.clientCredentials();
		assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
		return response.body().path("access_token").asString();
	}

	private static String sign(JWTClaimsSet claims, ECKey key) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
