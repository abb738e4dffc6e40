package fr.sesame.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;

import fr.sesame.auth.audit.AuditTrail;

import static org.assertj.core.api.Assertions.assertThat;

/** One audit entry per client and interval, with the count, and no count lost to a flush running meanwhile. */
class ClientGrantSummariesTest {

	private final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();

	private final ClientGrantSummaries summaries = new ClientGrantSummaries(
			new AuditTrail((event) -> this.recorded.add(((AuditApplicationEvent) event).getAuditEvent())),
			Duration.ofMinutes(1), Clock.systemUTC());

	@Test
	void eachClientGetsOneEntryWithItsCount() {
		for (int i = 0; i < 3; i++) {
			this.summaries.issued("batch-rh");
		}
		this.summaries.issued("demo-portal");

		this.summaries.flush();
		this.summaries.flush();

		assertThat(this.recorded).hasSize(2).allSatisfy((event) -> assertThat(event.getType()).isEqualTo("TOKEN_ISSUED"));
		Map<String, Object> batch = this.recorded.stream()
			.filter((event) -> event.getPrincipal().equals("batch-rh"))
			.findFirst()
			.orElseThrow()
			.getData();
		assertThat(batch).containsEntry("client", "batch-rh")
			.containsEntry("grant", "client_credentials")
			.containsEntry("count", "3")
			.containsKeys("from", "to");
	}

	@Test
	void noCountIsLostToAFlushRunningMeanwhile() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> counting = List.of(threads.submit(this::issueMany), threads.submit(this::issueMany),
					threads.submit(this::issueMany));
			while (counting.stream().anyMatch((task) -> !task.isDone())) {
				this.summaries.flush();
			}
			for (Future<?> task : counting) {
				task.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		this.summaries.flush();

		long total = this.recorded.stream().mapToLong((event) -> Long.parseLong((String) event.getData().get("count"))).sum();
		assertThat(total).isEqualTo(3 * 20_000);
	}

	private void issueMany() {
		for (int i = 0; i < 20_000; i++) {
			this.summaries.issued("batch-rh");
		}
	}

}
