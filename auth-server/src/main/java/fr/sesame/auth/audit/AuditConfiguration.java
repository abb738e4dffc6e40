package fr.sesame.auth.audit;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditTrail auditTrail(ApplicationEventPublisher events) {
		return new AuditTrail(events);
	}

	// Bounded, per process: enough for tests and the demo until the audit trail gets its own store (Redis stream,
	// hash-chained). Boot's AuditListener writes every AuditApplicationEvent here.
	@Bean
	@ConditionalOnMissingBean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository(10_000);
	}

}
