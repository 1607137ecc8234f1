package dev.tollfree.api;

import java.nio.charset.StandardCharsets;

/** Formats server-sent events as bytes. */
public final class SseWriter {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseWriter() {}

    public static byte[] format(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 16);
        if (!event.event().isEmpty()) {
            out.append("event: ").append(event.event()).append('\n');
        }
        if (!event.id().isEmpty()) {
            out.append("id: ").append(event.id()).append('\n');
        }
        int start = 0;
        String data = event.data();
        while (true) {
            int nl = data.indexOf('\n', start);
            out.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
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
