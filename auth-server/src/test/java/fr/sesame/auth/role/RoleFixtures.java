package fr.sesame.auth.role;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Validation;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.client.registry.ConfiguredApplications;
import fr.sesame.auth.mfa.policy.MfaPolicyProperties;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.connector.DirectoryConnector;

/** Clients bound and validated as Spring Boot binds them, communes with role mappings, and the demo's declarations. */
final class RoleFixtures {

	static final Commune RIVEBELLE = commune("rivebelle", Map.of("demo-portal",
			Map.of("agent", List.of("agents"), "officier-etat-civil", List.of("etat-civil")), "sesame-admin",
			Map.of("commune-admin", List.of("admins-commune"))));

	static final Commune MONTCLAIR = commune("montclair", Map.of("demo-portal", Map.of("agent", List.of("agents"))));

	private static final SpringValidatorAdapter VALIDATOR = new SpringValidatorAdapter(
			Validation.buildDefaultValidatorFactory().getValidator());

	private RoleFixtures() {
	}

	static Commune commune(String id, Map<String, Map<String, List<String>>> mappings) {
		return new Commune(id, id, List.of(id + ".fr"), mappings, 5, Duration.ofMinutes(30));
	}

	/** The demo's clients: demo-portal and sesame-admin declare roles, demo-spa none, demo-finances is open to montclair. */
	static ClientProperties demoClients() {
		return clients(Map.of("sesame.clients.demo-portal.roles[0]", "agent",
				"sesame.clients.demo-portal.roles[1]", "officier-etat-civil",
				"sesame.clients.sesame-admin.roles[0]", "commune-admin",
				"sesame.clients.sesame-admin.roles[1]", "syndicate-admin",
				"sesame.clients.demo-finances.roles[0]", "comptable",
				"sesame.clients.demo-finances.communes[0]", "montclair"), "demo-portal", "sesame-admin", "demo-spa",
				"demo-finances");
	}

	/** Binds {@code sesame.clients}, each named client getting what a valid client needs besides {@code extra}. */
	static ClientProperties clients(Map<String, String> extra, String... clientIds) {
		BindResult<ClientProperties> bound = bind(extra, clientIds);
		return bound.get();
	}

	static BindResult<ClientProperties> bind(Map<String, String> extra, String... clientIds) {
		Map<String, String> properties = new HashMap<>(extra);
		for (String clientId : clientIds) {
			properties.put("sesame.clients." + clientId + ".name", clientId);
			properties.put("sesame.clients." + clientId + ".grant-types[0]", "authorization_code");
			properties.put("sesame.clients." + clientId + ".redirect-uris[0]", "http://127.0.0.1:9999/callback");
		}
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		return binder.bind("sesame", Bindable.of(ClientProperties.class),
				new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), VALIDATOR));
	}

	static MfaPolicyProperties policy(String... adminRoles) {
		return new MfaPolicyProperties(Set.of(), Set.of(), Set.of(adminRoles), Duration.ZERO);
	}

	static CommuneDirectories directories(Commune... communes) {
		List<Commune> all = List.of(communes);
		return new CommuneDirectories() {

			@Override
			public Collection<Commune> communes() {
				return all;
			}

			@Override
			public Optional<DirectoryConnector> connector(String communeId) {
				return Optional.empty();
			}

			@Override
			public Optional<CommuneLogin> resolve(String typedLogin, String pickedCommuneId) {
				return Optional.empty();
			}

		};
	}

	static DeclaredRoles demoDeclarations() {
		return new DeclaredRoles(ConfiguredApplications.of(demoClients()), directories(RIVEBELLE, MONTCLAIR),
				policy("syndicate-admin", "commune-admin", "dpo"));
	}

}
