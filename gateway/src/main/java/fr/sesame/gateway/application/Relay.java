package fr.sesame.gateway.application;

/** What an upstream application receives about the agent. */
public enum Relay {

	/** The agent's access token, as {@code Authorization: Bearer}. */
	TOKEN,

	/** The configured identity headers (login, commune, roles, email, name, subject). */
	HEADERS,

	/** Nothing: the gateway only guards the door. */
	NONE

}
