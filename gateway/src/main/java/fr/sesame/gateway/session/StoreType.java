package fr.sesame.gateway.session;

/**
 * Where sessions, the provider-session index and rate-limit buckets live: in this process (the demo, unit tests) or
 * in Redis (several replicas, restarts).
 */
public enum StoreType {

	MEMORY,

	REDIS

}
