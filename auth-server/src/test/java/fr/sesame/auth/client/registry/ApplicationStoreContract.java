package fr.sesame.auth.client.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.client.ClientProperties.ClientMfa;
import fr.sesame.auth.client.ClientProperties.GrantType;
import fr.sesame.auth.client.ClientProperties.SigningAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;

/** What every store of registered clients guarantees, in memory as in Redis. */
abstract class ApplicationStoreContract {

	protected ApplicationStore store;

	protected abstract ApplicationStore create();

	@BeforeEach
	void createStore() {
		this.store = create();
	}

	@Test
	void aRegisteredClientIsFoundWithEverythingItHolds() {
		Application portal = application("portail-rh", "Portail RH", "{hmac-sha256}abc");

		assertThat(this.store.add(portal)).isTrue();

		assertThat(this.store.find("portail-rh")).contains(portal);
		assertThat(this.store.find("absent")).isEmpty();
	}

	@Test
	void clientsAreListedByClientId() {
		this.store.add(application("zeta", "Zeta", null));
		this.store.add(application("alpha", "Alpha", null));

		assertThat(this.store.all()).extracting(Application::clientId).containsExactly("alpha", "zeta");
	}

	@Test
	void aTakenIdIsRefusedAndTheFirstClientKept() {
		Application first = application("portail-rh", "Premier", null);
		this.store.add(first);

		assertThat(this.store.add(application("portail-rh", "Second", null))).isFalse();

		assertThat(this.store.find("portail-rh")).contains(first);
	}

	@Test
	void aClientIsReplacedOnlyFromWhatIsStored() {
		Application registered = application("portail-rh", "Portail RH", "{hmac-sha256}old");
		this.store.add(registered);
		Application rotated = registered.withSecretHash("{hmac-sha256}new", registered.updatedAt().plusSeconds(1));
		assertThat(this.store.replace(registered, rotated)).isTrue();

		Application staleEdit = application("portail-rh", "Renamed", "{hmac-sha256}old");
		assertThat(this.store.replace(registered, staleEdit)).as("an edit from before the rotation").isFalse();

		assertThat(this.store.find("portail-rh")).contains(rotated);
		assertThat(this.store.replace(application("absent", "Absent", null), application("absent", "X", null)))
			.isFalse();
		assertThat(this.store.find("absent")).isEmpty();
	}

	@Test
	void aRemovedClientIsGone() {
		Application registered = application("portail-rh", "Portail RH", null);
		this.store.add(registered);

		assertThat(this.store.remove("portail-rh")).contains(registered);

		assertThat(this.store.find("portail-rh")).isEmpty();
		assertThat(this.store.all()).isEmpty();
		assertThat(this.store.remove("portail-rh")).isEmpty();
	}

	static Application application(String clientId, String name, String secretHash) {
		return new Application(clientId, "internal-" + clientId, Application.Source.REGISTERED, name,
				List.of("https://rh.example.fr/callback", "http://127.0.0.1:9999/callback"), List.of(),
				Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), true, false, SigningAlgorithm.ES256,
				Set.of("openid", "profile"), Duration.ofMinutes(10), Duration.ofHours(8), ClientMfa.REQUIRED,
				List.of("gestionnaire", "lecteur"), List.of("rivebelle"), "https://rh.example.fr/logout", secretHash,
				Instant.parse("2026-12-06T10:15:30.123456Z"));
	}

}
