package fr.sesame.auth.role;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestClock;
import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against the real Redis on 127.0.0.1:6379 (fails, never skips, when it is not there). */
class RedisRoleAssignmentsTest extends RoleAssignmentsContract {

	private TestRedis redis;

	@Override
	protected RoleAssignments create(TestClock clock) {
		this.redis = new TestRedis();
		return new RedisRoleAssignments(this.redis.template(), this.redis.prefix(), clock);
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void anAssignmentIsOneJsonKeyIndexedByCommuneAgentAndGrant() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.add(officer);

		String prefix = this.redis.prefix() + "role:";
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(prefix + "assignment:" + officer.id(),
				prefix + "commune:rivebelle", prefix + "agent:sub-hlefevre",
				prefix + "grant:rivebelle:demo-portal:officier-etat-civil:sub-hlefevre");
		assertThat(this.redis.template().getExpire(prefix + "assignment:" + officer.id())).isEqualTo(-1L);
	}

	@Test
	void anotherReplicaSeesTheAssignmentsAndTheirExpiries() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", Duration.ofHours(1));
		this.assignments.add(officer);

		RoleAssignments replica = new RedisRoleAssignments(this.redis.anotherClient(), this.redis.prefix(), this.clock);

		assertThat(replica.ofAgent("sub-hlefevre")).containsExactly(officer);
		assertThat(replica.add(grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null))).isFalse();
		long ttl = this.redis.template().getExpire(this.redis.prefix() + "role:assignment:" + officer.id());
		assertThat(ttl).isBetween(3500L, 3600L);
	}

	@Test
	void expiredIdsAreCutFromTheSetsWhenRead() {
		RoleAssignment shortLived = grant(HLEFEVRE, "rivebelle", "agent", Duration.ofMinutes(1));
		RoleAssignment lasting = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.addAll(java.util.List.of(shortLived, lasting));
		this.clock.advance(Duration.ofMinutes(1));

		this.assignments.ofCommune("rivebelle");
		this.assignments.ofAgent("sub-hlefevre");

		assertThat(this.redis.template().opsForZSet().range(this.redis.prefix() + "role:commune:rivebelle", 0, -1))
			.containsExactly(lasting.id());
		assertThat(this.redis.template().opsForZSet().range(this.redis.prefix() + "role:agent:sub-hlefevre", 0, -1))
			.containsExactly(lasting.id());
	}

	@Test
	void anIdWhoseJsonIsGoneIsDroppedFromTheSets() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.add(officer);
		this.redis.template().delete(this.redis.prefix() + "role:assignment:" + officer.id());

		assertThat(this.assignments.ofCommune("rivebelle")).isEmpty();
		assertThat(this.redis.template().opsForZSet().size(this.redis.prefix() + "role:commune:rivebelle")).isZero();
	}

	@Test
	void anExpiryChangeMovesTheKeysTimeToLive() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.add(officer);
		String key = this.redis.prefix() + "role:assignment:" + officer.id();
		String grant = this.redis.prefix() + "role:grant:rivebelle:demo-portal:officier-etat-civil:sub-hlefevre";

		this.assignments.changeExpiry("rivebelle", officer.id(), Instant.now().plus(Duration.ofHours(2)));
		assertThat(this.redis.template().getExpire(key)).isBetween(7100L, 7200L);
		assertThat(this.redis.template().getExpire(grant)).isBetween(7100L, 7200L);

		this.assignments.changeExpiry("rivebelle", officer.id(), null);
		assertThat(this.redis.template().getExpire(key)).isEqualTo(-1L);
		assertThat(this.redis.template().getExpire(grant)).isEqualTo(-1L);
	}

}
