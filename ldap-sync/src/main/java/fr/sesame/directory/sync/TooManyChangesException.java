package fr.sesame.directory.sync;

/** More entries changed than an incremental pass keeps in memory; a full pass handles them page by page. */
final class TooManyChangesException extends RuntimeException {

	TooManyChangesException(int limit) {
		super("more than " + limit + " entries changed since the last pass");
	}

}
