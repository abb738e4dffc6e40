package fr.sesame.gateway.session;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnAfterSignInTest {

	@Test
	void pathsOnThisGatewayAreKeptWithTheirQuery() {
		assertThat(ReturnAfterSignIn.isSafe("/etat-civil/actes?annee=2025&page=2")).isTrue();
		assertThat(ReturnAfterSignIn.target(MockServerHttpRequest.get("/etat-civil/actes?annee=2025").build()))
			.isEqualTo("/etat-civil/actes?annee=2025");
	}

	@Test
	void anythingThatCouldLeaveTheOriginIsRefused() {
		assertThat(ReturnAfterSignIn.isSafe("//evil.example/")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/\\evil.example/")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("https://evil.example/")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("evil.example")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/a\r\nLocation: https://evil.example")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/%2F%2Fevil.example")).isTrue();
		assertThat(ReturnAfterSignIn.isSafe("")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/" + "a".repeat(3000))).isFalse();
	}

	@Test
	void gatewayEndpointsAreNeverReturnedTo() {
		assertThat(ReturnAfterSignIn.isSafe("/logout")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/oauth2/authorization/sesame")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/login/oauth2/code/sesame?code=x")).isFalse();
		assertThat(ReturnAfterSignIn.isSafe("/")).isTrue();
	}

}
