package fr.sesame.gateway.application;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import fr.sesame.gateway.application.GatewayProperties.ApplicationSettings;
import fr.sesame.gateway.application.GatewayProperties.IdentityHeaderNames;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;

/**
 * An application behind the gateway, as the policy and the routes see it.
 *
 * @param id stable id (configuration key, metrics tag, route id)
 * @param displayName shown to agents
 * @param description shown on the portal
 * @param paths path patterns, matched like Spring's {@code PathPattern}
 * @param hosts host patterns, {@code *} for one label, {@code **} for several
 * @param uri the upstream
 * @param communes commune ids allowed in ({@code *}: all)
 * @param roles roles required
 * @param roleMatch how the roles combine
 * @param mfa second factor requirement
 * @param relay what the upstream receives
 * @param headers identity header names
 * @param stripPrefix leading path segments removed before the upstream
 * @param connectTimeout upstream connection timeout
 * @param responseTimeout upstream response timeout
 * @param rateLimits limits for this application
 * @param listed shown on the portal
 * @param entry the portal link's path
 * @param order matching order
 */
public record Application(String id, String displayName, String description, String language, List<String> paths,
		List<String> hosts, URI uri, Set<String> communes, Set<String> roles, RoleMatch roleMatch, MfaRequirement mfa,
		Set<Relay> relay, IdentityHeaderNames headers, int stripPrefix, Duration connectTimeout,
		Duration responseTimeout, RateLimits rateLimits, boolean listed, String entry, int order) {

	public static final String EVERY_COMMUNE = "*";

	public static Application of(String id, ApplicationSettings settings, RateLimits defaultLimits) {
		return new Application(id, settings.displayName(), settings.description(), settings.language(),
				settings.paths(), settings.hosts(), settings.uri(), settings.communes(), settings.roles(),
				settings.roleMatch(), settings.mfa(),
				settings.relay(), settings.headers(), settings.stripPrefix(), settings.connectTimeout(),
				settings.responseTimeout(), (settings.rateLimits() != null) ? settings.rateLimits() : defaultLimits,
				settings.listed(), (settings.entry() != null) ? settings.entry() : defaultEntry(settings.paths()),
				settings.order());
	}

	public boolean allowsEveryCommune() {
		return this.communes.contains(EVERY_COMMUNE);
	}

	public boolean requiresMfa() {
		return this.mfa == MfaRequirement.MFA;
	}

	public boolean relays(Relay mode) {
		return this.relay.contains(mode);
	}

	/** {@code /etat-civil/**} → {@code /etat-civil/}: where the portal links to when no entry is configured. */
	private static String defaultEntry(List<String> paths) {
		if (paths.isEmpty()) {
			return "/";
		}
		String first = paths.get(0);
		int wildcard = indexOfWildcard(first);
		String prefix = (wildcard < 0) ? first : first.substring(0, wildcard);
		return prefix.isEmpty() ? "/" : prefix;
	}

	private static int indexOfWildcard(String pattern) {
		int star = pattern.indexOf('*');
		int brace = pattern.indexOf('{');
		int question = pattern.indexOf('?');
		return java.util.stream.IntStream.of(star, brace, question).filter((i) -> i >= 0).min().orElse(-1);
	}

}
