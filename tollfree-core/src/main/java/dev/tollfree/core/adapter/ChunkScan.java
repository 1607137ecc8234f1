package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Decides, from the token stream alone, whether an OpenAI stream chunk can be relayed as the bytes
 * the provider sent: a chunk that normalisation would leave as it is and that carries nothing the
 * stream must act on. Anything else, including anything this scan does not recognise, goes the
 * way of the full tree.
 *
 * <p>A chunk passes when it is one JSON object with no {@code usage}, {@code error} or
 * {@code base_resp}; its {@code choices} (if any) are objects without {@code finish_reason} or
 * {@code error}; and each {@code delta} holds no dialect field that normalisation rewrites
 * ({@code reasoning}, {@code reasoning_details}, {@code content_blocks}, array content), and has
 * non-empty string content only where that choice's think-tag splitter has gone over to plain
 * content.
 */
public final class ChunkScan {
    /** The answer for a chunk that needs its tree. */
    public static final long NEEDS_TREE = -1;

    /** Whether a choice's non-empty string content passes normalisation as it is. */
    @FunctionalInterface
    public interface ContentGate {
        /**
         * @param index       the choice's index
         * @param startsPlain the content cannot begin a think tag ({@link ThinkTagSplitter#cannotOpen})
         */
        boolean passes(int index, boolean startsPlain);
    }

    private ChunkScan() {}

    /**
     * The characters of content and reasoning text the chunk carries, or {@link #NEEDS_TREE}.
     *
     * @param json            the chunk's bytes (the event's data, one line)
     * @param gate            whether non-empty content of a choice passes as it is
     */
    public static long passThrough(byte[] json, ContentGate gate) {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NEEDS_TREE;
            }
            long chars = 0;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "choices" -> {
                        if (value == JsonToken.START_ARRAY) {
                            long c = choices(p, gate);
                            if (c < 0) {
                                return NEEDS_TREE;
                            }
                            chars += c;
                        } else if (value != JsonToken.VALUE_NULL) {
                            return NEEDS_TREE;
                        }
                    }
                    case "usage", "error", "base_resp" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return NEEDS_TREE;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            // one object and nothing after it; a second value or trailing bytes are the tree's to judge
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? chars : NEEDS_TREE;
        } catch (JacksonException e) {
            return NEEDS_TREE; // the tree parse reports what is wrong
        }
    }

    private static long choices(JsonParser p, ContentGate gate) {
        long chars = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            int index = 0;
            boolean content = false;
            boolean startsPlain = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            return NEEDS_TREE;
                        }
                        index = p.getIntValue();
                    }
                    case "delta" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return NEEDS_TREE;
                        }
                        long c = delta(p);
                        if (c < 0) {
                            return NEEDS_TREE;
                        }
                        content = (c & CONTENT_FLAG) != 0;
                        startsPlain = (c & PLAIN_START_FLAG) != 0;
                        chars += c & ~(CONTENT_FLAG | PLAIN_START_FLAG);
                    }
                    case "finish_reason", "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return NEEDS_TREE;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (content && !gate.passes(index, startsPlain)) {
                return NEEDS_TREE;
            }
        }
        return t == JsonToken.END_ARRAY ? chars : NEEDS_TREE;
    }

    /** Set in {@link #delta}'s answer when the delta has non-empty string content. */
    private static final long CONTENT_FLAG = 1L << 62;
    /** Set beside {@link #CONTENT_FLAG} when that content cannot begin a think tag. */
    private static final long PLAIN_START_FLAG = 1L << 61;

    private static long delta(JsonParser p) {
        long chars = 0;
        boolean content = false;
        boolean startsPlain = false;
        boolean seenContent = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "content" -> {
                    if (seenContent) {
                        return NEEDS_TREE; // given twice: the tree keeps the last one
                    }
                    seenContent = true;
                    if (value == JsonToken.VALUE_STRING) {
                        int n = p.getStringLength();
                        chars += n;
                        content = n > 0;
                        startsPlain = n > 0 && ThinkTagSplitter.cannotOpen(p.getStringCharacters(), p.getStringOffset(), n);
                    } else if (value != JsonToken.VALUE_NULL) {
                        return NEEDS_TREE; // typed content parts are rewritten to a string
                    }
                }
                case "reasoning_content" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        chars += p.getStringLength();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return NEEDS_TREE;
                    }
                }
                case "reasoning", "reasoning_details", "content_blocks" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        return NEEDS_TREE;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return content ? chars | CONTENT_FLAG | (startsPlain ? PLAIN_START_FLAG : 0) : chars;
    }
}
