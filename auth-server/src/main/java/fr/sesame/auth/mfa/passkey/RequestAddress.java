package fr.sesame.auth.mfa.passkey;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The client address of the request being served, for the audit trail of code that Spring's filters call without
 * the request (the relying party's registration) or that other pages call ({@link Passkeys}). Spring Boot's request
 * context filter runs before the security filters, so the request is known in both.
 */
final class RequestAddress {

	private RequestAddress() {
	}

	static String current() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest().getRemoteAddr() : "unknown";
	}

}
