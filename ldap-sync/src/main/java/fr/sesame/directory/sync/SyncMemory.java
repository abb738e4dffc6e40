package fr.sesame.directory.sync;

import java.time.Instant;
import java.util.Map;

/**
 * What a commune's synchronisation keeps between passes on the replica that holds it: where changes start, the
 * group graph, and which DN is which agent (group members are DNs). Rebuilt by every full pass, forgotten when the
 * replica loses the commune, so that whoever takes a commune over starts with a full pass.
 *
 * @param source where the next incremental pass starts
 * @param groups the commune's groups
 * @param uniqueIdByMemberKey key under which groups list the agent (see {@code SyncScope.memberKey}: the
 * normalised DN, or the login) → unique id, for every indexed agent
 * @param lastFullPass start of the full pass that built this memory
 */
record SyncMemory(ChangeSource source, GroupGraph groups, Map<String, String> uniqueIdByMemberKey, Instant lastFullPass) {
}
