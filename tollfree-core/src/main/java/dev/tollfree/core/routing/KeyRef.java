package dev.tollfree.core.routing;

/**
 * A provider key as routing sees it: still sealed. {@code id} 0 is the anonymous key of a keyless
 * provider.
 */
public record KeyRef(long id, String provider, String label, String sealedSecret) {
    public static KeyRef anonymous(String provider) {
        return new KeyRef(0, provider, "anonymous", "");
    }

    public boolean anonymous() {
        return id == 0;
    }

    /** Stable identity for cooldown bookkeeping. */
    public String slot() {
        return anonymous() ? provider + "#anon" : "key" + id;
    }

    @Override
    public String toString() {
        return "KeyRef[" + provider + "/" + label + "#" + id + "]";
    }
}
