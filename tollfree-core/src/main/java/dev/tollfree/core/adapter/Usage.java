package dev.tollfree.core.adapter;

/** Token usage of one completion; {@code estimated} when the provider reported none. */
public record Usage(long promptTokens, long completionTokens, boolean estimated) {
    public static final Usage NONE = new Usage(0, 0, true);

    public long total() {
        return promptTokens + completionTokens;
    }
}
