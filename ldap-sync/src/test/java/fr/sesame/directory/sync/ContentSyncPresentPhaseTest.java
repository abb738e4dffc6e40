package fr.sesame.directory.sync;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.Slapd;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * slapd without a session log answers content synchronisation with the present phase: the entries still there,
 * from which the deleted ones follow. A quiet directory must not look like an empty one.
 */
class ContentSyncPresentPhaseTest {

	static final String BASE = "dc=valdore,dc=fr";

	private static Slapd slapd;

	@BeforeAll
	static void startSlapd() {
		slapd = Slapd.start(BASE, "classpath:directories/sync-openldap.ldif", false);
	}

	@AfterAll
	static void stopSlapd() {
		if (slapd != null) {
			slapd.close();
		}
	}

	@Test
	void deletionsFollowFromThePresentPhaseAndQuietPassesChangeNothing() throws Exception {
		CommuneConfig commune = slapd.valdore().set("role-mappings.portail.agent[0]", "agents");
		try (SyncFixture sync = new SyncFixture(commune, slapd.url(), SyncFixture.settings())) {
			assertThat(sync.passUp().strategy()).isEqualTo("content-sync");
			sync.passUp();
			sync.passUp();
			assertThat(sync.events.all()).isEmpty();
			assertThat(sync.agents()).isEqualTo(12);
			String id = sync.agent("fsimon").orElseThrow().uniqueId();

			try (LDAPConnection admin = slapd.admin()) {
				admin.delete("uid=fsimon,ou=people," + BASE);
			}
			sync.passUp();

			assertThat(sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
				assertThat(event.type()).isEqualTo(DirectoryEventType.DELETED);
				assertThat(event.uniqueId()).isEqualTo(id);
			});
			assertThat(sync.agents()).isEqualTo(11);
			sync.passUp();
			assertThat(sync.events.all()).hasSize(1);
		}
	}

}
