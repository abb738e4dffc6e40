package fr.sesame.gateway.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean only for the configured {@code sesame.store.type} (default {@code memory}); a value that is
 * neither stops the start-up with the key's name.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnStoreTypeCondition.class)
public @interface ConditionalOnStoreType {

	StoreType value();

}
