package fr.sesame.directory.sync;

/**
 * The directory cannot tell what changed since the last pass (another domain controller, an expired content
 * synchronisation cookie): the next pass must be a full one.
 */
final class FullPassNeededException extends RuntimeException {

	FullPassNeededException(String reason) {
		super(reason);
	}

}
