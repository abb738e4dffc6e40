package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.RedisDirectoryIndex;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.TestDirectory;
import fr.sesame.directory.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two workers on the same Redis, as two replicas of ldap-sync: each commune is synchronised by exactly one of them;
 * when one dies without a word, the other takes its communes over once their leases expire.
 */
class TwoWorkersTest {

	private final TestRedis redis = new TestRedis();

	private final JsonMapper json = JsonMapper.builder().build();

	private final RedisDirectoryIndex index = new RedisDirectoryIndex(this.redis.template(), this.redis.prefix(),
			this.json);

	private final RedisSyncBoard board = new RedisSyncBoard(this.redis.template(), this.redis.prefix(), this.json,
			Duration.ofSeconds(10));

	private final RecordingEvents events = new RecordingEvents();

	private final DirectorySyncProperties settings = new DirectorySyncProperties(true, Duration.ofMillis(200),
			Duration.ofMinutes(10), Duration.ofSeconds(2), 50, 5000, Duration.ZERO, Duration.ofSeconds(1), null,
			new DirectorySyncProperties.Safety(0.10, 2));

	private TestDirectory openLdap;

	private TestDirectory activeDirectory;

	private Worker first;

	private Worker second;

	/** A replica: its own connectors, leases under its own name, its own meters. */
	private final class Worker implements AutoCloseable {

		final SimpleMeterRegistry meters = new SimpleMeterRegistry();

		final Map<CommuneDirectoryProperties, UnboundIdDirectoryConnector> connectors = new LinkedHashMap<>();

		final DirectorySync sync;

		Worker(String name, boolean releasesLeasesOnStop) {
			for (CommuneConfig commune : new CommuneConfig[] { ModifyTimestampSyncTest.commune(TwoWorkersTest.this.openLdap),
					ActiveDirectorySyncTest.commune(TwoWorkersTest.this.activeDirectory) }) {
				this.connectors.put(commune.bind(), commune.connector());
			}
			CommuneLeases redisLeases = new RedisCommuneLeases(TwoWorkersTest.this.redis.template(),
					TwoWorkersTest.this.redis.prefix(), name, TwoWorkersTest.this.settings.lease());
			CommuneLeases leases = releasesLeasesOnStop ? redisLeases : new CrashingLeases(redisLeases);
			this.sync = DirectorySync.create(this.connectors, TwoWorkersTest.this.index, TwoWorkersTest.this.events,
					leases, TwoWorkersTest.this.board, TwoWorkersTest.this.settings, this.meters, Clock.systemUTC());
		}

		SyncState state(String commune) {
			return this.sync.status(commune).orElseThrow().state();
		}

		long passes(String commune) {
			return this.meters.find(SyncMetrics.PASSES).tag("commune", commune).timers().stream()
				.mapToLong(Timer::count)
				.sum();
		}

		@Override
		public void close() {
			this.sync.close();
			this.connectors.values().forEach(UnboundIdDirectoryConnector::close);
		}

	}

	/** A replica killed mid-flight never gives its leases back: they have to expire. */
	private record CrashingLeases(CommuneLeases delegate) implements CommuneLeases {

		@Override
		public String owner() {
			return this.delegate.owner();
		}

		@Override
		public boolean acquire(String communeId) {
			return this.delegate.acquire(communeId);
		}

		@Override
		public boolean renew(String communeId) {
			return this.delegate.renew(communeId);
		}

		@Override
		public Optional<String> holder(String communeId) {
			return this.delegate.holder(communeId);
		}

		@Override
		public void release(String communeId) {
		}

	}

	@BeforeEach
	void start() {
		this.openLdap = TestDirectory.start(DirectoryFlavour.OPENLDAP, "classpath:directories/sync-openldap.ldif",
				ModifyTimestampSyncTest.BASE);
		this.activeDirectory = TestDirectory.start(DirectoryFlavour.ACTIVE_DIRECTORY,
				"classpath:directories/sync-active-directory.ldif", ActiveDirectorySyncTest.BASE);
		this.first = new Worker("worker-1", false);
		this.second = new Worker("worker-2", true);
	}

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
		this.openLdap.close();
		this.activeDirectory.close();
		this.redis.close();
	}

	@Test
	void eachCommuneIsSynchronisedByOneWorkerAndTakenOverWhenItDies() throws Exception {
		this.first.sync.start();
		this.second.sync.start();
		String[] communes = { "valdore", "valdore-ad" };
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (String commune : communes) {
				boolean one = this.first.state(commune) == SyncState.UP ^ this.second.state(commune) == SyncState.UP;
				if (!one) {
					return false;
				}
			}
			return true;
		});
		Thread.sleep(1000);
		for (String commune : communes) {
			Worker owner = (this.first.state(commune) == SyncState.UP) ? this.first : this.second;
			Worker standby = (owner == this.first) ? this.second : this.first;
			assertThat(standby.state(commune)).isEqualTo(SyncState.STANDBY);
			assertThat(standby.passes(commune)).as("%s synchronised by one worker only", commune).isZero();
			assertThat(owner.passes(commune)).isGreaterThan(2);
			assertThat(standby.sync.status(commune).orElseThrow().owner())
				.isEqualTo(owner.sync.status(commune).orElseThrow().owner());
			assertThat(this.board.status(commune).orElseThrow().state()).isEqualTo(SyncState.UP);
		}

		// Let the first worker hold at least one commune, then kill it.
		this.second.sync.stop();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.first.state("valdore") == SyncState.UP && this.first.state("valdore-ad") == SyncState.UP);
		Worker revived = new Worker("worker-2", true);
		try {
			revived.sync.start();
			Thread.sleep(600);
			assertThat(revived.passes("valdore") + revived.passes("valdore-ad")).as("leases held by worker-1").isZero();
			long killedAt = System.nanoTime();
			this.first.sync.stop();

			await().atMost(Duration.ofSeconds(10))
				.until(() -> revived.state("valdore") == SyncState.UP && revived.state("valdore-ad") == SyncState.UP);
			assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("within the lease and a round")
				.isLessThan(Duration.ofSeconds(4));
			try (LDAPConnection admin = new LDAPConnection("127.0.0.1", this.openLdap.embedded().port())) {
				admin.modify("uid=lroux,ou=people," + ModifyTimestampSyncTest.BASE,
						new Modification(ModificationType.REPLACE, "employeeType", "inactive"));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.events.of(DirectoryEventType.DISABLED).size() == 1);
		}
		finally {
			revived.close();
		}
	}

}
