package fr.sesame.directory.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.commune.ConfiguredCommuneDirectories;
import fr.sesame.directory.commune.ConfiguredCommuneDirectories.CommuneDirectory;
import fr.sesame.directory.commune.DirectoryProperties;
import fr.sesame.directory.connector.DirectoryMetrics;
import fr.sesame.directory.connector.ServiceAccountPassword;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.embedded.EmbeddedDirectories;
import fr.sesame.directory.embedded.EmbeddedDirectory;
import fr.sesame.directory.health.CommuneDirectoryHealthIndicator;

/**
 * Builds {@link CommuneDirectories} from {@code sesame.directory.communes} when that key is set: embedded directories
 * first, then one connector per commune, in configuration order. Pools and embedded servers close with the context.
 */
@AutoConfiguration
@Conditional(OnCommunesConfiguredCondition.class)
@EnableConfigurationProperties(DirectoryProperties.class)
public final class CommuneDirectoriesAutoConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDirectories sesameEmbeddedDirectories(DirectoryProperties properties, ResourceLoader resources) {
		return EmbeddedDirectories.start(properties, resources);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(CommuneDirectories.class)
	ConfiguredCommuneDirectories communeDirectories(DirectoryProperties properties, EmbeddedDirectories embedded,
			ObjectProvider<MeterRegistry> meterRegistry) {
		MeterRegistry registry = meterRegistry.getIfAvailable();
		List<CommuneDirectory> directories = new ArrayList<>();
		try {
			for (int i = 0; i < properties.communes().size(); i++) {
				CommuneDirectoryProperties commune = properties.communes().get(i);
				String key = DirectoryProperties.communeKey(i);
				String password = ServiceAccountPassword.read(commune, key)
					.or(() -> embedded.generatedServicePassword(commune.id()))
					.orElseThrow(() -> new IllegalStateException(key + ".bind-password: no secret"));
				List<String> urls = embedded.directory(commune.id()).map(EmbeddedDirectory::url).map(List::of)
					.orElse(commune.urls());
				directories.add(new CommuneDirectory(commune.flavour(), UnboundIdDirectoryConnector.open(commune, urls,
						password, new DirectoryMetrics(registry, commune.id()), key), commune.netbiosDomain()));
			}
		}
		catch (RuntimeException ex) {
			directories.forEach((directory) -> directory.connector().close());
			throw ex;
		}
		return new ConfiguredCommuneDirectories(directories);
	}

	/** {@code /actuator/health/communeDirectories/<commune id>}, one indicator per commune. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("commune-directories")
	static class CommuneDirectoriesHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "communeDirectoriesHealthContributor")
		CompositeHealthContributor communeDirectoriesHealthContributor(CommuneDirectories directories) {
			return CommuneDirectoryHealthIndicator.perCommune(directories);
		}

	}

}
