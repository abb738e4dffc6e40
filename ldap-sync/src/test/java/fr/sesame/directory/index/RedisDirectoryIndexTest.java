package fr.sesame.directory.index;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.index.DirectoryIndex.Staging;
import fr.sesame.directory.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against the real Redis, and what only Redis does: keys, hash tags, no staging left behind. */
class RedisDirectoryIndexTest extends DirectoryIndexContract {

	private final TestRedis redis = new TestRedis();

	private final RedisDirectoryIndex index = new RedisDirectoryIndex(this.redis.template(), this.redis.prefix(),
			JsonMapper.builder().build());

	@AfterEach
	void clean() {
		this.redis.close();
	}

	@Override
	DirectoryIndex index() {
		return this.index;
	}

	@Test
	void keysCarryTheCommuneAsAHashTag() {
		try (Staging staging = this.index.stage("rivebelle")) {
			staging.add(List.of(agent("rivebelle", "a", true)));
			staging.commit(Instant.now(), List.of());
		}
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(this.redis.prefix() + "directory:{rivebelle}:agents",
				this.redis.prefix() + "directory:{rivebelle}:state");
		assertThat(this.redis.template().getExpire(this.redis.prefix() + "directory:{rivebelle}:agents"))
			.as("the staging TTL does not follow the agents").isEqualTo(-1);
	}

	@Test
	void anotherReplicaReadsWhatOneWrote() {
		this.index.save("rivebelle", List.of(agent("rivebelle", "a", true, "agents")));
		RedisDirectoryIndex other = new RedisDirectoryIndex(this.redis.template(), this.redis.prefix(),
				JsonMapper.builder().build());
		assertThat(other.agent("rivebelle", "a").orElseThrow().rolesFor("portail")).containsExactly("agent");
	}

}
