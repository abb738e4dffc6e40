package fr.sesame.directory.commune;

import java.util.Collection;
import java.util.Optional;

import fr.sesame.directory.connector.DirectoryConnector;

/**
 * Every configured commune and its directory connector: the entry point auth-server uses to route a sign-in.
 */
public interface CommuneDirectories {

	/** Communes in display order (the order of the configuration). */
	Collection<Commune> communes();

	Optional<DirectoryConnector> connector(String communeId);

	/**
	 * Routes what the agent typed to a commune. {@code j.dupont@rivebelle.fr} goes to the commune owning
	 * {@code rivebelle.fr} whatever was picked; a bare login goes to the picked commune. Empty when neither tells
	 * (unknown domain, unknown or missing commune).
	 */
	Optional<CommuneLogin> resolve(String typedLogin, String pickedCommuneId);

	/**
	 * A login routed to its commune.
	 *
	 * @param commune the commune
	 * @param login what to search in the directory; for a {@code login@domain} entry this is what the flavour
	 * expects (the whole UPN for Active Directory, the local part for OpenLDAP)
	 */
	record CommuneLogin(Commune commune, String login) {
	}

}
