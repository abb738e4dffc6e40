package fr.sesame.auth.mfa.passkey;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.token.AuthenticationContextClass;

/**
 * Who may do what with passkeys. Passkeys are a second factor only: every ceremony needs a session whose password was
 * verified. Changing an agent's passkeys (adding, renaming, removing) also needs a second factor verified in this
 * session as soon as the agent has any factor: otherwise a stolen password would be enough to add the thief's own
 * passkey, or to remove the agent's and then enrol one as if for the first time. The only exception is an agent with
 * no factor at all, who enrols its first one with the password alone.
 */
public final class PasskeyAccess {

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final AgentFactors factors;

	public PasskeyAccess(AgentFactors factors) {
		this.factors = factors;
	}

	/** An agent's session whose password was verified (never anonymous, never a passkey alone). */
	public boolean passwordSession(Authentication authentication) {
		return this.trust.isAuthenticated(authentication) && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> authority instanceof FactorGrantedAuthority
					&& FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(authority.getAuthority()));
	}

	/** Whether this session may add, rename or remove the agent's passkeys. */
	public boolean mayChange(Authentication authentication) {
		if (!passwordSession(authentication)) {
			return false;
		}
		return AuthenticationContextClass.of(authentication.getAuthorities()).hasSecondFactor()
				|| !this.factors.of(authentication.getName()).any();
	}

}
