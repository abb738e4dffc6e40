package fr.sesame.gateway.application;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.lang.Nullable;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.gateway.*}: who the gateway signs agents in with, the applications it guards, and the limits it
 * applies. A bad value stops the start-up; Spring Boot's report names the full key (for instance
 * {@code sesame.gateway.applications[etat-civil].uri}) next to the message.
 *
 * @param signIn the OpenID provider and this gateway's client registration there
 * @param applications application id → application; a map so that another configuration file can add applications
 * without repeating the others
 * @param trustedProxies addresses or CIDR blocks of reverse proxies in front of the gateway whose
 * {@code X-Forwarded-*} headers are believed; nobody else's are
 * @param rateLimits requests per agent and per client address, for every application unless it sets its own
 * @param bearer which bearer tokens API clients may present
 * @param session limits on the gateway's own session
 * @param withheldCookies cookies never forwarded upstream besides the gateway's own session cookie (which never is):
 * by default auth-server's cookies (session, remembered commune), which a browser sends to the gateway too when both
 * share a host name (as in the demo, where only the ports differ)
 * @param rateLimitSyncInterval with the Redis store, how often each replica adds what its rate-limit buckets spent
 * to the buckets in Redis and takes back what every replica spent; requests are admitted or refused from the
 * replica's own buckets, without waiting for Redis
 */
