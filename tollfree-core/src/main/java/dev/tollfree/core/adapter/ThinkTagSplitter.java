package dev.tollfree.core.adapter;

/**
 * Moves a leading {@code <think>…</think>} block out of the content and into the reasoning, for a
 * whole message or a stream of content pieces. Explicit states; only text that may still turn out to
 * be part of a tag is held back: leading whitespace and a partial {@code <think>} before anything
 * else, a partial {@code </think>} inside the block. Everything else passes at once.
 *
 * <p>Not thread-safe: one instance per choice of one stream.
 */
final class ThinkTagSplitter {
    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    /** START: nothing but whitespace seen; THINKING: inside the block; AFTER: block closed, dropping whitespace; CONTENT: plain. */
    private enum State { START, THINKING, AFTER, CONTENT }

    /** What one piece of content turned into. */
    record Out(String reasoning, String content) {
        static final Out EMPTY = new Out("", "");

        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty();
        }
    }

    private State state = State.START;
    private String held = "";

    /** Splits a whole message's content. */
    static Out whole(String content) {
        ThinkTagSplitter s = new ThinkTagSplitter();
        Out a = s.accept(content);
        Out b = s.finish();
        return new Out(a.reasoning + b.reasoning, a.content + b.content);
    }

    /** Feeds the next piece of content; returns what can be released now. */
    Out accept(String piece) {
        String s = held + piece;
        held = "";
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        while (!s.isEmpty()) {
            switch (state) {
                case START -> {
                    String t = s.stripLeading();
                    if (t.startsWith(OPEN)) {
                        state = State.THINKING;
                        s = t.substring(OPEN.length());
                    } else if (t.isEmpty() || OPEN.startsWith(t)) {
                        held = s; // may still become "<think>"
                        s = "";
                    } else {
                        state = State.CONTENT;
                        content.append(s);
                        s = "";
                    }
                }
                case THINKING -> {
                    int close = s.indexOf(CLOSE);
                    if (close >= 0) {
                        reasoning.append(s, 0, close);
                        s = s.substring(close + CLOSE.length());
                        state = State.AFTER;
                    } else {
                        int keep = partialSuffix(s);
                        reasoning.append(s, 0, s.length() - keep);
                        held = s.substring(s.length() - keep);
                        s = "";
                    }
                }
                case AFTER -> {
                    String t = s.stripLeading();
                    if (!t.isEmpty()) {
                        state = State.CONTENT;
                        content.append(t);
                    }
                    s = "";
                }
                case CONTENT -> {
                    content.append(s);
                    s = "";
                }
            }
        }
        return new Out(reasoning.toString(), content.toString());
    }

    /** True once content passes through unchanged: the think block, if any, is behind and nothing is held. */
    boolean plain() {
        return state == State.CONTENT && held.isEmpty();
    }

    /**
     * Whether a piece (these characters) cannot begin a think tag: it has a character other than
     * whitespace (as {@link String#stripLeading} sees it) and the first such is not the tag's.
     * At the start with nothing held, {@link #accept} releases such a piece whole as content.
     */
    static boolean cannotOpen(char[] text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!Character.isWhitespace(text[i])) {
                return text[i] != OPEN.charAt(0);
            }
        }
        return false;
    }

    /**
     * For a piece that {@link #cannotOpen}: moves to plain content as {@link #accept} would and
     * answers true when at the start with nothing held; false, and nothing changed, otherwise.
     */
    boolean contentFromTheStart() {
        if (state == State.START && held.isEmpty()) {
            state = State.CONTENT;
            return true;
        }
        return false;
    }

    /** The end of the content (finish_reason or end of stream): releases whatever is held. */
    Out finish() {
        String s = held;
        held = "";
        Out out = switch (state) {
            case START -> new Out("", s);     // whitespace or a lone "<thi": it was content after all
            case THINKING -> new Out(s, "");  // an unclosed block (cut by max_tokens) is all reasoning
            case AFTER, CONTENT -> Out.EMPTY;
        };
        state = State.CONTENT;
        return out;
    }

    /** Length of the longest end of {@code s} that could be the start of {@code </think>}. */
    private static int partialSuffix(String s) {
        for (int n = Math.min(CLOSE.length() - 1, s.length()); n > 0; n--) {
            if (s.endsWith(CLOSE.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }
}
