package fr.sesame.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration;
import org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;

/**
 * The auto-configurations excluded here come with Spring Data (a dependency of the Redis stores) and serve nothing
 * Sésame does: no Spring Data repository (metrics), no {@code Pageable} or projection in a controller (web
 * support, which also adds argument resolvers to every handler), no transaction, no persistence exception
 * translation. Excluded in every profile, Redis included, so the start-up does not build them (measured: about 200
 * classes and their beans).
 */
@SpringBootApplication(exclude = { DataRepositoryMetricsAutoConfiguration.class, DataWebAutoConfiguration.class,
		TransactionAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class,
		PersistenceExceptionTranslationAutoConfiguration.class })
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthServerApplication.class, args);
	}

}
