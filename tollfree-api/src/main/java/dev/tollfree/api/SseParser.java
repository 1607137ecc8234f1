package dev.tollfree.api;

import java.util.function.Consumer;

/**
 * Incremental SSE parser, fed one line at a time (without its terminator). Tolerant of what
 * providers send in practice: {@code data:} without a space, comment and keep-alive lines,
 * {@code \r\n} endings, and a last event that is not followed by a blank line ({@link #finish()}).
 * Not thread-safe; one per stream.
 */
public final class SseParser {
    private final Consumer<SseEvent> sink;
    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private String id = "";
    private boolean hasData;
    private long comments;

    public SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    /** Feeds one line; a blank line dispatches the pending event. */
    public void line(CharSequence line) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            length--;
        }
        if (length == 0) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            comments++;
            return;
        }
        int colon = indexOf(line, ':', length);
        String field;
        int valueStart;
        if (colon < 0) {
            field = line.subSequence(0, length).toString();
            valueStart = length;
        } else {
            field = line.subSequence(0, colon).toString();
            valueStart = colon + 1;
            if (valueStart < length && line.charAt(valueStart) == ' ') {
                valueStart++;
            }
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(line, valueStart, length);
                hasData = true;
            }
            case "event" -> event = line.subSequence(valueStart, length).toString();
            case "id" -> id = line.subSequence(valueStart, length).toString();
            default -> {
                // "retry" and unknown fields are ignored, as the SSE specification says.
            }
        }
    }

    /** End of input: a pending event without its blank line is still delivered. */
    public void finish() {
        dispatch();
    }

    /** Comment lines seen so far (keep-alives, processing notices). */
    public long comments() {
        return comments;
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(event, data.toString(), id));
        }
        data.setLength(0);
        hasData = false;
        event = "";
        id = "";
    }

    private static int indexOf(CharSequence s, char c, int end) {
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
