package fr.sesame.directory.connector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import fr.sesame.directory.flavour.AttributeMapping;
import fr.sesame.directory.flavour.GroupMembers;

/**
 * The names of an agent's groups. Groups are found by searching those whose {@code member} is the agent's DN, then,
 * for nested groups, those whose {@code member} is one of the groups found, level by level: it works the same on
 * Active Directory, OpenLDAP and an in-memory directory, unlike {@code memberOf} overlays or AD's matching rule
 * {@code 1.2.840.113556.1.4.1941}. Without nesting, an entry's {@code memberOf} is used when present (no search).
 * Groups that list logins ({@code posixGroup}'s {@code memberUid}) are searched by the agent's login, one level.
 */
final class GroupMembership {

	/** Deeper nesting than this is a loop or a mistake; stop rather than search forever. */
	static final int MAX_DEPTH = 8;

	/** Members per OR filter, so that a level with many groups is several bounded searches, not one huge filter. */
	private static final int DNS_PER_SEARCH = 50;

	private final String groupBase;

	private final Filter groupFilter;

	private final AttributeMapping attributes;

	private final GroupMembers listedBy;

	private final boolean nested;

	private final int timeLimitSeconds;

	GroupMembership(String groupBase, Filter groupFilter, AttributeMapping attributes, GroupMembers listedBy,
			boolean nested, int timeLimitSeconds) {
		this.groupBase = groupBase;
		this.groupFilter = groupFilter;
		this.attributes = attributes;
		this.listedBy = listedBy;
		this.nested = nested && listedBy == GroupMembers.DN;
		this.timeLimitSeconds = timeLimitSeconds;
	}

	interface Searcher {

		SearchResult search(SearchRequest request) throws LDAPException;

	}

	Set<String> groupsOf(Entry agent, Searcher searcher) throws LDAPException {
		String memberValue = this.listedBy.memberValue(agent, this.attributes.login());
		if (memberValue == null) {
			return Set.of();
		}
		if (!this.nested && this.listedBy == GroupMembers.DN) {
			Set<String> fromMemberOf = fromMemberOf(agent);
			if (fromMemberOf != null) {
				return fromMemberOf;
			}
		}
		Set<String> names = new LinkedHashSet<>();
		Set<DN> visited = new HashSet<>();
		visited.add(agent.getParsedDN());
		List<String> level = List.of(memberValue);
		for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
			List<String> next = new ArrayList<>();
			for (int from = 0; from < level.size(); from += DNS_PER_SEARCH) {
				List<String> members = level.subList(from, Math.min(level.size(), from + DNS_PER_SEARCH));
				for (SearchResultEntry group : searcher.search(request(members)).getSearchEntries()) {
					if (!visited.add(group.getParsedDN())) {
						continue;
					}
					String name = group.getAttributeValue(this.attributes.groupName());
					if (name != null) {
						names.add(name);
					}
					next.add(group.getDN());
				}
			}
			if (!this.nested) {
				break;
			}
			level = next;
		}
		return names;
	}

	private SearchRequest request(List<String> memberValues) {
		List<Filter> members = new ArrayList<>(memberValues.size());
		for (String value : memberValues) {
			members.add(Filter.createEqualityFilter(this.attributes.member(), value));
		}
		Filter filter = Filter.createANDFilter(this.groupFilter,
				(members.size() == 1) ? members.get(0) : Filter.createORFilter(members));
		return new SearchRequest(this.groupBase, SearchScope.SUB, DereferencePolicy.NEVER, 0, this.timeLimitSeconds,
				false, filter, this.attributes.groupName());
	}

	/**
	 * Group names read from {@code memberOf} DNs under the group base whose RDN is the group name attribute; null
	 * when the entry has no {@code memberOf} or one of them cannot be read that way (then a search is needed).
	 */
	private Set<String> fromMemberOf(Entry agent) throws LDAPException {
		String[] memberOf = agent.getAttributeValues("memberOf");
		if (memberOf == null || memberOf.length == 0) {
			return null;
		}
		DN base = new DN(this.groupBase);
		Set<String> names = new LinkedHashSet<>();
		for (String value : memberOf) {
			DN group;
			try {
				group = new DN(value);
			}
			catch (LDAPException malformed) {
				return null;
			}
			if (!group.isDescendantOf(base, false)) {
				continue;
			}
			RDN rdn = group.getRDN();
			if (rdn == null || rdn.getAttributeNames().length != 1
					|| !rdn.getAttributeNames()[0].equalsIgnoreCase(this.attributes.groupName())) {
				return null;
			}
			names.add(rdn.getAttributeValues()[0]);
		}
		return names;
	}

}
