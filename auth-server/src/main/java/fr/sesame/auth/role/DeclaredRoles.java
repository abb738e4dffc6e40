package fr.sesame.auth.role;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.sesame.auth.client.registry.Application;
import fr.sesame.auth.client.registry.Applications;
import fr.sesame.auth.mfa.policy.MfaPolicyProperties;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * What admins may assign: each application's declared roles ({@code sesame.clients.<id>.roles}, or those of a client
 * registered at run time, read from the registry at every call so that an edit applies at once), the communes each
 * application is open to, and which roles are admin roles. A client that declares no role takes its roles from the
 * directory mappings alone: admins assign none of its roles, so that a deployment that never declared roles keeps
 * its tokens exactly as they were.
 * <p>
 * A client is open to a commune when that commune's directory maps a group to one of its roles, or when the client
 * lists the commune in {@code sesame.clients.<id>.communes}.
 */
public final class DeclaredRoles {

	/** Roles that make their holder an administrator, whatever the configuration says. */
	private static final Set<String> ALWAYS_ADMIN = Set.of("syndicate-admin", "commune-admin");

	private final Applications clients;

	private final CommuneDirectories directories;

	private final Set<String> adminRoles;

	public DeclaredRoles(Applications clients, CommuneDirectories directories, MfaPolicyProperties policy) {
		this.clients = clients;
		this.directories = directories;
		this.adminRoles = policy.adminRoles();
	}

	public boolean knows(String clientId) {
		return this.clients.find(clientId).isPresent();
	}

	/** The client's name, as agents see it. */
	public Optional<String> name(String clientId) {
		return this.clients.find(clientId).map(Application::name);
	}

	/** The roles admins may assign for the client, in declaration order; empty when it declares none. */
	public List<String> declaredBy(String clientId) {
		return this.clients.find(clientId).map(Application::roles).orElseGet(List::of);
	}

	public boolean declares(String clientId, String role) {
		return this.clients.find(clientId).map((client) -> client.declaresRole(role)).orElse(false);
	}

	public boolean isOpenTo(String clientId, String communeId) {
		Application client = this.clients.find(clientId).orElse(null);
		if (client == null) {
			return false;
		}
		if (client.communes().contains(communeId)) {
			return true;
		}
		return commune(communeId).map((commune) -> commune.roleMappings().containsKey(clientId)).orElse(false);
	}

	/** The clients open to the commune that declare roles, sorted by id. */
	public List<String> assignableIn(String communeId) {
		return this.clients.all()
			.stream()
			.map(Application::clientId)
			.filter((clientId) -> !declaredBy(clientId).isEmpty() && isOpenTo(clientId, communeId))
			.toList();
	}

	/**
	 * {@code syndicate-admin}, {@code commune-admin} and every role of {@code sesame.mfa.policy.admin-roles}: only a
	 * syndicate admin grants them, whatever the client.
	 */
	public boolean isAdminRole(String role) {
		return ALWAYS_ADMIN.contains(role) || this.adminRoles.contains(role);
	}

	/**
	 * What the configuration gets wrong about the roles of configured clients, one sentence per mistake naming the
	 * keys: a mapping granting a role its client does not declare (when it declares some), a client open to a commune
	 * that does not exist.
	 */
	public List<String> inconsistencies() {
		List<String> problems = new ArrayList<>();
		Collection<Commune> communes = this.directories.communes();
		for (Commune commune : communes) {
			for (Map.Entry<String, Map<String, List<String>>> mapping : commune.roleMappings().entrySet()) {
				String clientId = mapping.getKey();
				List<String> declared = configured(clientId) ? declaredBy(clientId) : List.of();
				if (declared.isEmpty()) {
					continue;
				}
				mapping.getValue()
					.keySet()
					.stream()
					.sorted()
					.filter((role) -> !declared.contains(role))
					.forEach((role) -> problems.add("the role-mappings of commune '" + commune.id()
							+ "' grant role '" + role + "' of client '" + clientId + "', which sesame.clients."
							+ clientId + ".roles does not declare " + declared));
			}
		}
		this.clients.all().stream().filter(Application::isConfigured).forEach((client) -> {
			for (String communeId : client.communes()) {
				if (commune(communeId).isEmpty()) {
					problems.add("sesame.clients." + client.clientId() + ".communes names commune '" + communeId
							+ "', which sesame.directory.communes does not declare");
				}
			}
		});
		return problems;
	}

	// Clients registered at run time were checked when registered: data in Redis must never stop a start-up.
	private boolean configured(String clientId) {
		return this.clients.find(clientId).map(Application::isConfigured).orElse(false);
	}

	private Optional<Commune> commune(String communeId) {
		return this.directories.communes().stream().filter((commune) -> commune.id().equals(communeId)).findFirst();
	}

}
