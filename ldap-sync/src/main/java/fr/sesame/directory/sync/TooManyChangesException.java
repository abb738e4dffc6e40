package fr.sesame.directory.sync;

/** More entries changed than an incremental pass keeps in memory; a full pass handles them page by page. */
final class TooManyChangesException extends RuntimeException {

	TooManyChangesException(int limit) {
		this(limit, "changed since the last pass");
	}

	TooManyChangesException(int limit, String what) {
		super("more than " + limit + " entries " + what);
	}

}
