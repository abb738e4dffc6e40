package fr.sesame.auth.web;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import fr.sesame.directory.commune.CommuneDirectories;

/**
 * Turns "no bean of type CommuneDirectories" into what the operator forgot: a production start (any explicit
 * profile) carries no demo communes, so it must declare its own.
 */
public final class MissingConfigurationAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		if (cause.getBeanType() == null || !CommuneDirectories.class.isAssignableFrom(cause.getBeanType())) {
			return null;
		}
		return new FailureAnalysis("No commune is configured: sesame.directory.communes is empty.",
				"Declare your communes under sesame.directory.communes (README, \"Configuration\"), or start "
						+ "without any profile to run the demo.",
				cause);
	}

}
