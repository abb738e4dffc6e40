package fr.sesame.gateway.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** One event loop per core unless the operator said otherwise. */
class NettyWorkerThreadsTest {

	private final String before = System.getProperty(NettyWorkerThreads.PROPERTY);

	@AfterEach
	void restore() {
		if (this.before == null) {
			System.clearProperty(NettyWorkerThreads.PROPERTY);
		}
		else {
			System.setProperty(NettyWorkerThreads.PROPERTY, this.before);
		}
	}

	@Test
	void unsetBecomesTheNumberOfCores() {
		System.clearProperty(NettyWorkerThreads.PROPERTY);
		new NettyWorkerThreads().postProcessEnvironment(new StandardEnvironment(), null);
		assertThat(System.getProperty(NettyWorkerThreads.PROPERTY))
			.isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
	}

	@Test
	void anExplicitValueWins() {
		System.setProperty(NettyWorkerThreads.PROPERTY, "3");
		new NettyWorkerThreads().postProcessEnvironment(new StandardEnvironment(), null);
		assertThat(System.getProperty(NettyWorkerThreads.PROPERTY)).isEqualTo("3");
	}

}
