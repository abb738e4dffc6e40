package fr.sesame.gateway.upstream;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * Connections to the upstreams, pooled per event-loop thread: a request is relayed on a connection that belongs to the
 * event loop already serving the client's connection.
 *
 * <p>
 * With one pool for all (Reactor Netty's), a request often gets an idle connection of the other event loop: its
 * writes to the upstream are then handed to that loop as tasks, and the response comes back on it and is handed back
 * the same way, two hand-offs and as many wake-ups per request; and the connections opened in the first burst, most
 * of them on one loop, leave that loop doing most of the upstream I/O (measured on two cores: 15.6 s of CPU against
 * 8.0 s for the other; with this class 12.9 s and 12.5 s, and 11 % less CPU per request,
 * {@code bench/results/2026-12-07-gateway-115157.md}). Each event-loop thread here has a pool of its own, whose new
 * connections Reactor Netty opens on the calling loop (its event loops are colocated), so a connection is only ever
 * used by the loop it lives on. Any other thread (rare: the rest of a request resumed elsewhere) uses one shared
 * pool, as before.
 *
 * <p>
 * Every pool is built by the same factory (Spring Cloud Gateway's {@code httpclient.pool.*}), so idle and life times
 * hold per connection as configured; the number of connections is bounded per pool, that is per event loop.
 */
final class LoopLocalConnections implements ConnectionProvider {

	private final Supplier<ConnectionProvider> pools;

	private final ConnectionProvider shared;

	/**
	 * One pool per non-blocking thread: Reactor Netty's event loops (and Reactor's parallel workers, should a request
	 * resume on one), a fixed set that lives as long as the server.
	 */
	private final ConcurrentMap<Thread, ConnectionProvider> perLoop = new ConcurrentHashMap<>();

	LoopLocalConnections(Supplier<ConnectionProvider> pools) {
		this.pools = pools;
		this.shared = pools.get();
	}

	@Override
	public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
			Supplier<? extends SocketAddress> remoteAddress, AddressResolverGroup<?> resolverGroup) {
		return pool().acquire(config, observer, remoteAddress, resolverGroup);
	}

	private ConnectionProvider pool() {
		Thread thread = Thread.currentThread();
		if (!Schedulers.isNonBlockingThread(thread)) {
			return this.shared;
		}
		ConnectionProvider pool = this.perLoop.get(thread);
		return (pool != null) ? pool : this.perLoop.computeIfAbsent(thread, (loop) -> this.pools.get());
	}

	@Override
	public void disposeWhen(SocketAddress address) {
		all().forEach((pool) -> pool.disposeWhen(address));
	}

	@Override
	public Mono<Void> disposeLater() {
		return Flux.fromIterable(all()).flatMap(ConnectionProvider::disposeLater).then();
	}

	@Override
	public void dispose() {
		all().forEach(ConnectionProvider::dispose);
	}

	@Override
	public boolean isDisposed() {
		return this.shared.isDisposed();
	}

	/** Per pool, that is per event loop. */
	@Override
	public int maxConnections() {
		return this.shared.maxConnections();
	}

	@Override
	public Map<SocketAddress, Integer> maxConnectionsPerHost() {
		return this.shared.maxConnectionsPerHost();
	}

	@Override
	public String name() {
		return this.shared.name();
	}

	private List<ConnectionProvider> all() {
		List<ConnectionProvider> all = new ArrayList<>(this.perLoop.values());
		all.add(this.shared);
		return all;
	}

}
