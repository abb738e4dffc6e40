package fr.sesame.directory.flavour;

import com.unboundid.ldap.sdk.Entry;

/**
 * How a commune's group entries name their members.
 */
public enum GroupMembers {

	/** By distinguished name: {@code member} of {@code groupOfNames} and AD groups, {@code uniqueMember}. */
	DN,

	/**
	 * By login: {@code memberUid} of RFC 2307's {@code posixGroup}, which many OpenLDAP directories use for Unix
	 * accounts as well. Such a group cannot hold another group, so groups do not nest.
	 */
	LOGIN;

	/** The attribute that makes a commune's groups list logins when nothing says otherwise. */
	static final String MEMBER_UID = "memberUid";

	/** {@link #LOGIN} for {@code memberUid}, the only standard attribute that lists logins; {@link #DN} otherwise. */
	public static GroupMembers forMemberAttribute(String memberAttribute) {
		return MEMBER_UID.equalsIgnoreCase(memberAttribute) ? LOGIN : DN;
	}

	/**
	 * The value under which groups list an agent: its DN as the entry has it, or the first value of its login
	 * attribute (compared exactly, as {@code memberUid}'s equality rule does). Null when the entry has no login.
	 */
	public String memberValue(Entry agent, String loginAttribute) {
		return (this == DN) ? agent.getDN() : agent.getAttributeValue(loginAttribute);
	}

}
