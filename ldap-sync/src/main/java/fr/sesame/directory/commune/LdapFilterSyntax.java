package fr.sesame.directory.commune;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/** The value, when present, is an LDAP search filter (RFC 4515), parentheses included. */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = LdapFilterSyntax.Validator.class)
public @interface LdapFilterSyntax {

	String message() default "must be an LDAP filter (RFC 4515) such as (objectClass=person)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	final class Validator implements ConstraintValidator<LdapFilterSyntax, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null || value.isBlank()) {
				return true;
			}
			String trimmed = value.strip();
			if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
				return false;
			}
			try {
				Filter.create(trimmed);
				return true;
			}
			catch (LDAPException ex) {
				return false;
			}
		}

	}

}
