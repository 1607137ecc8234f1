package dev.tollfree.api;

import java.nio.charset.StandardCharsets;

/** Formats server-sent events as bytes. */
public final class SseWriter {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseWriter() {}

    /**
     * One event as text. Line breaks in data ({@code \n}, {@code \r\n} or a lone {@code \r}, all
     * line ends to a reader) become separate {@code data:} lines, so a reader gets them back as
     * {@code \n}; an event name or id cannot hold a line break and is refused.
     */
    public static byte[] format(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 16);
        if (!event.event().isEmpty()) {
            out.append("event: ").append(singleLine("event", event.event())).append('\n');
        }
        if (!event.id().isEmpty()) {
            out.append("id: ").append(singleLine("id", event.id())).append('\n');
        }
        String data = event.data();
        int start = 0;
        out.append("data: ");
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(data, start, i).append('\n').append("data: ");
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append(data, start, data.length()).append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String singleLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + field + " cannot contain a line break: " + value.replace("\r", "\\r").replace("\n", "\\n"));
        }
        return value;
    }

    /** {@code data: <json>\n\n} for one JSON payload. */
    public static byte[] data(byte[] json) {
        byte[] out = new byte[json.length + 8];
        out[0] = 'd';
        out[1] = 'a';
        out[2] = 't';
        out[3] = 'a';
        out[4] = ':';
        out[5] = ' ';
        System.arraycopy(json, 0, out, 6, json.length);
        out[json.length + 6] = '\n';
        out[json.length + 7] = '\n';
        return out;
    }

    public static byte[] done() {
        return DONE.clone();
    }
}
