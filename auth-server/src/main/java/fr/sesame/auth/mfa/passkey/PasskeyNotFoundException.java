package fr.sesame.auth.mfa.passkey;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * No passkey of this agent has that id. Another agent's passkey gets the same answer as one that does not exist, so
 * that credential ids cannot be probed.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public final class PasskeyNotFoundException extends RuntimeException {

	PasskeyNotFoundException() {
		super("No such passkey for this agent");
	}

}
