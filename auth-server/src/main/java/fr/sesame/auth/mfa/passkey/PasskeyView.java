package fr.sesame.auth.mfa.passkey;

import java.time.Instant;

/**
 * A registered passkey as pages show it.
 *
 * @param id the credential id, base64url: what {@link Passkeys#rename} and {@link Passkeys#remove} take
 * @param label the name the agent gave it
 * @param created when it was registered
 * @param lastUsed when it last completed a sign-in (its registration until then)
 */
public record PasskeyView(String id, String label, Instant created, Instant lastUsed) {

}
