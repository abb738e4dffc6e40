package fr.sesame.directory.sync;

import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;

/**
 * What an incremental pass learnt from the directory since the previous one.
 *
 * @param agents agent entries added or changed under the user base, with every attribute the index needs
 * @param outside agent entries changed outside the user base: indexed ones left the synchronised scope
 * @param deleted unique ids of agents the directory says were deleted (Active Directory tombstones)
 * @param vanished unique ids of agents no longer in the synchronised content, deleted or moved away (content
 * synchronisation's delete messages); where they went is checked before deciding which
 * @param present with content synchronisation's present phase, the unique ids still in the content (every indexed
 * agent outside it and outside {@code agents} vanished); {@code null} otherwise
 * @param groups group entries added or changed under the group base
 * @param goneGroups unique ids of groups deleted or moved out of the group base: if one was in the graph, every
 * group is read again
 * @param presentGroups with content synchronisation's present phase, the unique ids of the groups still there;
 * {@code null} otherwise
 * @param regroupAll whether groups changed in a way only a fresh read of every group can reflect
 * @param cursor where the next incremental pass starts, once this one is applied
 */
record DirectoryChanges(List<Entry> agents, List<Entry> outside, Set<String> deleted, Set<String> vanished,
		Set<String> present, List<Entry> groups, Set<String> goneGroups, Set<String> presentGroups, boolean regroupAll, Object cursor) {

	boolean isEmpty() {
		return this.agents.isEmpty() && this.outside.isEmpty() && this.deleted.isEmpty() && this.vanished.isEmpty()
				&& this.present == null && this.groups.isEmpty() && this.goneGroups.isEmpty()
				&& this.presentGroups == null && !this.regroupAll;
	}

}
