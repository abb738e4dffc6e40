package fr.sesame.gateway.session;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class OnStoreTypeCondition extends SpringBootCondition {

	private static final String PROPERTY = "sesame.store.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStoreType.class.getName());
		StoreType wanted = (StoreType) attributes.get("value");
		// Binding reports a value that is not a StoreType with the key's name.
		StoreType configured = Binder.get(context.getEnvironment())
			.bind(PROPERTY, StoreType.class)
			.orElse(StoreType.MEMORY);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnStoreType.class, wanted);
		return (configured == wanted) ? ConditionOutcome.match(message.foundExactly(PROPERTY + "=" + configured))
				: ConditionOutcome.noMatch(message.because(PROPERTY + " is " + configured));
	}

}
