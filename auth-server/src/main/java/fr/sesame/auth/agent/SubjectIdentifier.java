package fr.sesame.auth.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import fr.sesame.directory.agent.Agent;

/**
 * Derives the {@code sub} claim of an agent. It must be stable forever for the same agent and distinct across
 * communes, so it hashes the commune id with the directory's immutable entry id ({@code entryUUID} /
 * {@code objectGUID}): renames, moves and login changes keep it; no key is involved, so it cannot be lost, and the
 * hash keeps the directory's internal identifier out of relying parties' databases.
 */
public final class SubjectIdentifier {

	private SubjectIdentifier() {
	}

	public static String of(Agent agent) {
		return of(agent.communeId(), agent.uniqueId());
	}

	public static String of(String communeId, String uniqueId) {
		String input = "sesame-sub-v1\n" + communeId + "\n" + uniqueId.toLowerCase(Locale.ROOT);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is unavailable", ex);
		}
	}

}
