package fr.sesame.gateway.hygiene;

import java.util.function.Predicate;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's firewall rules on header names, header values and parameter names, unchanged, checked with a
 * loop over the code points instead of a regular expression: the firewall checks every header each time a filter
 * reads it, and the default predicates allocate a {@code Matcher} each time (a few percent of the gateway's CPU per
 * request). Same rules as {@link StrictServerWebExchangeFirewall}'s defaults: every code point assigned and not a
 * control character ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}), a tab allowed in values.
 */
public final class FirewallCharacters {

	/** Header and parameter names: assigned, not control. */
	public static final Predicate<String> NAMES = (text) -> text == null || allowed(text, false);

	/** Header values: assigned, not control, except the tab. */
	public static final Predicate<String> HEADER_VALUES = (text) -> text == null || allowed(text, true);

	private FirewallCharacters() {
	}

	/** The firewall Spring Security would build, with these predicates. */
	public static StrictServerWebExchangeFirewall firewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(NAMES);
		firewall.setAllowedHeaderValues(HEADER_VALUES);
		firewall.setAllowedParameterNames(NAMES);
		return firewall;
	}

	private static boolean allowed(String text, boolean tabAllowed) {
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
