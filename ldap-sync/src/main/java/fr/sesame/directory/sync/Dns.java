package fr.sesame.directory.sync;

import java.util.Arrays;
import java.util.Locale;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

/** DNs as keys: two spellings of one DN (case, spaces, escaping) must meet in the group graph and the DN map. */
final class Dns {

	private Dns() {
	}

	static String normalize(String dn) {
		try {
			return new DN(dn).toNormalizedString();
		}
		catch (LDAPException malformed) {
			return dn.strip().toLowerCase(Locale.ROOT);
		}
	}

	/** Whether {@code dn} is {@code base} or below it. */
	static boolean isWithin(String dn, DN base) {
		try {
			return new DN(dn).isDescendantOf(base, true);
		}
		catch (LDAPException malformed) {
			return false;
		}
	}

	static DN parse(String dn) {
		try {
			return new DN(dn);
		}
		catch (LDAPException ex) {
			throw new IllegalArgumentException("Not a DN: " + dn, ex);
		}
	}

	/**
	 * The naming context a base lives in, read as its trailing {@code dc=} components ({@code dc=rivebelle,dc=fr}
	 * for {@code ou=people,dc=rivebelle,dc=fr}), where moved and deleted entries can still be found; the base
	 * itself when it has none.
	 */
	static DN namingContext(DN base) {
		RDN[] rdns = base.getRDNs();
		int start = rdns.length;
		while (start > 0 && rdns[start - 1].hasAttribute("dc")) {
			start--;
		}
		return (start == rdns.length) ? base : new DN(Arrays.copyOfRange(rdns, start, rdns.length));
	}

}
