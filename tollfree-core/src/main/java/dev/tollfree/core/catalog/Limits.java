package dev.tollfree.core.catalog;

/**
 * Free-tier limits. Zero means "no known limit". {@code uncertain} marks numbers whose sources
 * conflict; they are defaults that live headers and 429s override.
 */
public record Limits(long rpm, long rpd, long tpm, long tpd, boolean uncertain) {
    public static final Limits NONE = new Limits(0, 0, 0, 0, false);

    public Limits {
        if (rpm < 0 || rpd < 0 || tpm < 0 || tpd < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }

    /** Field-wise override: a non-zero value in {@code other} wins. */
    public Limits overriddenBy(Limits other) {
        if (other == null) {
            return this;
        }
        return new Limits(
                other.rpm != 0 ? other.rpm : rpm,
                other.rpd != 0 ? other.rpd : rpd,
                other.tpm != 0 ? other.tpm : tpm,
                other.tpd != 0 ? other.tpd : tpd,
                other.uncertain);
    }
}
