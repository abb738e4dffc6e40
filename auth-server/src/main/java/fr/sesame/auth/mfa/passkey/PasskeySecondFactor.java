package fr.sesame.auth.mfa.passkey;

import java.util.Set;

import jakarta.servlet.Filter;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.WebAuthnConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;

/**
 * How the login chain runs Spring's WebAuthn support: passkeys as a second factor only. Give
 * {@link #webAuthn(HttpSecurity)} to {@code http.webAuthn(...)} and add {@link #guard()} after the CSRF filter.
 * <ul>
 * <li>The relying party (rp id, name, origins) is the {@link AgentRelyingParty} bean, which the configurer uses
 * instead of building its own; the same values are given to the configurer so that the chain says what it is.</li>
 * <li>{@code POST /login/webauthn} verifies with {@link PasskeyVerification} (the password session's agent gains the
 * WebAuthn factor, never another agent, never a passwordless sign-in), changes the session id with the chain's own
 * session strategy, as the login form does on any change of privilege, saves the context where the chain keeps it, and
 * answers with {@link PasskeyVerified} or {@link PasskeyRefused}.</li>
 * <li>Registration options are kept by {@link SessionCreationOptions}, which survives sessions in Redis.</li>
 * <li>Spring's default registration page is off: the passkeys page ({@code /mfa/passkeys}) is ours.</li>
 * </ul>
 */
public final class PasskeySecondFactor {

	// The configurer insists on a UserDetailsService to build Spring's WebAuthnAuthenticationProvider, which the filter
	// then no longer uses (its manager is PasskeyVerification): this one only makes sure nothing is ever loaded by
	// name from a passkey. Given to this chain only, as a shared object, not as a bean the global manager would use.
	private static final UserDetailsService NO_ACCOUNT_BY_PASSKEY = (username) -> {
		throw new UsernameNotFoundException("Passkeys are a second factor: nobody signs in with one alone");
	};

	private final String rpId;

	private final Set<String> allowedOrigins;

	private final AuthenticationManager verification;

	private final AuthenticationSuccessHandler verified;

	private final AuthenticationFailureHandler refused;

	private final Filter guard;

	PasskeySecondFactor(String rpId, Set<String> allowedOrigins, AuthenticationManager verification,
			AuthenticationSuccessHandler verified, AuthenticationFailureHandler refused, Filter guard) {
		this.rpId = rpId;
		this.allowedOrigins = allowedOrigins;
		this.verification = verification;
		this.verified = verified;
		this.refused = refused;
		this.guard = guard;
	}

	public Customizer<WebAuthnConfigurer<HttpSecurity>> webAuthn(HttpSecurity http) {
		return (webAuthn) -> {
			http.setSharedObject(UserDetailsService.class, NO_ACCOUNT_BY_PASSKEY);
			webAuthn.rpName(PasskeyProperties.RP_NAME)
				.rpId(this.rpId)
				.allowedOrigins(this.allowedOrigins)
				.disableDefaultRegistrationPage(true)
				.creationOptionsRepository(new SessionCreationOptions())
				.withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
					@Override
					public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
						secondFactorOnly(filter, http);
						return filter;
					}
				});
		};
	}

	/** The gate of the ceremony endpoints: {@code http.addFilterAfter(passkeys.guard(), CsrfFilter.class)}. */
	public Filter guard() {
		return this.guard;
	}

	// Runs while the chain is built, after every configurer's init: the session strategy and the context repository
	// that the session management configurer shares are known by then.
	private void secondFactorOnly(WebAuthnAuthenticationFilter filter, HttpSecurity http) {
		filter.setAuthenticationManager(this.verification);
		filter.setAuthenticationSuccessHandler(this.verified);
		filter.setAuthenticationFailureHandler(this.refused);
		SessionAuthenticationStrategy sessions = http.getSharedObject(SessionAuthenticationStrategy.class);
		filter.setSessionAuthenticationStrategy(
				(sessions != null) ? sessions : new ChangeSessionIdAuthenticationStrategy());
		SecurityContextRepository contexts = http.getSharedObject(SecurityContextRepository.class);
		if (contexts != null) {
			filter.setSecurityContextRepository(contexts);
		}
	}

}
