package fr.sesame.directory.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A commune's groups in memory: who is a direct member of which group, and which groups contain which groups. Built
 * from one read of the groups per full pass, then kept current by the groups an incremental pass sees change, so
 * that an agent's groups never need a directory search per agent (a hundred thousand agents would mean a hundred
 * thousand searches). Memory grows with the number of memberships, not with the size of entries. DNs are compared
 * in their normalised form ({@link Dns#normalize}). Not thread-safe: one commune's synchronisation owns it.
 */
final class GroupGraph {

	/** Deeper nesting than this is a loop or a mistake, as for sign-ins. */
	static final int MAX_DEPTH = 8;

	private final boolean nested;

	/** Group DN → its name and members. */
	private final Map<String, Group> groups = new HashMap<>();

	/** Unique ids of the groups, so that a group deleted or moved away (known by its id only) is recognised. */
	private final Map<String, String> dnByUniqueId = new HashMap<>();

	/** Member DN (agent or group) → the DNs of the groups listing it. */
	private final Map<String, Set<String>> memberOf = new HashMap<>();

	record Group(String name, String uniqueId, List<String> members) {
	}

	GroupGraph(boolean nested) {
		this.nested = nested;
	}

	int size() {
		return this.groups.size();
	}

	/** Adds or replaces a group. */
	void put(String groupDn, String name, String uniqueId, Collection<String> memberDns) {
		remove(groupDn);
		List<String> members = List.copyOf(new HashSet<>(memberDns));
		this.groups.put(groupDn, new Group(name, uniqueId, members));
		if (uniqueId != null) {
			this.dnByUniqueId.put(uniqueId, groupDn);
		}
		for (String member : members) {
			this.memberOf.computeIfAbsent(member, (dn) -> new HashSet<>()).add(groupDn);
		}
	}

	void remove(String groupDn) {
		Group previous = this.groups.remove(groupDn);
		if (previous == null) {
			return;
		}
		if (previous.uniqueId() != null) {
			this.dnByUniqueId.remove(previous.uniqueId());
		}
		for (String member : previous.members()) {
			Set<String> of = this.memberOf.get(member);
			if (of != null) {
				of.remove(groupDn);
				if (of.isEmpty()) {
					this.memberOf.remove(member);
				}
			}
		}
	}

	boolean contains(String groupDn) {
		return this.groups.containsKey(groupDn);
	}

	Set<String> uniqueIds() {
		return this.dnByUniqueId.keySet();
	}

	/** A member's DN changed without its groups being rewritten (Active Directory links members by reference). */
	void renameMember(String oldDn, String newDn) {
		if (oldDn.equals(newDn)) {
			return;
		}
		Set<String> of = this.memberOf.remove(oldDn);
		if (of == null) {
			return;
		}
		for (String groupDn : of) {
			Group group = this.groups.get(groupDn);
			List<String> members = new ArrayList<>(group.members());
			members.remove(oldDn);
			members.add(newDn);
			this.groups.put(groupDn, new Group(group.name(), group.uniqueId(), List.copyOf(members)));
		}
		this.memberOf.computeIfAbsent(newDn, (dn) -> new HashSet<>()).addAll(of);
	}

	boolean containsUniqueId(String uniqueId) {
		return this.dnByUniqueId.containsKey(uniqueId);
	}

	/** Whether the group is known with exactly this name and these members (an unchanged entry seen again). */
	boolean holds(String groupDn, String name, Collection<String> memberDns) {
		Group group = this.groups.get(groupDn);
		return group != null && java.util.Objects.equals(group.name(), name)
				&& new HashSet<>(group.members()).equals(new HashSet<>(memberDns));
	}

	/** The names of the groups of a member, nested ones included when the commune nests groups, sorted. */
	List<String> groupsOf(String memberDn) {
		Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		Set<String> visited = new HashSet<>();
		visited.add(memberDn);
		List<String> level = List.of(memberDn);
		for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
			List<String> next = new ArrayList<>();
			for (String dn : level) {
				for (String groupDn : this.memberOf.getOrDefault(dn, Set.of())) {
					if (!visited.add(groupDn)) {
						continue;
					}
					Group group = this.groups.get(groupDn);
					if (group != null && group.name() != null) {
						names.add(group.name());
					}
					next.add(groupDn);
				}
			}
			if (!this.nested) {
				break;
			}
			level = next;
		}
		return new ArrayList<>(names);
	}

	/** Every group name, sorted. */
	List<String> names() {
		Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		this.groups.values().stream().map(Group::name).filter((name) -> name != null).forEach(names::add);
		return new ArrayList<>(names);
	}

	/**
	 * The members (not groups) whose groups may change when {@code groupDn} changes to {@code newMembers}: its
	 * members before and after, and, through nesting, every member of the groups it contains before and after.
	 */
	Set<String> membersAffectedBy(String groupDn, Collection<String> newMembers) {
		Deque<String> pending = new ArrayDeque<>();
		Group current = this.groups.get(groupDn);
		if (current != null) {
			pending.addAll(current.members());
		}
		pending.addAll(newMembers);
		Set<String> affected = new HashSet<>();
		Set<String> visited = new HashSet<>();
		visited.add(groupDn);
		while (!pending.isEmpty()) {
			String dn = pending.pop();
			if (!visited.add(dn)) {
				continue;
			}
			Group group = this.groups.get(dn);
			if (group == null) {
				affected.add(dn);
			}
			else if (this.nested) {
				pending.addAll(group.members());
			}
		}
		return affected;
	}

}
