package fr.sesame.directory.sync;

/** Another replica took the commune's lease during a pass: this one stops before applying anything. */
final class LeaseLostException extends RuntimeException {

	LeaseLostException(String communeId) {
		super("Commune " + communeId + ": lease lost during a pass");
	}

}
