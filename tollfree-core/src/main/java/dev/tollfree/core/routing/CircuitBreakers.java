package dev.tollfree.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One circuit breaker per provider, for server-side trouble (5xx, timeouts, resets).
 *
 * <pre>
 * CLOSED    --(failureThreshold consecutive failures)-->  OPEN
 * OPEN      --(openFor elapsed; next caller)----------->  HALF_OPEN (that caller is the one probe)
 * HALF_OPEN --(probe succeeds)------------------------->  CLOSED
 * HALF_OPEN --(probe fails)---------------------------->  OPEN (again for openFor)
 * HALF_OPEN --(probe unanswered for probeTimeout)------>  another caller may probe
 * </pre>
 *
 * While OPEN the provider is skipped without a call, so a known-down primary is not hammered;
 * {@code openFor} well under 30 s means a recovered primary gets traffic back within 30 s.
 * State is immutable and swapped by compare-and-set.
 */
public final class CircuitBreakers {
    public enum Phase { CLOSED, OPEN, HALF_OPEN }

    /** Immutable breaker state. */
    record State(Phase phase, int failures, Instant since) {}

    /** What a caller may do now. */
    public enum Permit { CALL, PROBE, REJECT }

    private final InstantSource clock;
    private final int failureThreshold;
    private final Duration openFor;
    private final Duration probeTimeout;
    private final Map<String, AtomicReference<State>> states = new ConcurrentHashMap<>();

    public CircuitBreakers(InstantSource clock, int failureThreshold, Duration openFor, Duration probeTimeout) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.clock = clock;
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.probeTimeout = probeTimeout;
    }

    public static CircuitBreakers defaults(InstantSource clock) {
        return new CircuitBreakers(clock, 3, Duration.ofSeconds(15), Duration.ofSeconds(60));
    }

    private AtomicReference<State> ref(String provider) {
        return states.computeIfAbsent(provider, p -> new AtomicReference<>(new State(Phase.CLOSED, 0, Instant.EPOCH)));
    }

    public Permit tryAcquire(String provider) {
        AtomicReference<State> ref = ref(provider);
        while (true) {
            State s = ref.get();
            Instant now = clock.instant();
            switch (s.phase()) {
                case CLOSED -> {
                    return Permit.CALL;
                }
                case OPEN -> {
                    if (now.isBefore(s.since().plus(openFor))) {
                        return Permit.REJECT;
                    }
                    if (ref.compareAndSet(s, new State(Phase.HALF_OPEN, s.failures(), now))) {
                        return Permit.PROBE;
                    }
                }
                case HALF_OPEN -> {
                    if (now.isBefore(s.since().plus(probeTimeout))) {
                        return Permit.REJECT;
                    }
                    if (ref.compareAndSet(s, new State(Phase.HALF_OPEN, s.failures(), now))) {
                        return Permit.PROBE;
                    }
                }
            }
        }
    }

    public void onSuccess(String provider) {
        AtomicReference<State> ref = ref(provider);
        State s = ref.get();
        if (s.phase() != Phase.CLOSED || s.failures() != 0) {
            ref.set(new State(Phase.CLOSED, 0, clock.instant()));
        }
    }

    public void onFailure(String provider) {
        AtomicReference<State> ref = ref(provider);
        while (true) {
            State s = ref.get();
            Instant now = clock.instant();
            State next = switch (s.phase()) {
                case CLOSED -> s.failures() + 1 >= failureThreshold
                        ? new State(Phase.OPEN, s.failures() + 1, now)
                        : new State(Phase.CLOSED, s.failures() + 1, s.since());
                case HALF_OPEN, OPEN -> new State(Phase.OPEN, s.failures() + 1, now);
            };
            if (ref.compareAndSet(s, next)) {
                return;
            }
        }
    }

    /** An attempt with a permit that ended for a reason that says nothing about the provider's health. */
    public void onNeutral(String provider, Permit permit) {
        if (permit == Permit.PROBE) {
            AtomicReference<State> ref = ref(provider);
            State s = ref.get();
            if (s.phase() == Phase.HALF_OPEN) {
                ref.compareAndSet(s, new State(Phase.OPEN, s.failures(), clock.instant().minus(openFor)));
            }
        }
    }

    public Phase phase(String provider) {
        return ref(provider).get().phase();
    }

    /** When an open breaker will let a probe through. */
    public Instant reopensAt(String provider) {
        State s = ref(provider).get();
        return s.phase() == Phase.OPEN ? s.since().plus(openFor) : s.since().plus(probeTimeout);
    }
}
