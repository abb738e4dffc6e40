package fr.sesame.directory.connector;

import java.time.Duration;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.commune.CommuneDirectoryProperties.Transport;

/**
 * The connection pools of a commune's directory, over the same failover server set: one bound as the service
 * account for searches, one used only to bind as agents, so that an agent's bind never re-binds a search connection,
 * and one service-account connection for the synchronisation, whose long paged searches must never take a
 * connection from sign-ins. Pools open no connection at startup: a commune whose directory is down does not delay the
 * others or the start.
 */
final class DirectoryPools implements AutoCloseable {

	/** How long a caller waits for a busy pool: short, so that a hung directory fails fast once its pool is stuck. */
	static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(30);

	/** Servers restart and load balancers drop idle connections: renew connections now and then. */
	private static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(15);

	private final LDAPConnectionPool search;

	private final LDAPConnectionPool bind;

	private final LDAPConnectionPool sync;

	private DirectoryPools(LDAPConnectionPool search, LDAPConnectionPool bind, LDAPConnectionPool sync) {
		this.search = search;
		this.bind = bind;
		this.sync = sync;
	}

	/**
	 * @param urls the servers in failover order (the embedded directory's URL for a demo commune)
	 * @param bindPassword the service account's secret
	 * @param key the commune's configuration key, for messages
	 */
	static DirectoryPools open(CommuneDirectoryProperties properties, List<String> urls, String bindPassword,
			String key) {
		LDAPConnectionOptions options = options(properties);
		Transport transport = properties.effectiveTransport();
		SSLSocketFactory tls = (transport == Transport.PLAIN) ? null
				: DirectoryTls.socketFactory(properties.trustStore(), key);
		FailoverServerSet servers = servers(urls, (transport == Transport.LDAPS) ? tls : SocketFactory.getDefault(),
				options, key);
		PostConnectProcessor startTls = (transport == Transport.STARTTLS) ? new StartTLSPostConnectProcessor(tls)
				: null;
		LDAPConnectionPool search = null;
		LDAPConnectionPool bind = null;
		try {
			search = pool(servers, new SimpleBindRequest(properties.bindDn(), bindPassword), properties, startTls,
					properties.id() + "-search", properties.poolSize());
			bind = pool(servers, null, properties, startTls, properties.id() + "-bind", properties.poolSize());
			// One connection: a commune's passes run one after the other on the commune's own thread.
			LDAPConnectionPool sync = pool(servers, new SimpleBindRequest(properties.bindDn(), bindPassword),
					properties, startTls, properties.id() + "-sync", 1);
			return new DirectoryPools(search, bind, sync);
		}
		catch (LDAPException ex) {
			if (search != null) {
				search.close();
			}
			if (bind != null) {
				bind.close();
			}
			// Not reached with no initial connections; kept so that a future change cannot leak a pool.
			throw new IllegalStateException(key + ": cannot create the connection pools (" + ex.getResultCode() + ")");
		}
	}

	LDAPConnectionPool search() {
		return this.search;
	}

	LDAPConnectionPool bind() {
		return this.bind;
	}

	LDAPConnectionPool sync() {
		return this.sync;
	}

	@Override
	public void close() {
		this.search.close();
		this.bind.close();
		this.sync.close();
	}

	private static LDAPConnectionOptions options(CommuneDirectoryProperties properties) {
		LDAPConnectionOptions options = new LDAPConnectionOptions();
		options.setConnectTimeoutMillis(Math.toIntExact(properties.connectTimeout().toMillis()));
		options.setResponseTimeoutMillis(properties.responseTimeout().toMillis());
		// One thread less per connection, and pooled connections are used by one thread at a time anyway.
		options.setUseSynchronousMode(true);
		options.setFollowReferrals(false);
		options.setUseKeepAlive(true);
		options.setUseTCPNoDelay(true);
		options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
		return options;
	}

	private static FailoverServerSet servers(List<String> urls, SocketFactory sockets, LDAPConnectionOptions options,
			String key) {
		String[] hosts = new String[urls.size()];
		int[] ports = new int[urls.size()];
		for (int i = 0; i < urls.size(); i++) {
			try {
				LDAPURL url = new LDAPURL(urls.get(i));
				hosts[i] = url.getHost();
				ports[i] = url.getPort();
			}
			catch (LDAPException ex) {
				throw new IllegalStateException(key + ".urls[" + i + "]: not an LDAP URL: " + urls.get(i));
			}
		}
		FailoverServerSet servers = new FailoverServerSet(hosts, ports, sockets, options);
		// A connection opened on a backup server is renewed sooner, so that the pool returns to the first server.
		servers.setMaxFailoverConnectionAgeMillis(Duration.ofMinutes(2).toMillis());
		return servers;
	}

	private static LDAPConnectionPool pool(FailoverServerSet servers, SimpleBindRequest bindRequest,
			CommuneDirectoryProperties properties, PostConnectProcessor startTls, String name, int size)
			throws LDAPException {
		long responseTimeout = properties.responseTimeout().toMillis();
		GetEntryLDAPConnectionPoolHealthCheck rootDseCheck = new GetEntryLDAPConnectionPoolHealthCheck(null,
				responseTimeout, false, false, false, false, true, true);
		LDAPConnectionPool pool = new LDAPConnectionPool(servers, bindRequest, 0, size, 1, startTls, false,
				rootDseCheck);
		pool.setConnectionPoolName("sesame-" + name);
		pool.setMaxWaitTimeMillis(Math.min(MAX_WAIT.toMillis(), responseTimeout));
		// Never more connections than pool-size: a stuck directory must not absorb threads without bound.
		pool.setCreateIfNecessary(false);
		pool.setHealthCheckIntervalMillis(HEALTH_CHECK_INTERVAL.toMillis());
		pool.setMaxConnectionAgeMillis(MAX_CONNECTION_AGE.toMillis());
		pool.setRetryFailedOperationsDueToInvalidConnections(false);
		return pool;
	}

}
