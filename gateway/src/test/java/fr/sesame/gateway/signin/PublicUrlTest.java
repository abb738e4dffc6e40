package fr.sesame.gateway.signin;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.OwnGateway;
import fr.sesame.gateway.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code sesame.gateway.sign-in.public-url}, the addresses the gateway gives the provider are its public ones,
 * whatever {@code Host} a request claims.
 */
class PublicUrlTest {

	private static final String PUBLIC_URL = "https://portail.syndicat.example";

	private static OwnGateway own;

	@BeforeAll
	static void start() {
		own = OwnGateway.start("gateway-test", Map.of("sesame.gateway.sign-in.public-url", PUBLIC_URL + "/"));
	}

	@AfterAll
	static void stop() {
		own.close();
	}

	@Test
	void aForgedHostNeverReachesTheRedirectUriSentToTheProvider() {
		String location = locationOf("GET /oauth2/authorization/sesame HTTP/1.1\r\nHost: attacker.example\r\n"
				+ "Connection: close\r\n\r\n");

		assertThat(location).startsWith(own.provider().issuer());
		assertThat(Browser.queryOf(location)).containsEntry("redirect_uri",
				PUBLIC_URL + "/login/oauth2/code/sesame");
	}

	@Test
	void theGatewaysOwnAddressIsReplacedToo() {
		String location = locationOf("GET /oauth2/authorization/sesame HTTP/1.1\r\nHost: localhost:"
				+ own.gateway().port() + "\r\nConnection: close\r\n\r\n");

		assertThat(Browser.queryOf(location)).containsEntry("redirect_uri",
				PUBLIC_URL + "/login/oauth2/code/sesame");
	}

	private static String locationOf(String request) {
		String response = RawHttp.send(own.gateway().port(), request);
		assertThat(response).startsWith("HTTP/1.1 302");
		Matcher location = Pattern.compile("(?im)^location: (\\S+)").matcher(response);
		assertThat(location.find()).as(response).isTrue();
		return location.group(1);
	}

}
