package fr.sesame.directory.sync;

import java.util.UUID;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;

import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.ActiveDirectoryGuid;
import fr.sesame.directory.flavour.DirectoryFlavour;

/**
 * Tells a deleted agent from one that left the synchronised scope, by looking for its unique id in the whole naming
 * context: both lose access the same way, but the audit trail and the admin deserve the right word.
 */
final class Whereabouts {

	private final SyncScope scope;

	private final DirectoryFlavour flavour;

	Whereabouts(SyncScope scope, DirectoryFlavour flavour) {
		this.scope = scope;
		this.flavour = flavour;
	}

	DirectoryEventType of(String uniqueId, SyncConnection connection) throws LDAPException {
		SearchRequest request = connection.request(this.scope.namingContext().toString(), filter(uniqueId),
				UsnChanges.IS_DELETED);
		request.setSizeLimit(1);
		var entries = connection.search(request).getSearchEntries();
		if (entries.isEmpty() || "TRUE".equalsIgnoreCase(entries.get(0).getAttributeValue(UsnChanges.IS_DELETED))) {
			return DirectoryEventType.DELETED;
		}
		return DirectoryEventType.OUT_OF_SCOPE;
	}

	private Filter filter(String uniqueId) {
		if (this.flavour == DirectoryFlavour.ACTIVE_DIRECTORY) {
			try {
				return Filter.createEqualityFilter(this.scope.uniqueId(),
						ActiveDirectoryGuid.toBytes(UUID.fromString(uniqueId)));
			}
			catch (IllegalArgumentException notAGuid) {
				// A commune mapping another attribute as unique id: compare it as text.
			}
		}
		return Filter.createEqualityFilter(this.scope.uniqueId(), uniqueId);
	}

}
