package fr.sesame.auth.mfa.passkey;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.mfa.passkeys.*}: the WebAuthn relying party that passkeys are bound to. Both default to what
 * {@code sesame.issuer} says, which is right whenever agents reach the login pages at the issuer's address; set them
 * only when the pages are served under another name.
 *
 * @param rpId the relying party id: a host name (no scheme, no port), the issuer's host by default. Every passkey is
 * bound to it forever: changing it makes every registered passkey unusable
 * @param allowedOrigins the origins ({@code https://host[:port]}) whose pages may run a ceremony, the issuer's origin by
 * default; each must be the rp id or one of its subdomains
 */
@Validated
@ConfigurationProperties("sesame.mfa.passkeys")
public record PasskeyProperties(
		@Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?",
				message = "sesame.mfa.passkeys.rp-id must be a host name, without scheme, port or path") String rpId,
		@NotNull @DefaultValue Set<String> allowedOrigins) {

	/** The name authenticators show next to the account. */
	static final String RP_NAME = "Sésame";

	@AssertTrue(message = "sesame.mfa.passkeys.allowed-origins must be origins such as https://sesame.example "
			+ "(http only for localhost), without path, each on the rp id or one of its subdomains")
	boolean isAllowedOriginsValid() {
		return this.allowedOrigins == null || this.allowedOrigins.stream()
			.allMatch((origin) -> isOrigin(origin) && (this.rpId == null || isWithin(origin, this.rpId)));
	}

	/** The rp id in effect: the configured one, or the issuer's host. */
	String rpIdFor(URI issuer) {
		return (this.rpId != null) ? this.rpId.toLowerCase(Locale.ROOT) : issuer.getHost().toLowerCase(Locale.ROOT);
	}

	/**
	 * The origins in effect: the configured ones, or the issuer's origin.
	 * @throws IllegalStateException when the issuer's origin does not belong to the configured rp id: browsers would
	 * refuse every ceremony, better to stop at start-up with the keys to fix
	 */
	Set<String> allowedOriginsFor(URI issuer) {
		if (!this.allowedOrigins.isEmpty()) {
			return Set.copyOf(this.allowedOrigins);
		}
		String origin = originOf(issuer);
		if (!isWithin(origin, rpIdFor(issuer))) {
			throw new IllegalStateException("sesame.mfa.passkeys.rp-id (" + this.rpId + ") does not cover the origin of "
					+ "sesame.issuer (" + origin + "): set sesame.mfa.passkeys.allowed-origins to the origins of the "
					+ "login pages, or fix the rp id");
		}
		return Set.of(origin);
	}

	static String originOf(URI uri) {
		String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT);
		return (uri.getPort() < 0) ? origin : origin + ":" + uri.getPort();
	}

	private static boolean isOrigin(String value) {
		try {
			URI uri = URI.create(value);
			boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
			return uri.getHost() != null && uri.getUserInfo() == null && uri.getQuery() == null
					&& uri.getFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
					&& ("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && local));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	// WebAuthn lets a page use an rp id equal to its host or a registrable suffix of it.
	private static boolean isWithin(String origin, String rpId) {
		String host = URI.create(origin).getHost().toLowerCase(Locale.ROOT);
		String id = rpId.toLowerCase(Locale.ROOT);
		return host.equals(id) || host.endsWith("." + id);
	}

}
