package fr.sesame.directory.sync;

import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

/**
 * Reads a group entry's members. Active Directory returns at most 1,500 values of {@code member} per search (its
 * MaxValRange) as {@code member;range=0-1499}; the rest is read range after range on the group itself, or a large
 * group would silently lose members, and its members their roles.
 */
final class GroupEntries {

	private static final String RANGE = "range=";

	private GroupEntries() {
	}

	/**
	 * Every group under the group base, page by page, into a new graph.
	 * @param observe sees each group entry (a change source records where changes start)
	 */
	static GroupGraph readAll(SyncConnection connection, SyncScope scope, boolean nested, AgentReader reader,
			String[] trackingAttributes, java.util.function.Consumer<Entry> observe) throws LDAPException {
		GroupGraph graph = new GroupGraph(nested);
		String[] attributes = scope.groupAttributes(concat(trackingAttributes, scope.uniqueId()));
		connection.paged(scope.groupBase().toString(), scope.groupFilter(), attributes, scope.pageSize(), (page) -> {
			for (SearchResultEntry group : page) {
				put(graph, group, scope, reader, connection);
				observe.accept(group);
			}
		});
		return graph;
	}

	/** Adds or replaces one group entry in the graph. */
	static void put(GroupGraph graph, Entry group, SyncScope scope, AgentReader reader, SyncConnection connection)
			throws LDAPException {
		graph.put(Dns.normalize(group.getDN()), group.getAttributeValue(scope.groupName()),
				reader.uniqueId(group).orElse(null), members(group, scope, connection));
	}

	static String[] concat(String[] first, String... second) {
		String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/** The group's members as keys of the graph ({@link SyncScope#memberKey(String)}). */
	static List<String> members(Entry group, SyncScope scope, SyncConnection connection) throws LDAPException {
		String memberAttribute = scope.member();
		List<String> members = new ArrayList<>();
		String next = null;
		for (Attribute attribute : group.getAttributes()) {
			if (!attribute.getBaseName().equalsIgnoreCase(memberAttribute)) {
				continue;
			}
			addAll(members, attribute, scope);
			next = nextRange(attribute, memberAttribute);
		}
		// Bounded: each round trip returns a range or ends; a directory that keeps answering the same range stops us.
		for (int round = 0; next != null && round < 10_000; round++) {
			SearchRequest request = new SearchRequest(group.getDN(), SearchScope.BASE, DereferencePolicy.NEVER, 1, 0,
					false, Filter.createPresenceFilter("objectClass"), next);
			List<SearchResultEntry> entries = connection.search(request).getSearchEntries();
			String requested = next;
			next = null;
			if (entries.isEmpty()) {
				break;
			}
			for (Attribute attribute : entries.get(0).getAttributes()) {
				if (attribute.getBaseName().equalsIgnoreCase(memberAttribute)) {
					addAll(members, attribute, scope);
					String following = nextRange(attribute, memberAttribute);
					next = (following != null && !following.equals(requested)) ? following : null;
				}
			}
		}
		return members;
	}

	private static void addAll(List<String> members, Attribute attribute, SyncScope scope) {
		for (String value : attribute.getValues()) {
			members.add(scope.memberKey(value));
		}
	}

	/** {@code member;range=1500-*} after {@code member;range=0-1499}; null after the last range ({@code …-*}). */
	private static String nextRange(Attribute attribute, String memberAttribute) {
		for (String option : attribute.getOptions()) {
			if (!option.regionMatches(true, 0, RANGE, 0, RANGE.length())) {
				continue;
			}
			String range = option.substring(RANGE.length());
			int dash = range.indexOf('-');
			if (dash < 0 || range.endsWith("*")) {
				return null;
			}
			long end = Long.parseLong(range.substring(dash + 1));
			return memberAttribute + ";" + RANGE + (end + 1) + "-*";
		}
		return null;
	}

}
