package dev.tollfree.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 client on one socket, to see exactly what goes over the wire. */
final class RawClient implements AutoCloseable {
    record Response(int status, Map<String, String> headers, String body) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one response; chunked bodies are returned with their framing, as raw text. */
    Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        String body;
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            StringBuilder raw = new StringBuilder();
            while (true) {
                String size = line();
                raw.append(size).append("\r\n");
                int n = Integer.parseInt(size, 16);
                byte[] data = in.readNBytes(n + 2);
                raw.append(new String(data, StandardCharsets.UTF_8));
                if (n == 0) {
                    break;
                }
            }
            body = raw.toString();
        } else {
            int n = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    /** -1 once the server closed the connection. */
    int readByte() throws IOException {
        return in.read();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
