package fr.sesame.auth.directory;

import java.time.Instant;
import java.util.Optional;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.index.CommuneIndexState;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Decides, at token time and without a directory round trip, what the agent's tokens say, from whichever source is
 * fresher: the directory's answer at sign-in, or the directory index kept up to date by the synchronisation.
 * <ul>
 * <li>The commune was never fully synchronised: the index cannot tell a leaver from an agent it has not read yet,
 * so the sign-in profile is used (as before the index existed).</li>
 * <li>The agent signed in after the index's last successful pass (a new agent not indexed yet, one re-enabled a
 * moment ago, a commune whose synchronisation is halted): the directory's own, later, answer stands.</li>
 * <li>Otherwise the index is fresher: absent or disabled there, the agent gets no token (fail closed, refresh
 * included); present, its groups, roles, names and e-mail are the index's, so that group changes reach the next
 * token.</li>
 * </ul>
 */
public final class IndexedStanding {

	private final DirectoryIndex index;

	public IndexedStanding(DirectoryIndex index) {
		this.index = index;
	}

	/**
	 * @param signedIn the agent as the directory described it at sign-in
	 * @param signedInAt when the agent's password was verified; {@code null} when unknown (then the index wins)
	 */
	public AgentStanding of(Agent signedIn, Instant signedInAt) {
		Optional<CommuneIndexState> commune = this.index.state(signedIn.communeId());
		if (commune.isEmpty() || !commune.get().synced()) {
			return AgentStanding.fromSignIn(signedIn);
		}
		Instant syncedAt = commune.get().syncedAt();
		if (signedInAt != null && !syncedAt.isAfter(signedInAt)) {
			return AgentStanding.fromSignIn(signedIn);
		}
		Optional<IndexedAgent> indexed = this.index.agent(signedIn.communeId(), signedIn.uniqueId());
		if (indexed.isEmpty()) {
			return AgentStanding.refused(signedIn, "absent");
		}
		if (!indexed.get().enabled()) {
			return AgentStanding.refused(signedIn, "disabled");
		}
		return AgentStanding.fromIndex(indexed.get().toAgent(), indexed.get().roles());
	}

}
