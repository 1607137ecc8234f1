package dev.tollfree.core.store;

/** A storage failure: the database is unreachable, corrupt, or a constraint was violated. */
public final class StoreException extends RuntimeException {
    private final boolean conflict;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message, Throwable cause, boolean conflict) {
        super(message, cause);
        this.conflict = conflict;
    }

    /** True when the failure is a uniqueness conflict (the caller asked for something that exists). */
    public boolean conflict() {
        return conflict;
    }
}
