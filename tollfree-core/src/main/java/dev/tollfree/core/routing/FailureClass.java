package dev.tollfree.core.routing;

/**
 * What the dispatcher does next after a failed attempt. Closed vocabulary; the table from provider
 * signal to class lives in {@link FailureClassifier} and docs/routing.md.
 */
public enum FailureClass {
    /** 401, or 403 naming the key: bench the key, try the next key. */
    CREDENTIAL(Scope.KEY),
    /** 402 / out of credits: bench the key for a long time. */
    OUT_OF_CREDITS(Scope.KEY),
    /** 403 model not allowed for this key: skip this model on this key. */
    MODEL_FORBIDDEN(Scope.KEY_MODEL),
    /** 404/410 model gone: skip the model on this provider. */
    MODEL_GONE(Scope.MODEL),
    /** Prompt too large for the model: skip to a model with a larger window; never retry it. */
    CONTEXT_TOO_LARGE(Scope.MODEL),
    /** Refused on content grounds: no retry anywhere; the reason reaches the caller. */
    CONTENT_POLICY(Scope.REQUEST),
    /** Daily (or longer) quota exhausted: bench key+model until the reset. */
    DAILY_CAP(Scope.KEY_MODEL),
    /** Short-window rate limit: bench key+model for the stated seconds. */
    RATE_LIMIT(Scope.KEY_MODEL),
    /** 5xx, connection trouble, timeouts: skip this provider for this request after repeated failures. */
    TRANSIENT(Scope.PROVIDER),
    /** A 200 that is really a failure (in-band error, empty or malformed completion). */
    BAD_RESPONSE(Scope.MODEL),
    /** The provider rejected the request shape (400/422): another provider may accept it. */
    REJECTED_REQUEST(Scope.PROVIDER),
    /** The caller disconnected; nobody's fault, nothing to bench. */
    CANCELLED(Scope.REQUEST);

    /** What a failure says something about. */
    public enum Scope { KEY, KEY_MODEL, MODEL, PROVIDER, REQUEST }

    private final Scope scope;

    FailureClass(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
