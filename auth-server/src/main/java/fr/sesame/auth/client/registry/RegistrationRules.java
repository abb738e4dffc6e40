package fr.sesame.auth.client.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.client.ClientProperties.ClientMfa;
import fr.sesame.auth.client.ClientProperties.GrantType;
import fr.sesame.auth.web.PrintableText;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * What a client registered at run time must satisfy, checked in full before anything is stored. The bounds are those
 * of the configured clients, and stricter where a configuration file could be trusted but an API call cannot:
 * redirect URIs are compared character for character by the authorization endpoint, so they are taken only when
 * absolute, {@code https} (plain {@code http} only on the loopback), without fragment, user info, wildcard, spaces
 * or control characters.
 */
public final class RegistrationRules {

	/** Lower case, digits, '.', '_' and '-', 3 to 64 characters, starting and ending with a letter or digit. */
	public static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]");

	static final Duration MIN_ACCESS_TTL = Duration.ofMinutes(1);

	static final Duration MAX_ACCESS_TTL = Duration.ofHours(1);

	static final Duration MAX_REFRESH_TTL = Duration.ofDays(30);

	static final int MAX_URIS = 10;

	static final int MAX_URI_LENGTH = 512;

	static final int MAX_NAME_LENGTH = 100;

	static final int MAX_SCOPES = 20;

	static final int MAX_ROLES = 50;

	static final int MAX_COMMUNES = 200;

	/** The admin API's scope: only the configured admin client may hand out tokens that carry it. */
	private static final String ADMIN_SCOPE = "sesame.admin";

	/** Roles that make an admin: they belong to the configured admin client alone. */
	private static final Set<String> ADMIN_ROLES = Set.of("syndicate-admin", "commune-admin");

	private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

	private static final Pattern ROLE = Pattern.compile(ClientProperties.ROLE_NAME);

	private static final Pattern COMMUNE = Pattern.compile("[a-z0-9-]{2,40}");

	private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,7})([smhd])");

	private final CommuneDirectories directories;

	public RegistrationRules(CommuneDirectories directories) {
		this.directories = directories;
	}

	/** @throws RegistrationRefused (invalid) naming the id's syntax */
	public static void checkClientId(String clientId) {
		if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
			throw RegistrationRefused.invalid("client_id", "client_id must be 3 to 64 characters among a-z, 0-9, '.', '_' and "
					+ "'-', starting and ending with a letter or digit");
		}
	}

	/**
	 * The client the form describes, every field checked and defaulted.
	 * @throws RegistrationRefused (invalid) at the first field that is wrong, saying what is expected
	 */
	Checked check(ApplicationForm form) {
		String name = name(form.name());
		Set<GrantType> grants = grants(form.grantTypes());
		boolean confidential = (form.confidential() == null) || form.confidential();
		boolean pkce = (form.requirePkce() == null) || form.requirePkce();
		List<String> redirectUris = uris("redirect_uris", form.redirectUris());
		List<String> postLogout = uris("post_logout_redirect_uris", form.postLogoutRedirectUris());
		String backchannel = (form.backchannelLogoutUri() == null || form.backchannelLogoutUri().isEmpty()) ? null
				: uri("backchannel_logout_uri", form.backchannelLogoutUri());
		if (grants.contains(GrantType.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
			throw RegistrationRefused.invalid("redirect_uris", "a client with grant authorization_code needs at least one redirect_uris "
					+ "entry");
		}
		if (!confidential && grants.contains(GrantType.CLIENT_CREDENTIALS)) {
			throw RegistrationRefused.invalid("confidential", "a public client (confidential: false) cannot use the "
					+ "client_credentials grant");
		}
		if (!confidential && !pkce) {
			throw RegistrationRefused.invalid("require_pkce", "a public client (confidential: false) must use PKCE: require_pkce "
					+ "cannot be false");
		}
		Duration access = duration("access_token_ttl", form.accessTokenTtl(), Duration.ofMinutes(5));
		Duration refresh = duration("refresh_token_ttl", form.refreshTokenTtl(), Duration.ofHours(8));
		if (access.compareTo(MIN_ACCESS_TTL) < 0 || access.compareTo(MAX_ACCESS_TTL) > 0) {
			throw RegistrationRefused.invalid("access_token_ttl", "access_token_ttl must be between 1 minute and 1 hour");
		}
		if (refresh.compareTo(access) < 0 || refresh.compareTo(MAX_REFRESH_TTL) > 0) {
			throw RegistrationRefused.invalid("refresh_token_ttl", "refresh_token_ttl must be between access_token_ttl and 30 days");
		}
		return new Checked(name, redirectUris, postLogout, grants, pkce, confidential, scopes(form.scopes()), access,
				refresh, mfa(form.mfa()), roles(form.roles()), communes(form.communes()), backchannel);
	}

	private static String name(String value) {
		String name = (value != null) ? value.strip() : "";
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !PrintableText.isPrintable(name)) {
			throw RegistrationRefused.invalid("name", "name is required: 1 to " + MAX_NAME_LENGTH + " printable characters");
		}
		return name;
	}

	private static Set<GrantType> grants(List<String> values) {
		if (values == null || values.isEmpty()) {
			throw RegistrationRefused.invalid("grant_types", "grant_types must list at least one of authorization_code, "
					+ "refresh_token, client_credentials");
		}
		Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
		for (String value : values) {
			GrantType grant = switch ((value != null) ? value : "") {
				case "authorization_code" -> GrantType.AUTHORIZATION_CODE;
				case "refresh_token" -> GrantType.REFRESH_TOKEN;
				case "client_credentials" -> GrantType.CLIENT_CREDENTIALS;
				default -> throw RegistrationRefused.invalid("grant_types", "grant_types: unknown grant type; expected "
						+ "authorization_code, refresh_token or client_credentials");
			};
			if (!grants.add(grant)) {
				throw RegistrationRefused.invalid("grant_types", "grant_types must not list the same grant twice");
			}
		}
		return grants;
	}

	private static List<String> uris(String field, List<String> values) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > MAX_URIS) {
			throw RegistrationRefused.invalid(field, field + " may list at most " + MAX_URIS + " URIs");
		}
		Set<String> seen = new HashSet<>();
		List<String> uris = new ArrayList<>();
		for (String value : values) {
			String uri = uri(field, value);
			if (!seen.add(uri)) {
				throw RegistrationRefused.invalid(field, field + " must not list the same URI twice");
			}
			uris.add(uri);
		}
		return uris;
	}

	// The value is kept exactly as given: the authorization endpoint compares redirect URIs as strings.
	private static String uri(String field, String value) {
		String refusal = field + " entries must be absolute https URIs of at most " + MAX_URI_LENGTH
				+ " characters, without fragment, user info, wildcard or spaces (http is accepted only for "
				+ "localhost, 127.0.0.1 and [::1])";
		if (value == null || value.isEmpty() || value.length() > MAX_URI_LENGTH || value.indexOf('*') >= 0
				|| !value.chars().allMatch((c) -> c > 0x20 && c < 0x7F)) {
			throw RegistrationRefused.invalid(field, refusal);
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw RegistrationRefused.invalid(field, refusal);
		}
		if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawFragment() != null || value.indexOf('#') >= 0
				|| uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw RegistrationRefused.invalid(field, refusal);
		}
		String scheme = uri.getScheme();
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
		if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
			throw RegistrationRefused.invalid(field, refusal);
		}
		return value;
	}

	private static Set<String> scopes(List<String> values) {
		if (values == null) {
			return Set.of("openid", "profile", "email");
		}
		if (values.isEmpty() || values.size() > MAX_SCOPES) {
			throw RegistrationRefused.invalid("scopes", "scopes must list 1 to " + MAX_SCOPES + " scopes");
		}
		Set<String> scopes = new LinkedHashSet<>();
		for (String scope : values) {
			if (scope == null || !SCOPE.matcher(scope).matches()) {
				throw RegistrationRefused.invalid("scopes", "scopes are 1 to 64 printable ASCII characters without spaces, "
						+ "quotes or backslashes");
			}
			if (scope.equals(ADMIN_SCOPE)) {
				throw RegistrationRefused.invalid("scopes", "the sesame.admin scope belongs to the configured admin client "
						+ "and cannot be given to a registered client");
			}
			if (!scopes.add(scope)) {
				throw RegistrationRefused.invalid("scopes", "scopes must not list the same scope twice");
			}
		}
		return scopes;
	}

	private static Duration duration(String field, String value, Duration byDefault) {
		if (value == null) {
			return byDefault;
		}
		Matcher shortForm = SHORT_DURATION.matcher(value);
		if (shortForm.matches()) {
			long amount = Long.parseLong(shortForm.group(1));
			return switch (shortForm.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			if (value.length() <= 32 && value.startsWith("PT")) {
				return Duration.parse(value);
			}
		}
		catch (DateTimeParseException ex) {
			// Falls through to the refusal below.
		}
		throw RegistrationRefused.invalid(field, field + " must be a duration such as 5m, 8h, 30d or PT5M");
	}

	private static ClientMfa mfa(String value) {
		if (value == null) {
			return ClientMfa.NONE;
		}
		return switch (value) {
			case "none" -> ClientMfa.NONE;
			case "required" -> ClientMfa.REQUIRED;
			case "passkey" -> ClientMfa.PASSKEY;
			default -> throw RegistrationRefused.invalid("mfa", "mfa must be none, required or passkey");
		};
	}

	private static List<String> roles(List<String> values) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > MAX_ROLES) {
			throw RegistrationRefused.invalid("roles", "roles may list at most " + MAX_ROLES + " roles");
		}
		Set<String> roles = new LinkedHashSet<>();
		for (String role : values) {
			if (role == null || !ROLE.matcher(role).matches()) {
				throw RegistrationRefused.invalid("roles", "roles are 1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and "
						+ "'-', starting with a letter or digit");
			}
			if (ADMIN_ROLES.contains(role)) {
				throw RegistrationRefused.invalid("roles", "syndicate-admin and commune-admin belong to the configured admin "
						+ "client and cannot be declared by a registered client");
			}
			if (!roles.add(role)) {
				throw RegistrationRefused.invalid("roles", "roles must not list the same role twice");
			}
		}
		return List.copyOf(roles);
	}

	private List<String> communes(List<String> values) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > MAX_COMMUNES) {
			throw RegistrationRefused.invalid("communes", "communes may list at most " + MAX_COMMUNES + " communes");
		}
		Set<String> known = new HashSet<>();
		this.directories.communes().forEach((commune) -> known.add(commune.id()));
		Set<String> communes = new LinkedHashSet<>();
		for (String commune : values) {
			if (commune == null || !COMMUNE.matcher(commune).matches() || !known.contains(commune)) {
				throw RegistrationRefused.invalid("communes", "communes must list ids of communes this server serves");
			}
			if (!communes.add(commune)) {
				throw RegistrationRefused.invalid("communes", "communes must not list the same commune twice");
			}
		}
		return List.copyOf(communes);
	}

	/** A form that passed every check: the client's settings, without id nor secret. */
	record Checked(String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
			Set<GrantType> grantTypes, boolean requirePkce, boolean confidential, Set<String> scopes,
			Duration accessTokenTtl, Duration refreshTokenTtl, ClientMfa mfa, List<String> roles,
			List<String> communes, String backchannelLogoutUri) {
	}

}
