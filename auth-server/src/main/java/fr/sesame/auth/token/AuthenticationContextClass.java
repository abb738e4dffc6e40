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

	/** Granted when an agent typed a valid TOTP code (amr {@code otp}). */
	public static final String TOTP_FACTOR = "FACTOR_TOTP";

	/** Granted when an agent used one of its recovery codes, also a one-time password (amr {@code otp}). */
	public static final String RECOVERY_CODE_FACTOR = "FACTOR_RECOVERY_CODE";

	private final List<String> methods;

	private final Instant authenticatedAt;

	private final Instant passwordVerifiedAt;

	private AuthenticationContextClass(List<String> methods, Instant authenticatedAt, Instant passwordVerifiedAt) {
		this.methods = List.copyOf(methods);
		this.authenticatedAt = authenticatedAt;
		this.passwordVerifiedAt = passwordVerifiedAt;
	}

	public static AuthenticationContextClass of(Collection<? extends GrantedAuthority> authorities) {
		List<String> methods = new ArrayList<>();
		Instant last = null;
		Instant password = null;
		for (GrantedAuthority authority : authorities) {
			if (!(authority instanceof FactorGrantedAuthority factor)) {
				continue;
			}
			String method = switch (factor.getAuthority()) {
				case FactorGrantedAuthority.PASSWORD_AUTHORITY -> "pwd";
				case TOTP_FACTOR, RECOVERY_CODE_FACTOR -> "otp";
				case FactorGrantedAuthority.WEBAUTHN_AUTHORITY -> "hwk";
				default -> null;
			};
			if ("pwd".equals(method)) {
				password = factor.getIssuedAt();
			}
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
		return new AuthenticationContextClass(methods, last, password);
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

	/** When the password was verified; empty for a client acting for itself. */
	public Optional<Instant> passwordVerifiedAt() {
		return Optional.ofNullable(this.passwordVerifiedAt);
	}

	/** A TOTP code, a recovery code or a passkey was verified besides the password. */
	public boolean hasSecondFactor() {
		return this.methods.contains("pwd") && this.methods.size() > 1;
	}

	public boolean hasPasskey() {
		return this.methods.contains("hwk");
	}

	public boolean isAgent() {
		return !this.methods.isEmpty();
	}

}
