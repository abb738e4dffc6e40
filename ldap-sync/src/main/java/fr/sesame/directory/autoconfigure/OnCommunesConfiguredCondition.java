package fr.sesame.directory.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when anything is set under {@code sesame.directory.communes}, from YAML lists as well as indexed
 * environment variables; a commune whose first key is missing then fails validation instead of being ignored.
 */
final class OnCommunesConfiguredCondition extends SpringBootCondition {

	private static final ConfigurationPropertyName COMMUNES = ConfigurationPropertyName.of("sesame.directory.communes");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
			if (source.containsDescendantOf(COMMUNES) == ConfigurationPropertyState.PRESENT
					|| source.getConfigurationProperty(COMMUNES) != null) {
				return ConditionOutcome.match("sesame.directory.communes is set");
			}
		}
		return ConditionOutcome.noMatch("sesame.directory.communes is not set");
	}

}
