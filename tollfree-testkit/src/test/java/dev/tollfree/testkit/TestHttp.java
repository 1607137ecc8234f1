package dev.tollfree.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small client-side helpers for the testkit's own tests. */
final class TestHttp {
    private TestHttp() {}

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Reads SSE events (lines up to a blank line) from a body stream, one at a time. */
    static final class Events implements AutoCloseable {
        private final BufferedReader reader;

        Events(InputStream body) {
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        /** The next event's lines joined by \n, or null at a clean end of stream. */
        String next() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!lines.isEmpty()) {
                        return String.join("\n", lines);
                    }
                    continue;
                }
                lines.add(line);
            }
            return lines.isEmpty() ? null : String.join("\n", lines);
        }

        List<String> rest() throws IOException {
            List<String> out = new ArrayList<>();
            for (String e = next(); e != null; e = next()) {
                out.add(e);
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
