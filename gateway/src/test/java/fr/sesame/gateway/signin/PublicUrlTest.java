package fr.sesame.gateway.signin;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.RawHttp;
import fr.sesame.gateway.support.TestOpenIdProvider;
import fr.sesame.gateway.support.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code sesame.gateway.sign-in.public-url}, the addresses the gateway gives the provider are its public ones,
 * whatever {@code Host} a request claims.
 */
class PublicUrlTest {

	private static final String PUBLIC_URL = "https://portail.syndicat.example";

	private static TestOpenIdProvider provider;

	private static Upstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		provider = new TestOpenIdProvider();
		upstream = Upstream.answering();
		Map<String, Object> properties = FakeProviderGateways.applicationsAt(provider, upstream);
		properties.put("sesame.gateway.sign-in.public-url", PUBLIC_URL + "/");
		gateway = GatewayInstance.start("gateway-test", properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
		provider.close();
	}

	@Test
	void aForgedHostNeverReachesTheRedirectUriSentToTheProvider() {
		String location = locationOf("GET /oauth2/authorization/sesame HTTP/1.1\r\nHost: attacker.example\r\n"
				+ "Connection: close\r\n\r\n");

		assertThat(location).startsWith(provider.issuer());
		assertThat(Browser.queryOf(location)).containsEntry("redirect_uri",
				PUBLIC_URL + "/login/oauth2/code/sesame");
	}

	@Test
	void theGatewaysOwnAddressIsReplacedToo() {
		String location = locationOf("GET /oauth2/authorization/sesame HTTP/1.1\r\nHost: localhost:" + gateway.port()
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(Browser.queryOf(location)).containsEntry("redirect_uri",
				PUBLIC_URL + "/login/oauth2/code/sesame");
	}

	private static String locationOf(String request) {
		String response = RawHttp.send(gateway.port(), request);
		assertThat(response).startsWith("HTTP/1.1 302");
		Matcher location = Pattern.compile("(?im)^location: (\\S+)").matcher(response);
		assertThat(location.find()).as(response).isTrue();
		return location.group(1);
	}

}
