package fr.sesame.auth.admin.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of console pages ({@code /console/**}), wherever its package: its refusals and errors are shown
 * as console pages ({@link ConsoleErrors}). Every {@code /console/**} request passes the {@link ConsoleGate} whether
 * its controller carries this or not.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsolePage {
}
