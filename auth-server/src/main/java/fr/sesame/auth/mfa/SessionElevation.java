package fr.sesame.auth.mfa;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Adds a verified second factor to the agent's sign-in: the same principal, one more factor authority (with the
 * instant it was verified, which becomes {@code auth_time}), and a new session id, as after any change of privilege.
 */
public final class SessionElevation {

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final Clock clock;

	public SessionElevation(Clock clock) {
		this.clock = clock;
	}

	public Authentication elevate(HttpServletRequest request, HttpServletResponse response, String factorAuthority) {
		Authentication current = this.holder.getContext().getAuthentication();
		FactorGrantedAuthority factor = FactorGrantedAuthority.withAuthority(factorAuthority)
			.issuedAt(this.clock.instant())
			.build();
		Authentication elevated = current.toBuilder().authorities((authorities) -> {
			authorities.removeIf((authority) -> authority.getAuthority().equals(factorAuthority));
			authorities.add(factor);
		}).build();
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(elevated);
		this.holder.setContext(context);
		request.changeSessionId();
		this.contexts.saveContext(context, request, response);
		return elevated;
	}

}
