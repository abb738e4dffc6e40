package fr.sesame.directory.sync;

import java.util.List;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

final class Filters {

	private Filters() {
	}

	static Filter parse(String filter) {
		try {
			return Filter.create(filter);
		}
		catch (LDAPException ex) {
			throw new IllegalArgumentException("Not an LDAP filter: " + filter, ex);
		}
	}

	static void collectAttributes(Filter filter, List<String> names) {
		if (filter.getAttributeName() != null) {
			names.add(filter.getAttributeName());
		}
		for (Filter component : filter.getComponents()) {
			collectAttributes(component, names);
		}
		if (filter.getNOTComponent() != null) {
			collectAttributes(filter.getNOTComponent(), names);
		}
	}

}
