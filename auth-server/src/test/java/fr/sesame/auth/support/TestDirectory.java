package fr.sesame.auth.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A real LDAP server owned by one test class (UnboundID in-memory, loopback, ephemeral port) that counts the simple
 * binds it receives per DN, so tests can prove what reached the directory and what did not.
 */
public final class TestDirectory implements AutoCloseable {

	private final InMemoryDirectoryServer server;

	private final Map<String, AtomicInteger> binds = new ConcurrentHashMap<>();

	public TestDirectory(String baseDn, String ldifResource) {
		try {
			InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
			config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("test", java.net.InetAddress.getLoopbackAddress(), 0, null));
			config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
				@Override
				public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
					String dn = request.getRequest().getBindDN().toLowerCase(java.util.Locale.ROOT);
					TestDirectory.this.binds.computeIfAbsent(dn, (k) -> new AtomicInteger()).incrementAndGet();
				}
			});
			this.server = new InMemoryDirectoryServer(config);
			this.server.importFromLDIF(true, TestDirectory.class.getResource(ldifResource).getFile());
			this.server.startListening();
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("cannot start the test directory", ex);
		}
	}

	public String url() {
		return "ldap://127.0.0.1:" + this.server.getListenPort();
	}

	/** Binds received for the DN (any password, any outcome); the empty DN counts anonymous binds. */
	public int bindsFor(String dn) {
		AtomicInteger count = this.binds.get(dn.toLowerCase(java.util.Locale.ROOT));
		return (count != null) ? count.get() : 0;
	}

	public int totalBinds() {
		return this.binds.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	@Override
	public void close() {
		this.server.shutDown(true);
	}

}
