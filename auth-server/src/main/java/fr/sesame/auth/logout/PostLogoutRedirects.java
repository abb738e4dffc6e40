package fr.sesame.auth.logout;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.lang.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Where a relying party may have the browser sent once the agent has signed out: one of the
 * {@code post_logout_redirect_uris} that client registered, compared exactly, with the request's {@code state}.
 * Anything else (unknown client, another address) sends the browser nowhere but Sésame's own signed-out page.
 */
public final class PostLogoutRedirects {

	private final RegisteredClientRepository clients;

	public PostLogoutRedirects(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	/** The client, if {@code clientId} names one. */
	public Optional<RegisteredClient> client(@Nullable String clientId) {
		return StringUtils.hasText(clientId) ? Optional.ofNullable(this.clients.findByClientId(clientId))
				: Optional.empty();
	}

	/** The address to send the browser to, or empty when the client did not register exactly this one. */
	public Optional<String> target(@Nullable String clientId, @Nullable String redirectUri, @Nullable String state) {
		if (!StringUtils.hasText(redirectUri)) {
			return Optional.empty();
		}
		return client(clientId).filter((client) -> client.getPostLogoutRedirectUris().contains(redirectUri))
			.map((client) -> {
				UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri);
				if (StringUtils.hasText(state)) {
					target.queryParam("state", UriUtils.encode(state, StandardCharsets.UTF_8));
				}
				// build(true): the state is encoded above, and the address is exactly as registered.
				return target.build(true).toUriString();
			});
	}

}
