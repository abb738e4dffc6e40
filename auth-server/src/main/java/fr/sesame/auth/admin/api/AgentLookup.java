package fr.sesame.auth.admin.api;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectories.CommuneLogin;
import fr.sesame.directory.index.CommuneIndexState;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Finds agents by the login an admin typed, the way the login page routes it: {@code jdupont} is looked up in the
 * commune at hand, {@code jdupont@montclair.fr} in the commune owning {@code montclair.fr}. The directory index
 * answers (one pass over the commune, however many logins); while a commune's index is not complete yet, its
 * directory does.
 */
final class AgentLookup {

	private static final int BATCH = 500;

	private final DirectoryIndex index;

	private final CommuneDirectories directories;

	AgentLookup(DirectoryIndex index, CommuneDirectories directories) {
		this.index = index;
		this.directories = directories;
	}

	/**
	 * Where a typed login points.
	 * @return empty when it names a domain no commune owns
	 */
	Optional<Target> target(String communeId, String typed) {
		return this.directories.resolve(typed, communeId).map((login) -> new Target(login, typed));
	}

	/** The agents behind the targets that are in {@code communeId}, by target. */
	Map<Target, LocatedAgent> find(String communeId, Collection<Target> targets) {
		Map<Target, LocatedAgent> found = new HashMap<>();
		Map<String, Set<Target>> byName = new HashMap<>();
		for (Target target : targets) {
			if (target.communeId().equals(communeId)) {
				target.names().forEach((name) -> byName.computeIfAbsent(name, (key) -> new LinkedHashSet<>()).add(target));
			}
		}
		if (byName.isEmpty()) {
			return found;
		}
		Optional<CommuneIndexState> state = this.index.state(communeId);
		if (state.isPresent() && state.get().synced()) {
			this.index.forEachBatch(communeId, BATCH, (batch) -> {
				for (IndexedAgent agent : batch) {
					for (Target target : byName.getOrDefault(agent.login().toLowerCase(Locale.ROOT), Set.of())) {
						found.putIfAbsent(target, new LocatedAgent(agent.toAgent(), agent.enabled(), true));
					}
				}
			});
			return found;
		}
		// Not synchronised yet: the index cannot tell an unknown login from one it has not read.
		this.directories.connector(communeId).ifPresent((connector) -> {
			for (Target target : new LinkedHashSet<>(targets)) {
				if (target.communeId().equals(communeId)) {
					connector.findByLogin(target.login().login())
						.ifPresent((agent) -> found.put(target, new LocatedAgent(agent, null, false)));
				}
			}
		});
		return found;
	}

	Optional<LocatedAgent> find(String communeId, Target target) {
		return Optional.ofNullable(find(communeId, List.of(target)).get(target));
	}

	/**
	 * A typed login routed to its commune.
	 *
	 * @param login the commune and the login in the form its directory expects
	 * @param typed what the admin typed
	 */
	record Target(CommuneLogin login, String typed) {

		String communeId() {
			return this.login.commune().id();
		}

		/** What the index's login may equal, lower-cased: as typed, and without the commune's domain. */
		Set<String> names() {
			Set<String> names = new LinkedHashSet<>();
			names.add(this.typed.toLowerCase(Locale.ROOT));
			names.add(this.login.login().toLowerCase(Locale.ROOT));
			int at = this.typed.lastIndexOf('@');
			if (at > 0) {
				names.add(this.typed.substring(0, at).toLowerCase(Locale.ROOT));
			}
			return names;
		}

	}

}
