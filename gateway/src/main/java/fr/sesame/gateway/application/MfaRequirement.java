package fr.sesame.gateway.application;

/** Whether an application needs agents signed in with a second factor. */
public enum MfaRequirement {

	NONE,

	MFA

}
