package fr.sesame.directory.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLDAP with the syncprov overlay: LDAP Content Synchronization (RFC 4533) in refreshOnly mode, one cookie for
 * the agents' content (user base and filter) and one for the groups'. Each pass sends the cookie and receives the
 * entries added or changed since, and either the entries deleted (delete phase, when the server keeps a session
 * log) or the entries still present (present phase), from which the deleted ones follow. An entry that stops
 * matching the content (deleted, moved out, filtered out) is reported deleted. A full pass takes its cookies first,
 * with a search that matches nothing, and reads the content with paged results.
 */
final class ContentSyncChanges implements ChangeSource {

	private static final Logger logger = LoggerFactory.getLogger(ContentSyncChanges.class);

	/** RFC 4533: the server cannot resume from this cookie; the client must reload the content. */
	static final int SYNC_REFRESH_REQUIRED = 4096;

	private static final Filter NOTHING = Filter.createNOTFilter(Filter.createPresenceFilter("objectClass"));

	private final SyncScope scope;

	private final int maxChanges;

	private Cookies cookies;

	private Cookies pending;

	record Cookies(ASN1OctetString agents, ASN1OctetString groups) {
	}

	private record Refresh(List<Entry> changed, Set<String> deleted, Set<String> present, boolean presentPhase,
			ASN1OctetString cookie) {
	}

	ContentSyncChanges(SyncScope scope, int maxChanges) {
		this.scope = scope;
		this.maxChanges = maxChanges;
	}

	/** Whether the directory offers content synchronisation (its root DSE lists the control). */
	static boolean offeredBy(RootDSE root) {
		return root.supportsControl(ContentSyncRequestControl.SYNC_REQUEST_OID);
	}

	@Override
	public String label() {
		return "content-sync";
	}

	@Override
	public String[] trackingAttributes() {
		return new String[] { "entryUUID" };
	}

	@Override
	public void beginFullPass(SyncConnection connection) throws LDAPException {
		String[] none = { SearchRequest.NO_ATTRIBUTES };
		this.pending = new Cookies(refresh(connection, this.scope.userBase().toString(), NOTHING, none, null).cookie(),
				refresh(connection, this.scope.groupBase().toString(), NOTHING, none, null).cookie());
	}

	@Override
	public void observe(Entry entry) {
	}

	@Override
	public void endFullPass() {
		this.cookies = this.pending;
	}

	@Override
	public DirectoryChanges changes(SyncConnection connection, AgentReader reader) throws LDAPException {
		if (this.cookies == null) {
			throw new IllegalStateException("no full pass yet");
		}
		Refresh agents = refresh(connection, this.scope.userBase().toString(), this.scope.userFilter(),
				reader.attributes(), this.cookies.agents());
		Refresh groups = refresh(connection, this.scope.groupBase().toString(), this.scope.groupFilter(),
				this.scope.groupAttributes(this.scope.uniqueId()), this.cookies.groups());
		Set<String> present = null;
		if (agents.presentPhase()) {
			present = new HashSet<>(agents.present());
			for (Entry entry : agents.changed()) {
				reader.uniqueId(entry).ifPresent(present::add);
			}
		}
		Set<String> presentGroups = null;
		if (groups.presentPhase()) {
			presentGroups = new HashSet<>(groups.present());
			for (Entry entry : groups.changed()) {
				reader.uniqueId(entry).ifPresent(presentGroups::add);
			}
		}
		return new DirectoryChanges(agents.changed(), List.of(), Set.of(), agents.deleted(), present,
				groups.changed(), groups.deleted(), presentGroups, false, new Cookies(agents.cookie(), groups.cookie()));
	}

	@Override
	public void advance(DirectoryChanges applied) {
		this.cookies = (Cookies) applied.cursor();
	}

	private Refresh refresh(SyncConnection connection, String base, Filter filter, String[] attributes,
			ASN1OctetString cookie) throws LDAPException {
		List<Entry> changed = new ArrayList<>();
		Set<String> deleted = new HashSet<>();
		Set<String> present = new HashSet<>();
		ASN1OctetString[] latest = { cookie };
		SearchRequest request = connection.request(base, filter, attributes);
		request.addControl(new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_ONLY, cookie, false));
		request.setIntermediateResponseListener((IntermediateResponse response) -> {
			try {
				ContentSyncInfoIntermediateResponse info = ContentSyncInfoIntermediateResponse.decode(response);
				switch (info.getType()) {
					case SYNC_ID_SET -> {
						List<String> ids = info.getEntryUUIDs().stream().map(Object::toString).toList();
						(info.refreshDeletes() ? deleted : present).addAll(ids);
					}
					default -> {
					}
				}
				if (info.getCookie() != null) {
					latest[0] = info.getCookie();
				}
			}
			catch (LDAPException notContentSync) {
				// Some other intermediate response: nothing to learn from it.
			}
		});
		SearchResult result;
		try {
			result = connection.search(request);
		}
		catch (LDAPException ex) {
			if (ex.getResultCode().intValue() == SYNC_REFRESH_REQUIRED) {
				throw new FullPassNeededException("the directory cannot resume content synchronisation from its cookie");
			}
			throw ex;
		}
		for (SearchResultEntry entry : result.getSearchEntries()) {
			ContentSyncStateControl state = ContentSyncStateControl.get(entry);
			if (state == null) {
				throw new LDAPException(ResultCode.DECODING_ERROR, "content synchronisation entry without its state");
			}
			String id = state.getEntryUUID().toString();
			switch (state.getState()) {
				case ADD, MODIFY -> changed.add(entry);
				case DELETE -> deleted.add(id);
				case PRESENT -> present.add(id);
			}
			if (changed.size() > this.maxChanges) {
				throw new TooManyChangesException(this.maxChanges);
			}
		}
		ContentSyncDoneControl done = ContentSyncDoneControl.get(result);
		if (done == null) {
			throw new LDAPException(ResultCode.DECODING_ERROR, "content synchronisation ended without its done control");
		}
		logger.debug("Content synchronisation of {}: {} changed, {} deleted, {} present, {} phase", base,
				changed.size(), deleted.size(), present.size(), done.refreshDeletes() ? "delete" : "present");
		ASN1OctetString newCookie = (done.getCookie() != null) ? done.getCookie() : latest[0];
		// refreshDeletes FALSE: the server used the present phase, so whatever it did not name is gone (RFC 4533 3.3.1).
		return new Refresh(changed, deleted, present, !done.refreshDeletes(), newCookie);
	}

}
