package dev.tollfree.core.adapter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The buffered read side of one upstream connection. Unlike {@link java.io.BufferedInputStream}
 * it tells what is already buffered without asking the socket (which costs a system call per
 * streamed event), reads protocol lines straight from its buffer, and takes no lock: one reader
 * at a time, as a connection has; closing the socket from another thread wakes a blocked read.
 */
final class ConnInput extends InputStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int count;

    ConnInput(InputStream in, int size) {
        this.in = in;
        this.buf = new byte[size];
    }

    /** Bytes that can be read without touching the socket. */
    int buffered() {
        return count - pos;
    }

    /** Whether the buffered bytes begin with {@code prefix}; false when fewer are buffered. */
    boolean bufferedStartsWith(byte[] prefix) {
        if (count - pos < prefix.length) {
            return false;
        }
        return java.util.Arrays.equals(buf, pos, pos + prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Like {@link #bufferedStartsWith}, but when nothing is buffered it first takes in what the
     * socket already holds (one system call, and a read only of bytes that are there).
     */
    boolean arrivedStartsWith(byte[] prefix) throws IOException {
        if (count == pos && in.available() >= prefix.length) {
            fill();
        }
        return bufferedStartsWith(prefix);
    }

    /** Drops {@code n} bytes that {@link #buffered()} said are there. */
    void skipBuffered(int n) {
        if (n < 0 || n > count - pos) {
            throw new IllegalArgumentException("cannot skip " + n + " of " + (count - pos) + " buffered bytes");
        }
        pos += n;
    }

    private boolean fill() throws IOException {
        pos = 0;
        count = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        count = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == count && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == count) {
            if (len >= buf.length) {
                return in.read(b, off, len); // a large read needs no copy through the buffer
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, count - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * A line ended by LF (a CR before it is dropped), as ISO-8859-1, without its end.
     *
     * @param max   the longest line accepted
     * @param where what is being read, for the message when the connection ends inside the line
     */
    String readLine(int max, String where) throws IOException {
        StringBuilder longLine = null;
        while (true) {
            if (pos == count && !fill()) {
                throw new EOFException("the upstream closed the connection inside " + where);
            }
            int start = pos;
            int end = start;
            while (end < count && buf[end] != '\n') {
                end++;
            }
            int taken = end - start + (longLine == null ? 0 : longLine.length());
            if (taken > max) {
                throw new IOException("upstream " + where + " line exceeds " + max + " bytes");
            }
            if (end < count) {
                pos = end + 1;
                String piece = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                String line = longLine == null ? piece : longLine.append(piece).toString();
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (longLine == null) {
                longLine = new StringBuilder(64 + end - start);
            }
            longLine.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            pos = count;
        }
    }

    /** Buffered bytes plus what the socket holds. */
    @Override
    public int available() throws IOException {
        return (count - pos) + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
