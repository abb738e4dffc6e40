package fr.sesame.directory.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.flavour.AttributeMapping;
import fr.sesame.directory.flavour.GroupMembers;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Where a commune's agents and groups are and how to recognise them: what every pass searches.
 *
 * @param userBase agents are searched under it
 * @param groupBase groups are searched under it
 * @param namingContext the naming context above both (its {@code dc=} suffix), where an agent moved out of the user
 * base can still be found, and where Active Directory keeps tombstones
 * @param userFilter which entries are agents
 * @param groupFilter which entries are groups
 * @param groupName the attribute naming a group
 * @param member the attribute listing a group's members
 * @param groupMembers whether that attribute holds DNs or logins
 * @param login the attribute holding an agent's login
 * @param uniqueId the attribute holding an agent's immutable id
 * @param pageSize entries per page of a paged search
 */
record SyncScope(DN userBase, DN groupBase, DN namingContext, Filter userFilter, Filter groupFilter, String groupName,
		String member, GroupMembers groupMembers, String login, String uniqueId, int pageSize) {

	static SyncScope of(CommuneDirectoryProperties properties, int pageSize) {
		AttributeMapping attributes = properties.attributeMapping();
		DN userBase = Dns.parse(properties.userBase());
		return new SyncScope(userBase, Dns.parse(properties.groupBase()), Dns.namingContext(userBase),
				Filters.parse(properties.effectiveUserFilter()), Filters.parse(properties.effectiveGroupFilter()),
				attributes.groupName(), attributes.member(), properties.effectiveGroupMembers(), attributes.login(),
				attributes.uniqueId(), pageSize);
	}

	/**
	 * The key under which the group graph knows an agent: the value sign-in searches groups with
	 * ({@link GroupMembers#memberValue}), its DN normalised. An entry without a login is keyed by its unique id, which
	 * stands in for its login in the index too.
	 */
	String memberKey(Entry agent, String uniqueId) {
		String value = this.groupMembers.memberValue(agent, this.login);
		return (value != null) ? memberKey(value) : uniqueId;
	}

	/** The same key from what the index keeps of an agent. */
	String memberKey(IndexedAgent agent) {
		return (this.groupMembers == GroupMembers.DN) ? Dns.normalize(agent.dn()) : agent.login();
	}

	/** One value of a group's member attribute as a key of the graph. */
	String memberKey(String memberValue) {
		return (this.groupMembers == GroupMembers.DN) ? Dns.normalize(memberValue) : memberValue;
	}

	boolean inUserBase(String dn) {
		return Dns.isWithin(dn, this.userBase);
	}

	boolean inGroupBase(String dn) {
		return Dns.isWithin(dn, this.groupBase);
	}

	String[] groupAttributes(String... extra) {
		String[] attributes = new String[2 + extra.length];
		attributes[0] = this.groupName;
		attributes[1] = this.member;
		System.arraycopy(extra, 0, attributes, 2, extra.length);
		return attributes;
	}

}
