package fr.sesame.auth.mfa.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import fr.sesame.auth.client.ClientProperties.ClientMfa;
import fr.sesame.auth.client.ConfiguredClients;
import fr.sesame.auth.token.AuthenticationContextClass;

/**
 * Decides which second factor an authorization request needs: the strongest of what the client requires, what the
 * request asks for with {@code acr_values}, and what the agent's roles and commune call for. A pure function of its
 * inputs.
 */
public final class SecondFactorPolicy {

	private final MfaPolicyProperties properties;

	public SecondFactorPolicy(MfaPolicyProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param client the client asking for a code
	 * @param communeId the agent's commune
	 * @param roles the agent's roles for this client
	 * @param acrValues the request's {@code acr_values} parameter, or {@code null}
	 */
	public Requirement requirementFor(RegisteredClient client, String communeId, Collection<String> roles,
			String acrValues) {
		ClientMfa clientMfa = clientMfa(client);
		if (clientMfa == ClientMfa.PASSKEY) {
			return new Requirement(Requirement.Level.PASSKEY, true, "client");
		}
		if (clientMfa == ClientMfa.REQUIRED) {
			return new Requirement(Requirement.Level.SECOND_FACTOR, true, "client");
		}
		if (asksForMultiFactor(acrValues)) {
			return new Requirement(Requirement.Level.SECOND_FACTOR, true, "acr_values");
		}
		if (roles.stream().anyMatch(this.properties.adminRoles()::contains)) {
			return new Requirement(Requirement.Level.SECOND_FACTOR, true, "admin-role");
		}
		if (roles.stream().anyMatch(this.properties.roles()::contains)) {
			return new Requirement(Requirement.Level.SECOND_FACTOR, false, "role");
		}
		if (this.properties.communes().contains(communeId)) {
			return new Requirement(Requirement.Level.SECOND_FACTOR, false, "commune");
		}
		return Requirement.PASSWORD;
	}

	public MfaPolicyProperties properties() {
		return this.properties;
	}

	// acr_values is a space-separated list in order of preference (OIDC Core 3.1.2.1). An agent asked for the
	// multi-factor level gets it, whatever follows. The password level (ours, or ProConnect's alias "eidas1") is what
	// every sign-in gives anyway; unknown values are ignored, as the parameter is voluntary.
	private static boolean asksForMultiFactor(String acrValues) {
		if (acrValues == null || acrValues.isBlank() || acrValues.length() > 512) {
			return false;
		}
		return Arrays.stream(acrValues.split(" "))
			.map((value) -> value.strip().toLowerCase(Locale.ROOT))
			.anyMatch(AuthenticationContextClass.MULTI_FACTOR::equals);
	}

	private static ClientMfa clientMfa(RegisteredClient client) {
		Object setting = client.getClientSettings().getSetting(ConfiguredClients.MFA);
		if (setting == null) {
			return ClientMfa.NONE;
		}
		try {
			return ClientMfa.valueOf(setting.toString());
		}
		catch (IllegalArgumentException ex) {
			// A client whose setting cannot be read must not get codes for weaker sessions than it asked for.
			return ClientMfa.PASSKEY;
		}
	}

}
