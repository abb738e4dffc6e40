package fr.sesame.auth.client.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import fr.sesame.auth.client.ClientProperties.ClientMfa;
import fr.sesame.auth.client.ClientProperties.GrantType;
import fr.sesame.auth.client.ClientProperties.SigningAlgorithm;

/**
 * A registered client as stored in Redis: explicit field names, sets written sorted, so that the same client always
 * gives the same text (the store compares texts to refuse an edit made from a stale read).
 */
final class ApplicationJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApplicationJson() {
	}

	static String write(Application application) {
		ObjectNode node = JSON.createObjectNode();
		node.put("client_id", application.clientId());
		node.put("internal_id", application.internalId());
		node.put("name", application.name());
		strings(node.putArray("redirect_uris"), application.redirectUris());
		strings(node.putArray("post_logout_redirect_uris"), application.postLogoutRedirectUris());
		strings(node.putArray("grant_types"), application.grantTypes().stream().map(Enum::name).sorted().toList());
		node.put("require_pkce", application.requirePkce());
		node.put("require_consent", application.requireConsent());
		node.put("signing_algorithm", application.signingAlgorithm().name());
		strings(node.putArray("scopes"), new TreeSet<>(application.scopes()));
		node.put("access_token_ttl", application.accessTokenTtl().toString());
		node.put("refresh_token_ttl", application.refreshTokenTtl().toString());
		node.put("mfa", application.mfa().name());
		strings(node.putArray("roles"), application.roles());
		strings(node.putArray("communes"), application.communes());
		node.put("backchannel_logout_uri", application.backchannelLogoutUri());
		node.put("secret_hash", application.secretHash());
		node.put("updated_at", (application.updatedAt() != null) ? application.updatedAt().toString() : null);
		return JSON.writeValueAsString(node);
	}

	static Application read(String json) {
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("A registered client stored in Redis is not valid JSON", ex);
		}
		return new Application(text(node, "client_id"), text(node, "internal_id"), Application.Source.REGISTERED,
				text(node, "name"), strings(node, "redirect_uris"), strings(node, "post_logout_redirect_uris"),
				Set.copyOf(strings(node, "grant_types").stream().map(GrantType::valueOf).toList()),
				node.path("require_pkce").booleanValue(), node.path("require_consent").booleanValue(),
				SigningAlgorithm.valueOf(text(node, "signing_algorithm")), Set.copyOf(strings(node, "scopes")),
				Duration.parse(text(node, "access_token_ttl")), Duration.parse(text(node, "refresh_token_ttl")),
				ClientMfa.valueOf(text(node, "mfa")), strings(node, "roles"), strings(node, "communes"),
				text(node, "backchannel_logout_uri"), text(node, "secret_hash"),
				(text(node, "updated_at") != null) ? Instant.parse(text(node, "updated_at")) : null);
	}

	private static void strings(ArrayNode array, Collection<String> values) {
		values.forEach(array::add);
	}

	private static List<String> strings(JsonNode node, String field) {
		List<String> values = new ArrayList<>();
		node.path(field).forEach((value) -> values.add(value.asString()));
		return values;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}
