package dev.tollfree.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream with one reusable buffer; accepts {@code \n}, {@code \r\n} and
 * lone {@code \r}. Lines longer than the limit fail instead of growing memory without bound.
 */
public final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private final int maxLine;
    private int pos;
    private int limit;
    private byte[] line;
    private boolean skipLf;

    public LineReader(InputStream in, int maxLine) {
        this.in = in;
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, got " + maxLine);
        }
        this.maxLine = maxLine;
        this.line = new byte[Math.min(1024, maxLine)];
    }

    /** The next line without its terminator, or null at end of stream. */
    public String readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? new String(line, 0, length, StandardCharsets.UTF_8) : null;
                }
            }
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            any = true;
            if (b == '\n') {
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                skipLf = true;
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (length == line.length) {
                if (length >= maxLine) {
                    throw new IOException("line longer than " + maxLine + " bytes");
                }
                line = java.util.Arrays.copyOf(line, Math.min(maxLine, length * 2));
            }
            line[length++] = b;
        }
    }
}
