package fr.sesame.directory.connector;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * Runs one LDAP call on a pooled connection. Unlike the pool's own helpers, a broken connection is discarded without
 * opening its replacement in the caller's thread: against a directory that accepts connections and never answers,
 * that replacement would cost the caller a second response timeout. The pool opens a new connection lazily, on the
 * next checkout.
 */
final class PooledCalls {

	@FunctionalInterface
	interface LdapCall<T> {

		T call(LDAPConnection connection) throws LDAPException;

	}

	private PooledCalls() {
	}

	static <T> T call(LDAPConnectionPool pool, LdapCall<T> call) throws LDAPException {
		try {
			return once(pool, call);
		}
		catch (LDAPException ex) {
			// The server closed an idle connection (restart, load balancer): one retry on a fresh one.
			if (ex.getResultCode() == ResultCode.SERVER_DOWN) {
				return once(pool, call);
			}
			throw ex;
		}
	}

	private static <T> T once(LDAPConnectionPool pool, LdapCall<T> call) throws LDAPException {
		LDAPConnection connection = pool.getConnection();
		try {
			T result = call.call(connection);
			pool.releaseConnection(connection);
			return result;
		}
		catch (LDAPException ex) {
			if (ResultCode.isConnectionUsable(ex.getResultCode())) {
				pool.releaseConnection(connection);
			}
			else {
				pool.discardConnection(connection);
			}
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			pool.discardConnection(connection);
			throw ex;
		}
	}

}
