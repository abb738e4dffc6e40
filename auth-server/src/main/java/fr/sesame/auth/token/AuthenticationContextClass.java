package fr.sesame.auth.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * Reads how an agent authenticated from the factor authorities of its authentication: the {@code acr} level and the
 * {@code amr} methods (RFC 8176) that tokens carry, and the {@code auth_time}.
 */
public final class AuthenticationContextClass {

	public static final String PASSWORD_ONLY = "urn:sesame:loa:pwd";

	public static final String MULTI_FACTOR = "urn:sesame:loa:mfa";

	private final List<String> methods;

	private final Instant authenticatedAt;

	private AuthenticationContextClass(List<String> methods, Instant authenticatedAt) {
		this.methods = List.copyOf(methods);
		this.authenticatedAt = authenticatedAt;
	}

	public static AuthenticationContextClass of(Collection<? extends GrantedAuthority> authorities) {
		List<String> methods = new ArrayList<>();
		Instant last = null;
		for (GrantedAuthority authority : authorities) {
			if (!(authority instanceof FactorGrantedAuthority factor)) {
				continue;
			}
			String method = switch (factor.getAuthority()) {
				case FactorGrantedAuthority.PASSWORD_AUTHORITY -> "pwd";
				case FactorGrantedAuthority.OTT_AUTHORITY -> "otp";
				case FactorGrantedAuthority.WEBAUTHN_AUTHORITY -> "hwk";
				default -> null;
			};
			if (method != null && !methods.contains(method)) {
				methods.add(method);
				if (last == null || factor.getIssuedAt().isAfter(last)) {
					last = factor.getIssuedAt();
				}
			}
		}
		if (methods.size() > 1) {
			methods.add("mfa");
		}
		return new AuthenticationContextClass(methods, last);
	}

	public List<String> methods() {
		return this.methods;
	}

	public String level() {
		return this.methods.contains("mfa") ? MULTI_FACTOR : PASSWORD_ONLY;
	}

	/** When the last factor was verified; empty for a client acting for itself. */
	public Optional<Instant> authenticatedAt() {
		return Optional.ofNullable(this.authenticatedAt);
	}

	public boolean isAgent() {
		return !this.methods.isEmpty();
	}

}
