package fr.sesame.directory.sync;

import java.util.List;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

/**
 * The one directory connection a synchronisation pass works on, checked out of the commune's sync pool (never the
 * pool that serves sign-ins) for the whole pass, since paged results and content synchronisation are tied to a
 * connection. A connection that failed is discarded rather than returned.
 */
final class SyncConnection implements AutoCloseable {

	@FunctionalInterface
	interface PageHandler {

		void page(List<SearchResultEntry> entries) throws LDAPException;

	}

	@FunctionalInterface
	interface EntryHandler {

		void entry(SearchResultEntry entry) throws LDAPException;

	}

	private final LDAPConnectionPool pool;

	private final LDAPConnection connection;

	private final long responseTimeoutMillis;

	private boolean broken;

	private SyncConnection(LDAPConnectionPool pool, LDAPConnection connection, long responseTimeoutMillis) {
		this.pool = pool;
		this.connection = connection;
		this.responseTimeoutMillis = responseTimeoutMillis;
	}

	static SyncConnection open(LDAPConnectionPool pool, long responseTimeoutMillis) throws LDAPException {
		return new SyncConnection(pool, pool.getConnection(), responseTimeoutMillis);
	}

	/**
	 * A subtree search read page by page with simple paged results (RFC 2696, marked critical: a directory that
	 * cannot page must fail the pass rather than silently cut it at its size limit); only one page is in memory at
	 * a time.
	 */
	void paged(String base, Filter filter, String[] attributes, int pageSize, PageHandler handler)
			throws LDAPException {
		paged(base, filter, attributes, pageSize, List.of(), handler);
	}

	/** The same, one entry at a time, with more request controls. */
	void each(String base, Filter filter, String[] attributes, int pageSize, List<Control> controls,
			EntryHandler handler) throws LDAPException {
		paged(base, filter, attributes, pageSize, controls, (entries) -> {
			for (SearchResultEntry entry : entries) {
				handler.entry(entry);
			}
		});
	}

	private void paged(String base, Filter filter, String[] attributes, int pageSize, List<Control> controls,
			PageHandler handler) throws LDAPException {
		ASN1OctetString cookie = null;
		do {
			SearchRequest page = request(base, filter, attributes);
			controls.forEach(page::addControl);
			page.addControl(new SimplePagedResultsControl(pageSize, cookie, true));
			SearchResult result = search(page);
			handler.page(result.getSearchEntries());
			SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
			cookie = (response != null && response.moreResultsToReturn()) ? response.getCookie() : null;
		}
		while (cookie != null);
	}

	SearchRequest request(String base, Filter filter, String... attributes) {
		SearchRequest request = new SearchRequest(base, SearchScope.SUB, DereferencePolicy.NEVER, 0, 0, false, filter,
				attributes);
		request.setResponseTimeoutMillis(this.responseTimeoutMillis);
		return request;
	}

	/** Any result other than success (size or time limit, referral, busy…) throws: a partial answer is a failure. */
	SearchResult search(SearchRequest request) throws LDAPException {
		try {
			return this.connection.search(request);
		}
		catch (LDAPException ex) {
			failed(ex);
			throw ex;
		}
	}

	RootDSE rootDse() throws LDAPException {
		try {
			RootDSE rootDse = this.connection.getRootDSE();
			if (rootDse == null) {
				throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "The directory shows no root DSE");
			}
			return rootDse;
		}
		catch (LDAPException ex) {
			failed(ex);
			throw ex;
		}
	}

	/** Whether the entry at {@code dn} matches {@code filter}, asked to the directory. */
	boolean matches(String dn, Filter filter) throws LDAPException {
		SearchRequest request = new SearchRequest(dn, SearchScope.BASE, DereferencePolicy.NEVER, 1, 0, false, filter,
				SearchRequest.NO_ATTRIBUTES);
		request.setResponseTimeoutMillis(this.responseTimeoutMillis);
		return search(request).getEntryCount() > 0;
	}

	@Override
	public void close() {
		if (this.broken) {
			// Without a replacement opened here: the pool opens one lazily, at the next checkout.
			this.pool.discardConnection(this.connection);
		}
		else {
			this.pool.releaseConnection(this.connection);
		}
	}

	private void failed(LDAPException ex) {
		if (!ResultCode.isConnectionUsable(ex.getResultCode())) {
			this.broken = true;
		}
	}

}
