package fr.sesame.directory.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an in-memory directory keep Active Directory's change numbers, so that the Active Directory flavour's
 * incremental synchronisation works against the demo and tests as against a domain controller: every add, modify
 * and rename over LDAP gives the entry the next {@code uSNChanged}; the root DSE shows {@code highestCommittedUSN};
 * a deleted entry that had an {@code objectGUID} leaves a tombstone ({@code isDeleted: TRUE}, its
 * {@code objectGUID}, object classes and a fresh {@code uSNChanged}) under {@code CN=Deleted Objects}. The
 * in-memory server has no schema for these attributes, so numbers compare as text: they keep the LDIF's width
 * (five digits in the demo) for as long as a demo runs.
 */
public final class ActiveDirectoryChangeNumbers extends InMemoryOperationInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(ActiveDirectoryChangeNumbers.class);

	static final String USN_CHANGED = "uSNChanged";

	static final String USN_CREATED = "uSNCreated";

	private final AtomicLong highest = new AtomicLong();

	private final DN baseDn;

	private volatile InMemoryDirectoryServer server;

	ActiveDirectoryChangeNumbers(String baseDn) throws LDAPException {
		this.baseDn = new DN(baseDn);
	}

	/** Starts numbering after the highest {@code uSNChanged} of the loaded entries. */
	void attach(InMemoryDirectoryServer server) throws LDAPException {
		this.server = server;
		long max = 0;
		for (SearchResultEntry entry : server.search(this.baseDn.toString(), SearchScope.SUB,
				Filter.createPresenceFilter(USN_CHANGED), USN_CHANGED).getSearchEntries()) {
			Long usn = entry.getAttributeValueAsLong(USN_CHANGED);
			max = Math.max(max, (usn != null) ? usn : 0);
		}
		this.highest.set(max);
	}

	public long highestCommittedUsn() {
		return this.highest.get();
	}

	@Override
	public void processAddRequest(InMemoryInterceptedAddRequest request) {
		AddRequest add = request.getRequest().duplicate();
		String usn = Long.toString(this.highest.incrementAndGet());
		add.removeAttribute(USN_CHANGED);
		add.removeAttribute(USN_CREATED);
		add.addAttribute(USN_CREATED, usn);
		add.addAttribute(USN_CHANGED, usn);
		request.setRequest(add);
	}

	@Override
	public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
		ModifyRequest modify = request.getRequest().duplicate();
		List<Modification> modifications = new ArrayList<>(modify.getModifications());
		modifications.add(new Modification(ModificationType.REPLACE, USN_CHANGED,
				Long.toString(this.highest.incrementAndGet())));
		modify.setModifications(modifications);
		request.setRequest(modify);
	}

	@Override
	public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
		if (result.getResult().getResultCode() != ResultCode.SUCCESS) {
			return;
		}
		try {
			var rename = result.getRequest();
			DN parent = (rename.getNewSuperiorDN() != null) ? new DN(rename.getNewSuperiorDN())
					: new DN(rename.getDN()).getParent();
			DN renamed = new DN(new RDN(rename.getNewRDN()), parent);
			// Straight to the server: not seen by this interceptor again.
			this.server.modify(renamed.toString(), new Modification(ModificationType.REPLACE, USN_CHANGED,
					Long.toString(this.highest.incrementAndGet())));
		}
		catch (LDAPException ex) {
			logger.warn("No uSNChanged for a renamed entry: {}", ex.getMessage());
		}
	}

	@Override
	public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
		try {
			Entry deleted = this.server.getEntry(request.getRequest().getDN(), "*", "+");
			if (deleted == null || !deleted.hasAttribute("objectGUID")) {
				return;
			}
			ensureDeletedObjectsContainer();
			String guid = new java.util.UUID(0, 0).toString();
			byte[] raw = deleted.getAttributeValueBytes("objectGUID");
			if (raw != null && raw.length == 16) {
				guid = fr.sesame.directory.flavour.ActiveDirectoryGuid.toUuid(raw).toString();
			}
			String name = deleted.getParsedDN().getRDN().getAttributeValues()[0];
			Entry tombstone = new Entry(new DN(new RDN("CN", name + "\nDEL:" + guid), deletedObjects()));
			tombstone.addAttribute(deleted.getAttribute("objectClass"));
			tombstone.addAttribute(new Attribute("objectGUID", raw));
			tombstone.addAttribute("isDeleted", "TRUE");
			tombstone.addAttribute("lastKnownParent", deleted.getParsedDN().getParent().toString());
			tombstone.addAttribute(USN_CHANGED, Long.toString(this.highest.incrementAndGet()));
			this.server.add(tombstone);
		}
		catch (LDAPException ex) {
			logger.warn("No tombstone for a deleted entry: {}", ex.getMessage());
		}
	}

	@Override
	public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
		SearchResultEntry entry = result.getSearchEntry();
		if (entry.getDN().isEmpty()) {
			Entry rootDse = entry.duplicate();
			rootDse.setAttribute("highestCommittedUSN", Long.toString(this.highest.get()));
			result.setSearchEntry(rootDse);
		}
	}

	private DN deletedObjects() {
		return new DN(new RDN("CN", "Deleted Objects"), this.baseDn);
	}

	private void ensureDeletedObjectsContainer() throws LDAPException {
		if (this.server.getEntry(deletedObjects().toString()) == null) {
			this.server.add(new Entry(deletedObjects(), new Attribute("objectClass", "top", "container"),
					new Attribute("cn", "Deleted Objects"), new Attribute("isDeleted", "TRUE")));
		}
	}

}
