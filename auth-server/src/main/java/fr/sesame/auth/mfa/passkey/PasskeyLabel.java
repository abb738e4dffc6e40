package fr.sesame.auth.mfa.passkey;

import java.util.Optional;

/**
 * The name an agent gives a passkey so as to tell them apart ("Clé USB bleue", "Poste du bureau"): shown on pages and
 * in the audit trail, so kept short and printable.
 */
final class PasskeyLabel {

	static final int MAX_LENGTH = 64;

	private PasskeyLabel() {
	}

	/** The label without surrounding spaces, or empty when it is blank, too long or holds control characters. */
	static Optional<String> clean(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String label = raw.strip();
		if (label.isEmpty() || label.codePointCount(0, label.length()) > MAX_LENGTH
				|| label.codePoints().anyMatch(Character::isISOControl)) {
			return Optional.empty();
		}
		return Optional.of(label);
	}

}
