package fr.sesame.gateway.portal;

/**
 * One application on an agent's portal.
 *
 * @param id application id
 * @param displayName name
 * @param description one sentence
 * @param language the language of the name and the sentence
 * @param link where it opens
 * @param secondFactorNeeded whether opening it will ask for a second factor
 */
public record PortalEntry(String id, String displayName, String description, String language, String link,
		boolean secondFactorNeeded) {

}
