package dev.tollfree.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A small buffered reader of HTTP/1.1 framing: CRLF lines, fixed-length bodies and chunks. */
final class ByteIn {
    private static final int MAX_LINE = 64 * 1024;
    private final InputStream in;
    private final byte[] buf = new byte[32 * 1024];
    private int pos;
    private int limit;

    ByteIn(InputStream in) {
        this.in = in;
    }

    /** The next line without its CRLF (ISO-8859-1, as HTTP headers are), or null at a clean end of stream. */
    String readLine() throws IOException {
        int start = pos;
        StringBuilder spill = null;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (spill == null) {
                        return part;
                    }
                    spill.append(part);
                    int n = spill.length();
                    if (n > 0 && spill.charAt(n - 1) == '\r') {
                        spill.setLength(n - 1);
                    }
                    return spill.toString();
                }
            }
            if (limit > start) {
                if (spill == null) {
                    spill = new StringBuilder();
                }
                spill.append(new String(buf, start, limit - start, StandardCharsets.ISO_8859_1));
                if (spill.length() > MAX_LINE) {
                    throw new IOException("header line longer than " + MAX_LINE);
                }
            }
            pos = limit;
            if (!fill()) {
                if (spill == null) {
                    return null;
                }
                throw new EOFException("connection closed inside a line");
            }
            start = pos;
        }
    }

    /** Reads exactly {@code n} bytes into {@code dst} at {@code off}. */
    void readFully(byte[] dst, int off, int n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed inside a body");
            }
            int k = Math.min(n, limit - pos);
            System.arraycopy(buf, pos, dst, off, k);
            pos += k;
            off += k;
            n -= k;
        }
    }

    /** Skips exactly {@code n} bytes. */
    void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed inside a body");
            }
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    /** Reads up to {@code n} bytes (at least one) into {@code dst}; returns how many. */
    int readSome(byte[] dst, int off, int n) throws IOException {
        if (pos == limit && !fill()) {
            throw new EOFException("connection closed inside a body");
        }
        int k = Math.min(n, limit - pos);
        System.arraycopy(buf, pos, dst, off, k);
        pos += k;
        return k;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Parses the hexadecimal size at the start of a chunk-size line (extensions ignored). */
    static int chunkSize(String line) throws IOException {
        int size = 0;
        int i = 0;
        for (; i < line.length(); i++) {
            int d = Character.digit(line.charAt(i), 16);
            if (d < 0) {
                break;
            }
            size = size * 16 + d;
            if (size > 64 * 1024 * 1024) {
                throw new IOException("chunk too large");
            }
        }
        if (i == 0) {
            throw new IOException("bad chunk size line: " + line);
        }
        return size;
    }

    /**
     * What the header lines of one message say about its framing.
     *
     * @param length {@code Content-Length}, or -1 when absent
     */
    record Framing(int length, boolean chunked, boolean close) {}

    /** Reads header lines up to the blank line; each is appended with its CRLF to {@code keep} when given. */
    Framing headers(StringBuilder keep) throws IOException {
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
            String v;
            if ((v = headerValue(h, "content-length")) != null) {
                length = Integer.parseInt(v);
            } else if ((v = headerValue(h, "transfer-encoding")) != null) {
                chunked = v.equalsIgnoreCase("chunked");
            } else if ((v = headerValue(h, "connection")) != null) {
                close = v.equalsIgnoreCase("close");
            }
            if (keep != null) {
                keep.append(h).append("\r\n");
            }
        }
        return new Framing(length, chunked, close);
    }

    /** The value of a header line if its name matches (case-insensitive), else null. */
    static String headerValue(String line, String name) {
        int n = name.length();
        if (line.length() > n && line.charAt(n) == ':' && line.regionMatches(true, 0, name, 0, n)) {
            return line.substring(n + 1).strip();
        }
        return null;
    }
}
