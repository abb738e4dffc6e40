package fr.sesame.auth.role;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Role assignments held in this process, for the demo and unit tests. One lock: admins change roles rarely, and
 * reads (one per token) are map look-ups.
 */
public final class InMemoryRoleAssignments implements RoleAssignments {

	private final Map<String, RoleAssignment> byId = new HashMap<>();

	private final Map<String, Set<String>> idsByCommune = new HashMap<>();

	private final Map<String, Set<String>> idsByAgent = new HashMap<>();

	private final Clock clock;

	public InMemoryRoleAssignments(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized boolean add(RoleAssignment assignment) {
		return addAll(List.of(assignment));
	}

	@Override
	public synchronized boolean addAll(List<RoleAssignment> assignments) {
		Instant now = this.clock.instant();
		for (int i = 0; i < assignments.size(); i++) {
			RoleAssignment candidate = assignments.get(i);
			if (activeGranting(candidate, now).isPresent()) {
				return false;
			}
			for (int j = 0; j < i; j++) {
				if (assignments.get(j).grantsSameAs(candidate)) {
					return false;
				}
			}
		}
		assignments.forEach(this::put);
		return true;
	}

	@Override
	public synchronized Optional<RoleAssignment> find(String communeId, String id) {
		RoleAssignment assignment = this.byId.get(id);
		if (assignment == null || !assignment.communeId().equals(communeId)) {
			return Optional.empty();
		}
		if (!assignment.isActiveAt(this.clock.instant())) {
			forget(assignment);
			return Optional.empty();
		}
		return Optional.of(assignment);
	}

	@Override
	public synchronized List<RoleAssignment> ofCommune(String communeId) {
		return active(this.idsByCommune.getOrDefault(communeId, Set.of()));
	}

	@Override
	public synchronized List<RoleAssignment> ofAgent(String sub) {
		return active(this.idsByAgent.getOrDefault(sub, Set.of()));
	}

	@Override
	public synchronized Optional<RoleAssignment> remove(String communeId, String id) {
		Optional<RoleAssignment> found = find(communeId, id);
		found.ifPresent(this::forget);
		return found;
	}

	@Override
	public synchronized Optional<RoleAssignment> changeExpiry(String communeId, String id, Instant expiresAt) {
		Optional<RoleAssignment> changed = find(communeId, id).map((assignment) -> assignment.withExpiry(expiresAt));
		changed.ifPresent((assignment) -> this.byId.put(id, assignment));
		return changed;
	}

	private Optional<RoleAssignment> activeGranting(RoleAssignment candidate, Instant now) {
		return active(this.idsByAgent.getOrDefault(candidate.agent().sub(), Set.of()), now).stream()
			.filter(candidate::grantsSameAs)
			.findFirst();
	}

	private List<RoleAssignment> active(Set<String> ids) {
		return active(ids, this.clock.instant());
	}

	// Expired assignments met on the way are dropped: that is the lazy clean-up.
	private List<RoleAssignment> active(Set<String> ids, Instant now) {
		List<RoleAssignment> active = new ArrayList<>();
		List<RoleAssignment> expired = new ArrayList<>();
		for (String id : ids) {
			RoleAssignment assignment = this.byId.get(id);
			if (assignment != null) {
				(assignment.isActiveAt(now) ? active : expired).add(assignment);
			}
		}
		expired.forEach(this::forget);
		active.sort(Comparator.comparing(RoleAssignment::grantedAt).thenComparing(RoleAssignment::id));
		return active;
	}

	private void put(RoleAssignment assignment) {
		this.byId.put(assignment.id(), assignment);
		this.idsByCommune.computeIfAbsent(assignment.communeId(), (key) -> new LinkedHashSet<>()).add(assignment.id());
		this.idsByAgent.computeIfAbsent(assignment.agent().sub(), (key) -> new LinkedHashSet<>())
			.add(assignment.id());
	}

	private void forget(RoleAssignment assignment) {
		this.byId.remove(assignment.id());
		removeFrom(this.idsByCommune, assignment.communeId(), assignment.id());
		removeFrom(this.idsByAgent, assignment.agent().sub(), assignment.id());
	}

	private static void removeFrom(Map<String, Set<String>> index, String key, String id) {
		Set<String> ids = index.get(key);
		if (ids != null) {
			ids.remove(id);
			if (ids.isEmpty()) {
				index.remove(key);
			}
		}
	}

	/** How many assignments the store still holds, expired ones not yet cleaned included (for tests). */
	synchronized int held() {
		return this.byId.size();
	}

}
