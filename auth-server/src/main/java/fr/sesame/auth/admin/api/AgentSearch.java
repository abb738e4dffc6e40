package fr.sesame.auth.admin.api;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.regex.Pattern;

import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Searches a commune's agents in the directory index: the query matches the start of the login, the e-mail
 * address, the given or family name, or any word of the display name, ignoring case and accents ({@code lefe}
 * finds Lefèvre). The index is streamed in batches and only the first {@code limit} matches by login are kept, so
 * memory stays bounded whatever the commune's size.
 */
public final class AgentSearch {

	private static final int BATCH = 500;

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s'’-]+");

	private static final Comparator<IndexedAgent> BY_LOGIN = Comparator
		.comparing((IndexedAgent agent) -> agent.login().toLowerCase(Locale.ROOT))
		.thenComparing(IndexedAgent::uniqueId);

	private final DirectoryIndex index;

	AgentSearch(DirectoryIndex index) {
		this.index = index;
	}

	/**
	 * @param query what to look for; empty matches every agent
	 * @param limit at most this many agents, by login
	 */
	public Result search(String communeId, String query, int limit) {
		String wanted = fold(query);
		// The largest login on top, to drop it when a smaller one comes.
		PriorityQueue<IndexedAgent> kept = new PriorityQueue<>(limit + 1, BY_LOGIN.reversed());
		long[] matches = { 0 };
		this.index.forEachBatch(communeId, BATCH, (batch) -> {
			for (IndexedAgent agent : batch) {
				if (matches(agent, wanted)) {
					matches[0]++;
					kept.add(agent);
					if (kept.size() > limit) {
						kept.poll();
					}
				}
			}
		});
		List<IndexedAgent> agents = new ArrayList<>(kept);
		agents.sort(BY_LOGIN);
		return new Result(agents, matches[0] > limit);
	}

	private static boolean matches(IndexedAgent agent, String wanted) {
		if (wanted.isEmpty()) {
			return true;
		}
		if (startsWith(agent.login(), wanted) || startsWith(agent.email(), wanted)
				|| startsWith(agent.givenName(), wanted) || startsWith(agent.familyName(), wanted)
				|| startsWith(agent.displayName(), wanted)) {
			return true;
		}
		for (String word : WORD_SEPARATORS.split(agent.displayName())) {
			if (startsWith(word, wanted)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWith(String value, String wanted) {
		return value != null && fold(value).startsWith(wanted);
	}

	static String fold(String value) {
		return MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
	}

	/**
	 * @param agents the matches kept, by login
	 * @param truncated whether more agents matched than were kept
	 */
	public record Result(List<IndexedAgent> agents, boolean truncated) {
	}

}
