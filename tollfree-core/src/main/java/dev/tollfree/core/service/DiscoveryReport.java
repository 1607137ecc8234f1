package dev.tollfree.core.service;

import java.util.List;

/** What one provider's model list said, or why it was not read. */
public sealed interface DiscoveryReport {
    String provider();

    /** One line for logs and the command line. */
    String summary();

    /**
     * The list was read and recorded.
     *
     * @param known    listed ids the catalog or config already knows
     * @param fresh    listed ids the catalog does not know (shown disabled until an operator enables them)
     * @param added    those of {@code fresh} seen for the first time by this run
     * @param vanished catalog or earlier discovered ids the list leaves out (flagged, never removed)
     */
    record Listed(String provider, int known, List<String> fresh, List<String> added, List<String> vanished)
            implements DiscoveryReport {
        public Listed {
            fresh = List.copyOf(fresh);
            added = List.copyOf(added);
            vanished = List.copyOf(vanished);
        }

        @Override
        public String summary() {
            return provider + ": " + known + " known, " + fresh.size() + " new (" + added.size() + " first seen), "
                    + vanished.size() + " vanished";
        }
    }

    /** The list could not be read (or said nothing); nothing was flagged. */
    record Failed(String provider, String reason) implements DiscoveryReport {
        @Override
        public String summary() {
            return provider + ": not read — " + reason + "; nothing flagged";
        }
    }

    /** Discovery does not apply to this provider (no usable key, no adapter for its format). */
    record Skipped(String provider, String reason) implements DiscoveryReport {
        @Override
        public String summary() {
            return provider + ": skipped — " + reason;
        }
    }
}
