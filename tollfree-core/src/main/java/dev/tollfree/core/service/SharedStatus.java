package dev.tollfree.core.service;

/**
 * Whether this gateway shares its quota, benches and sessions with others right now, for the
 * readiness check and the operator.
 *
 * @param where    the shared store, with any password masked
 * @param reachable false while it does not answer and this gateway counts on its own
 * @param gateways the gateways seen sharing it at the last heartbeat, this one included
 */
public record SharedStatus(String where, boolean reachable, int gateways) {}
