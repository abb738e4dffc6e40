package fr.sesame.directory.commune;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The rules that span several keys or several communes: unique ids and login domains, exactly one service-account
 * secret, URLs that agree with the transport, readable files. Each violation names the full key.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsistentCommunesValidator.class)
public @interface ConsistentCommunes {

	String message() default "inconsistent commune directories";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