@Validated
@ConfigurationProperties("sesame.gateway")
public record GatewayProperties(@NotNull(message = "sesame.gateway.sign-in must be set") @Valid SignIn signIn,
		@NotEmpty(message = "sesame.gateway.applications must declare at least one application") Map<@Pattern(
				regexp = "[a-z0-9][a-z0-9-]{0,39}",
				message = "application ids are 1 to 40 lower-case letters, digits or '-'") String, @Valid ApplicationSettings> applications,
		List<@NotNull @Pattern(regexp = "[0-9a-fA-F:.]+(/[0-9]{1,3})?",
				message = "sesame.gateway.trusted-proxies entries are IP addresses or CIDR blocks (10.0.0.0/8)") String> trustedProxies,
		@NotNull @Valid @DefaultValue RateLimits rateLimits, @NotNull @Valid @DefaultValue Bearer bearer,
		@NotNull @Valid @DefaultValue Session session,
		@DefaultValue({ "SESAME_SESSION", "sesame_commune" }) Set<@Pattern(regexp = "[A-Za-z0-9!#$%&'*+.^_`|~-]+",
				message = "sesame.gateway.withheld-cookies entries are cookie names") String> withheldCookies,
		@NotNull @DefaultValue("250ms") Duration rateLimitSyncInterval) {

	public GatewayProperties {
		withheldCookies = (withheldCookies != null) ? Set.copyOf(withheldCookies) : Set.of();
		applications = (applications != null) ? new LinkedHashMap<>(applications) : Map.of();
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
	}

	@AssertTrue(message = "sesame.gateway.rate-limit-sync-interval must be between 10ms and 10s")
	public boolean isRateLimitSyncIntervalSensible() {
		return this.rateLimitSyncInterval == null
				|| (this.rateLimitSyncInterval.compareTo(Duration.ofMillis(10)) >= 0
						&& this.rateLimitSyncInterval.compareTo(Duration.ofSeconds(10)) <= 0);
	}

	/**
	 * The OpenID provider (auth-server) and the gateway's confidential client there.
	 *
	 * @param issuer the provider's issuer; its discovery document is read lazily, so the gateway starts even while
	 * auth-server is down
	 * @param clientId the gateway's client id
	 * @param clientSecret its secret; give it through the environment, never in a versioned file
	 * @param scopes scopes requested at sign-in
	 * @param idTokenSigningAlgorithm the algorithm the provider signs this client's ID tokens with
	 * @param mfaAcr the {@code acr} value that means "signed in with a second factor"; sent as {@code acr_values} on
	 * step-up
	 * @param postLogoutRedirectUri where auth-server sends the browser back after sign-out ({@code {baseUrl}} is
	 * this gateway's own origin)
	 * @param publicUrl the gateway's origin as browsers reach it ({@code https://portail.syndicat.example}); the
	 * redirect and post-logout URIs sent to the provider are built on it. Without it they are built on each request's
	 * {@code Host} header (or a trusted proxy's {@code X-Forwarded-Host}), which anybody can set: the provider refuses
	 * an address it does not know, but a deployment should not depend on that
	 */
	public record SignIn(@NotNull(message = "sesame.gateway.sign-in.issuer must be the provider's issuer URL") URI issuer,
			@NotBlank(message = "sesame.gateway.sign-in.client-id must be set") String clientId,
			@NotBlank(message = "sesame.gateway.sign-in.client-secret must be set (SESAME_GATEWAY_CLIENT_SECRET)") String clientSecret,
			@DefaultValue({ "openid", "profile", "email" }) Set<String> scopes,
			@DefaultValue("ES256") @Pattern(regexp = "ES256|ES384|ES512|RS256|RS384|RS512|PS256|PS384|PS512",
					message = "sesame.gateway.sign-in.id-token-signing-algorithm must be an asymmetric JWS algorithm such as ES256 or RS256") String idTokenSigningAlgorithm,
			@DefaultValue("urn:sesame:loa:mfa") @NotBlank String mfaAcr,
			@DefaultValue("{baseUrl}/") @NotBlank String postLogoutRedirectUri, @Nullable URI publicUrl) {

		@AssertTrue(message = "sesame.gateway.sign-in.scopes must contain openid")
		public boolean isOpenIdRequested() {
			return this.scopes == null || this.scopes.contains("openid");
		}

		@AssertTrue(message = "sesame.gateway.sign-in.issuer must be an absolute http(s) URL without query or fragment")
		public boolean isIssuerUsable() {
			return this.issuer == null || (this.issuer.isAbsolute() && this.issuer.getHost() != null
					&& (this.issuer.getScheme().equals("https") || this.issuer.getScheme().equals("http"))
					&& this.issuer.getQuery() == null && this.issuer.getFragment() == null);
		}

		@AssertTrue(message = "sesame.gateway.sign-in.public-url must be an origin: http(s)://host[:port], nothing after")
		public boolean isPublicUrlAnOrigin() {
			return this.publicUrl == null || isHttpOrigin(this.publicUrl);
		}

		/** The redirect URI sent to the provider, its {@code {registrationId}} left for Spring to fill. */
		public String redirectUri() {
			return baseUrl() + "/login/oauth2/code/{registrationId}";
		}

		/** {@link #postLogoutRedirectUri()} on the public URL, when there is one. */
		public String postLogoutRedirect() {
			return this.postLogoutRedirectUri.replace("{baseUrl}", baseUrl());
		}

		/** The public URL without its trailing slash, or Spring's {@code {baseUrl}}, taken from each request. */
		private String baseUrl() {
			if (this.publicUrl == null) {
				return "{baseUrl}";
			}
			String origin = this.publicUrl.toString();
			return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
		}

		@Override
		public String toString() {
			return "SignIn[issuer=" + this.issuer + ", clientId=" + this.clientId + ", scopes=" + this.scopes
					+ ", publicUrl=" + this.publicUrl + "]";
		}

	}

	/**
	 * One application behind the gateway.
	 *
	 * @param displayName shown on the portal and on refusal pages
	 * @param description one sentence shown on the portal
	 * @param language the language {@code display-name} and {@code description} are written in (BCP 47, {@code fr} by
	 * default): pages in another language mark them with it, so that screen readers pronounce them right (WCAG 3.1.2)
	 * @param paths path patterns this application answers ({@code /etat-civil/**}); with {@code hosts}, both must
	 * match
	 * @param hosts host patterns ({@code etat-civil.syndicat.example}, {@code *.rh.example})
	 * @param uri the upstream: scheme, host and port (and no path)
	 * @param communes commune ids allowed in; {@code *} lets every commune in
	 * @param roles roles required, from the token's {@code roles} claim; none means any agent of an allowed commune
	 * @param roleMatch {@code any-of} (one of the roles suffices) or {@code all-of}
	 * @param mfa {@code none} or {@code mfa} (a second factor, checked on the token's {@code acr}/{@code amr})
	 * @param relay what the upstream receives about the agent: {@code token} (the access token as
	 * {@code Authorization: Bearer}), {@code headers} (identity headers), both, or {@code none}
	 * @param headers names of the identity headers for {@code relay: headers}
	 * @param stripPrefix how many leading path segments to remove before calling the upstream
	 * @param connectTimeout time to open a connection to the upstream
	 * @param responseTimeout time for the upstream to start answering; then the agent gets a 504 page
	 * @param rateLimits this application's own limits, replacing {@code sesame.gateway.rate-limits}
	 * @param listed whether the portal shows it
	 * @param entry where the portal's link points (defaults to the first path pattern without its wildcard)
	 * @param order applications are matched by ascending order, then by id
	 */
	public record ApplicationSettings(
			@NotBlank(message = "display-name must be set: it is shown on the portal and on refusal pages") String displayName,
			@DefaultValue("") String description,
			@DefaultValue("fr") @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*",
					message = "language must be a language tag such as fr or en") String language,
			List<@NotBlank @Pattern(regexp = "/.*",
					message = "paths entries are path patterns starting with '/'") String> paths,
			List<@NotBlank String> hosts,
			@NotNull(message = "uri must be the upstream's base URI, e.g. http://etat-civil.internal:8080") URI uri,
			@NotEmpty(message = "communes must list the commune ids allowed in, or '*' for every commune") Set<@NotBlank String> communes,
			Set<@NotBlank String> roles, @DefaultValue("any-of") RoleMatch roleMatch,
			@DefaultValue("none") MfaRequirement mfa, @DefaultValue("token") Set<Relay> relay,
			@NotNull @Valid @DefaultValue IdentityHeaderNames headers, @DefaultValue("0") int stripPrefix,
			@NotNull @DefaultValue("2s") Duration connectTimeout, @NotNull @DefaultValue("30s") Duration responseTimeout,
			@Valid RateLimits rateLimits, @DefaultValue("true") boolean listed, String entry,
			@DefaultValue("0") int order) {

		public ApplicationSettings {
			paths = (paths != null) ? List.copyOf(paths) : List.of();
			hosts = (hosts != null) ? List.copyOf(hosts) : List.of();
			communes = (communes != null) ? Set.copyOf(communes) : Set.of();
			roles = (roles != null) ? Set.copyOf(roles) : Set.of();
			relay = (relay != null) ? Set.copyOf(relay) : Set.of(Relay.TOKEN);
		}

		@AssertTrue(message = "an application needs at least one of paths or hosts to route on")
		public boolean isRoutable() {
			return !this.paths.isEmpty() || !this.hosts.isEmpty();
		}

		@AssertTrue(message = "uri must be an absolute http(s) URI with a host and no user info, path, query or fragment "
				+ "(use strip-prefix and the paths to shape the upstream path)")
		public boolean isUpstreamUsable() {
			return this.uri == null || isHttpOrigin(this.uri);
		}

		@AssertTrue(message = "relay 'none' cannot be combined with 'token' or 'headers'")
		public boolean isRelayConsistent() {
			return !this.relay.contains(Relay.NONE) || this.relay.size() == 1;
		}

		@AssertTrue(message = "strip-prefix must be between 0 and 10")
		public boolean isStripPrefixSensible() {
			return this.stripPrefix >= 0 && this.stripPrefix <= 10;
		}

		@AssertTrue(message = "connect-timeout must be between 100ms and 1m, response-timeout between 100ms and 10m")
		public boolean isTimeoutSensible() {
			return this.connectTimeout == null || this.responseTimeout == null
					|| (between(this.connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(1))
							&& between(this.responseTimeout, Duration.ofMillis(100), Duration.ofMinutes(10)));
		}

		@AssertTrue(message = "communes: '*' (every commune) cannot be combined with commune ids")
		public boolean isCommuneListConsistent() {
			return !this.communes.contains("*") || this.communes.size() == 1;
		}

		@AssertTrue(message = "entry must be a path on this gateway starting with a single '/'")
		public boolean isEntryLocal() {
			return this.entry == null || (this.entry.startsWith("/") && !this.entry.startsWith("//")
					&& !this.entry.contains("\\"));
		}

		private static boolean between(Duration value, Duration min, Duration max) {
			return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
		}

	}

	/**
	 * Names of the identity headers an upstream with {@code relay: headers} receives. Whatever a client sends under
	 * these names is removed first.
	 */
	public record IdentityHeaderNames(@DefaultValue("X-Sesame-Subject") @NotBlank String subject,
			@DefaultValue("X-Sesame-Login") @NotBlank String login,
			@DefaultValue("X-Sesame-Commune") @NotBlank String commune,
			@DefaultValue("X-Sesame-Roles") @NotBlank String roles,
			@DefaultValue("X-Sesame-Email") @NotBlank String email,
			@DefaultValue("X-Sesame-Name") @NotBlank String name) {

		public List<String> all() {
			return List.of(this.subject, this.login, this.commune, this.roles, this.email, this.name);
		}

		@AssertTrue(message = "identity header names must be HTTP tokens (letters, digits and -)")
		public boolean isEveryNameAToken() {
			return all().stream().allMatch((header) -> header == null || header.matches("[A-Za-z0-9-]+"));
		}

	}

	/**
	 * Token buckets: {@code replenish-rate} requests per second on average, bursts up to {@code burst-capacity}.
	 *
	 * @param perAgent per signed-in agent ({@code sub}) and application
	 * @param perClientAddress per client IP address and application, signed in or not
	 * @param refusalsPerClientAddress per client IP address and application, how many refusals ({@code 401},
	 * {@code 403}) the gateway answers before it answers {@code 429} to every request of that address for the
	 * application, without checking its credentials, until the bucket refills
	 */
	public record RateLimits(@DefaultValue("true") boolean enabled, @Valid Bucket perAgent,
			@Valid Bucket perClientAddress, @Valid Bucket refusalsPerClientAddress) {

		public RateLimits {
			perAgent = (perAgent != null) ? perAgent : new Bucket(20, 40);
			perClientAddress = (perClientAddress != null) ? perClientAddress : new Bucket(50, 100);
			refusalsPerClientAddress = (refusalsPerClientAddress != null) ? refusalsPerClientAddress : new Bucket(2, 20);
		}

	}

	/**
	 * @param replenishRate tokens added per second
	 * @param burstCapacity most tokens a bucket holds
	 */
	public record Bucket(@DefaultValue("20") int replenishRate, @DefaultValue("40") long burstCapacity) {

		@AssertTrue(message = "replenish-rate must be at least 1 and burst-capacity at least replenish-rate")
		public boolean isBucketSensible() {
			return this.replenishRate >= 1 && this.burstCapacity >= this.replenishRate;
		}

	}

	/**
	 * Bearer tokens presented by API clients.
	 *
	 * @param audiences client ids whose access tokens the gateway accepts ({@code aud}); empty refuses every bearer
	 * token
	 * @param cacheSize how many verified tokens are remembered (each until its expiry), so that a token presented
	 * again costs no signature verification
	 * @param clockSkew tolerance on {@code exp} and {@code nbf}
	 * @param jwksCacheTtl how long the provider's keys are trusted before being fetched again (an unknown key id
	 * fetches them at once, at most every {@code jwks-refetch-interval})
	 */
	public record Bearer(Set<@NotBlank String> audiences, @DefaultValue("10000") int cacheSize,
			@NotNull @DefaultValue("30s") Duration clockSkew, @NotNull @DefaultValue("5m") Duration jwksCacheTtl,
			@NotNull @DefaultValue("30s") Duration jwksRefetchInterval) {

		public Bearer {
			audiences = (audiences != null) ? Set.copyOf(audiences) : Set.of();
		}

		@AssertTrue(message = "sesame.gateway.bearer.cache-size must be between 0 and 1000000, clock-skew at most 5m")
		public boolean isSensible() {
			return this.cacheSize >= 0 && this.cacheSize <= 1_000_000
					&& (this.clockSkew == null || this.clockSkew.compareTo(Duration.ofMinutes(5)) <= 0);
		}

	}

	/**
	 * @param maxLifetime a session ends this long after sign-in, however active (idle expiry is
	 * {@code server.reactive.session.timeout} / {@code spring.session.timeout}); also how long Redis remembers which
	 * provider session a gateway session belongs to, for back-channel logout
	 * @param cacheFreshness with the Redis store, how long a session read from Redis may be used by this replica
	 * without reading it again; a session ended or changed through any replica is forgotten at once (Redis
	 * pub/sub), and in any case after this long; at most 1s, {@code 0} reads Redis on every request
	 * @param cacheSize how many sessions each replica keeps so
	 * @param touchInterval with the Redis store, how often at most a session's last access time is written (which
	 * renews its idle expiry): a request that changes nothing else writes nothing in between; at most half the idle
	 * timeout
	 * @param maxInMemory with the in-memory store, the most sessions this process holds; when it is nine tenths full,
	 * the oldest of the sessions nobody has signed in to (a tenth of the store) are ended to make room (any anonymous
	 * request to an application starts one), so that only when nearly every session is signed in is a new one refused
	 */
	public record Session(@NotNull @DefaultValue("10h") Duration maxLifetime,
			@NotNull @DefaultValue("1s") Duration cacheFreshness, @DefaultValue("100000") long cacheSize,
			@NotNull @DefaultValue("30s") Duration touchInterval,
			@Min(value = 100, message = "sesame.gateway.session.max-in-memory must be at least 100") @DefaultValue("10000") int maxInMemory) {

		@AssertTrue(message = "sesame.gateway.session.max-lifetime must be between 1m and 7d")
		public boolean isLifetimeSensible() {
			return this.maxLifetime == null || (this.maxLifetime.compareTo(Duration.ofMinutes(1)) >= 0
					&& this.maxLifetime.compareTo(Duration.ofDays(7)) <= 0);
		}

		@AssertTrue(message = "sesame.gateway.session.cache-freshness must be between 0 and 1s: a session ended "
				+ "elsewhere must stop working everywhere within a second")
		public boolean isCacheFreshnessSensible() {
			return this.cacheFreshness == null
					|| (!this.cacheFreshness.isNegative() && this.cacheFreshness.compareTo(Duration.ofSeconds(1)) <= 0);
		}

		@AssertTrue(message = "sesame.gateway.session.cache-size must be between 0 and 10000000")
		public boolean isCacheSizeSensible() {
			return this.cacheSize >= 0 && this.cacheSize <= 10_000_000;
		}

		@AssertTrue(message = "sesame.gateway.session.touch-interval must be between 0 and 10m")
		public boolean isTouchIntervalSensible() {
			return this.touchInterval == null
					|| (!this.touchInterval.isNegative() && this.touchInterval.compareTo(Duration.ofMinutes(10)) <= 0);
		}

	}

	/** http or https, a host (and port), nothing else: no user info, no path but "/", no query or fragment. */
	static boolean isHttpOrigin(URI uri) {
		String path = uri.getRawPath();
		return uri.isAbsolute() && uri.getHost() != null
				&& ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getRawUserInfo() == null
				&& (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null
				&& uri.getRawFragment() == null;
	}

}
