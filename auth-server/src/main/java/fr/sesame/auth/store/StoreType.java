package fr.sesame.auth.store;

/**
 * Where shared state lives: in this process only (the demo, unit tests) or in Redis (several replicas, restarts).
 */
public enum StoreType {

	MEMORY,

	REDIS

}
