package dev.tollfree.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads HTTP/1.1 requests off one connection: request line, headers, body by length or chunks. */
final class HttpRequestReader {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A request and whether the client allows the connection to be reused after it. */
    record Parsed(RecordedRequest request, boolean keepAlive) {}

    private final InputStream in;
    private final OutputStream out;

    HttpRequestReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next request, or empty if the client closed the connection between requests. */
    Optional<Parsed> next() throws IOException {
        String requestLine = readLine(true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(true); // RFC 9112 §2.2: ignore empty lines before a request line
        }
        if (requestLine == null) {
            return Optional.empty();
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new ProtocolException("malformed request line: " + requestLine);
        }
        Map<String, List<String>> headers = readHeaders();
        int q = parts[1].indexOf('?');
        String path = q < 0 ? parts[1] : parts[1].substring(0, q);
        String query = q < 0 ? "" : parts[1].substring(q + 1);

        if (first(headers, "Expect").filter("100-continue"::equalsIgnoreCase).isPresent()) {
            out.write(CONTINUE);
            out.flush();
        }
        byte[] body = readBody(headers);
        boolean http10 = parts[2].equals("HTTP/1.0");
        String connection = String.join(",", headers.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        return Optional.of(new Parsed(new RecordedRequest(parts[0], path, query, headers, body), keepAlive));
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        // names keep the case they were first sent in; lookups ignore case
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw new ProtocolException("more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getFirst());
    }

    private byte[] readBody(Map<String, List<String>> headers) throws IOException {
        Optional<String> encoding = first(headers, "Transfer-Encoding");
        if (encoding.isPresent() && encoding.get().toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked();
        }
        Optional<String> length = first(headers, "Content-Length");
        if (length.isEmpty()) {
            return new byte[0];
        }
        long n;
        try {
            n = Long.parseLong(length.get());
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed Content-Length: " + length.get());
        }
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new ProtocolException("unsupported Content-Length: " + n);
        }
        return readExactly((int) n);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size: " + sizeLine);
            }
            if (size < 0) {
                throw new ProtocolException("negative chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new ProtocolException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("body ended after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** A line without its CRLF (a bare LF is accepted); null at end of stream only if allowed. */
    private String readLine(boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
