package fr.sesame.gateway.application;

/** How an application's required roles combine. */
public enum RoleMatch {

	/** One of the roles suffices. */
	ANY_OF,

	/** Every role is needed. */
	ALL_OF

}
