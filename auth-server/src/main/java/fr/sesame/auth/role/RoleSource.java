package fr.sesame.auth.role;

import java.util.Locale;

/** Where an agent's role comes from. */
public enum RoleSource {

	/** A group of the commune's directory that the commune's role mappings turn into the role: read-only here. */
	DIRECTORY,

	/** An admin's assignment, stored by Sésame, with an optional expiry. */
	ADMIN;

	/** As the admin API writes it. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
