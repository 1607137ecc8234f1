package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP edge: authentication, body limits, admin API, health, and error shapes for client mistakes. */
@Timeout(60)
class EdgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    FakeUpstream up;
    Gateway g;

    @BeforeEach
    void start() {
        up = FakeUpstream.start().on("/models", Script.models("m1"));
        up.setDefault(Script.chatCompletion("m1", "ok"));
        g = Gateway.start(dir, "server:\n  max_body_size: 4KB\n" + Gateway.withProviders("""
                local:
                  base_url: %s/v1
                  format: openai
                  models:
                    - id: m1
                      context_window: 8192
                """.formatted(up.baseUrl())), Map.of());
    }

    @AfterEach
    void stop() {
        g.close();
        up.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertOpenAiError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode error = json(r).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void auth_acceptsBearerAndXApiKey_andRejectsEverythingElseWith401() throws Exception {
        assertThat(g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).statusCode()).isEqualTo(200);
        var viaHeader = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/chat/completions"))
                .header("x-api-key", Gateway.ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
        assertThat(viaHeader.statusCode()).isEqualTo(200);
        assertOpenAiError(g.post("/v1/chat/completions", CHAT, null), 401, "invalid_api_key");
        assertOpenAiError(g.post("/v1/chat/completions", CHAT, "tf-not-a-real-key-0000000000"), 401, "invalid_api_key");
        assertThat(g.post("/v1/chat/completions", CHAT, null).headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void bodyOverTheLimit_is413_andMalformedJson_is400() throws Exception {
        String big = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";
        assertOpenAiError(g.post("/v1/chat/completions", big, Gateway.ADMIN_KEY), 413, "request_too_large");
        assertOpenAiError(g.post("/v1/chat/completions", "{\"model\":", Gateway.ADMIN_KEY), 400, "invalid_request");
        var wrongType = g.post("/v1/chat/completions", "{\"model\":\"m1\",\"messages\":\"hi\"}", Gateway.ADMIN_KEY);
        assertOpenAiError(wrongType, 400, "invalid_value");
        assertThat(json(wrongType).path("error").path("param").asText()).isEqualTo("messages");
        assertThat(up.requests("/chat/completions")).isEmpty();
    }

    @Test
    void everyAnswer_carriesItsOwnRequestId() throws Exception {
        String first = g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).headers().firstValue("x-request-id").orElseThrow();
        String second = g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).headers().firstValue("x-request-id").orElseThrow();
        assertThat(first).matches("req_[0-9a-f]{24}");
        assertThat(second).matches("req_[0-9a-f]{24}").isNotEqualTo(first);
    }

    @Test
    void unknownRoute_is404InTheOpenAiShape() throws Exception {
        assertOpenAiError(g.get("/v1/embeddingz", Gateway.ADMIN_KEY), 404, "unknown_url");
    }

    private static final String STILL_OPEN = "<<connection still open>>";

    /**
     * One request written as given on its own connection; the answer as text. With {@code toTheEnd}
     * it reads until the server closes, and appends {@link #STILL_OPEN} when it has not after 3 s;
     * otherwise until the head and its Content-Length of body have arrived.
     */
    private String raw(String head, boolean toTheEnd) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", Integer.parseInt(g.baseUrl().substring(g.baseUrl().lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
                    int end = text.indexOf("\r\n\r\n");
                    var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                    if (!toTheEnd && end > 0 && length.find() && out.size() >= end + 4 + Integer.parseInt(length.group(1))) {
                        return text;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                out.write(STILL_OPEN.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void hostHeader_missingRepeatedOrMalformed_is400_andClosesTheConnection() throws Exception {
        String port = g.baseUrl().substring(g.baseUrl().lastIndexOf(':') + 1);
        for (String hosts : new String[] {"", "Host: a\r\nHost: b\r\n", "Host: bad host\r\n", "Host: \r\n", "Host: [::1\r\n",
                "Host: user@127.0.0.1\r\n"}) {
            String answer = raw("GET /livez HTTP/1.1\r\n" + hosts + "\r\n", true);
            assertThat(answer).as(hosts).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close")
                    .contains("\"type\":\"invalid_request_error\"").contains("Invalid Host header")
                    .doesNotContain("Exception").doesNotContain(STILL_OPEN);
        }
        // a port that is not a number is refused by the web server before any handler (its own empty 400)
        for (String hosts : new String[] {"Host: 127.0.0.1:port\r\n", "Host: 127.0.0.1:99999\r\n"}) {
            assertThat(raw("GET /livez HTTP/1.1\r\n" + hosts + "\r\n", true)).as(hosts).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("connection: close").doesNotContain(STILL_OPEN);
        }
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "localhost", "[::1]:" + port, "gateway.example"}) {
            assertThat(raw("GET /livez HTTP/1.1\r\nHost: " + host + "\r\n\r\n", false)).as(host)
                    .startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
        }
    }

    @Test
    void keepAlive_severalRequestsOnOneConnection_areAllAnswered_withoutAConnectionHeader() throws Exception {
        String port = g.baseUrl().substring(g.baseUrl().lastIndexOf(':') + 1);
        try (var socket = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(("GET /livez HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int length = -1;
                for (String line; !(line = in.readLine()).isEmpty(); ) {
                    assertThat(line.toLowerCase(java.util.Locale.ROOT)).doesNotStartWith("connection:");
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                assertThat(in.read(new char[length])).isEqualTo(length);
            }
        }
    }

    @Test
    void health_liveAndReady() throws Exception {
        assertThat(g.get("/livez", null).statusCode()).isEqualTo(200);
        var ready = g.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("routes").asInt()).isEqualTo(1);
    }

    @Test
    void adminApi_needsAnAdminKey() throws Exception {
        var created = g.post("/api/keys", "{\"name\":\"app\"}", Gateway.ADMIN_KEY);
        assertThat(created.statusCode()).isEqualTo(201);
        String appKey = json(created).path("key").asText();
        assertThat(appKey).startsWith("tf-");

        assertThat(g.post("/v1/chat/completions", CHAT, appKey).statusCode()).isEqualTo(200);
        assertOpenAiError(g.get("/api/keys", appKey), 403, "forbidden");
        assertOpenAiError(g.get("/api/keys", null), 401, "invalid_api_key");

        JsonNode listed = json(g.get("/api/keys", Gateway.ADMIN_KEY));
        assertThat(listed.toString()).doesNotContain(appKey);
        long id = json(created).path("id").asLong();
        var revoke = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/keys/" + id))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).DELETE().build());
        assertThat(revoke.statusCode()).isEqualTo(204);
        assertOpenAiError(g.post("/v1/chat/completions", CHAT, appKey), 401, "invalid_api_key");
    }

    @Test
    void adminApi_providerKeysModelsAndChain() throws Exception {
        var bad = g.post("/api/provider-keys", "{\"provider\":\"nope\",\"key\":\"x\"}", Gateway.ADMIN_KEY);
        assertOpenAiError(bad, 400, "invalid_request");
        assertOpenAiError(g.post("/api/provider-keys", "{\"provider\":\"local\"}", Gateway.ADMIN_KEY), 400, "invalid_value");

        var added = g.post("/api/provider-keys", "{\"provider\":\"local\",\"label\":\"a\",\"key\":\"sk-local-abcdef123456\"}", Gateway.ADMIN_KEY);
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("sk-local-abcdef123456");
        var dup = g.post("/api/provider-keys", "{\"provider\":\"local\",\"label\":\"a\",\"key\":\"sk-other\"}", Gateway.ADMIN_KEY);
        assertThat(dup.statusCode()).isEqualTo(409);

        long id = json(added).path("id").asLong();
        var tested = g.post("/api/provider-keys/" + id + "/test", "", Gateway.ADMIN_KEY);
        assertThat(json(tested).path("status").asText()).isEqualTo("valid");

        var disable = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/models"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"model\":\"local/m1\",\"enabled\":false}")).build());
        assertThat(disable.statusCode()).isEqualTo(200);
        assertOpenAiError(g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY), 404, "model_not_found");

        var enable = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/models"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"model\":\"local/m1\",\"enabled\":true}")).build());
        assertThat(enable.statusCode()).isEqualTo(200);
        assertThat(g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).statusCode()).isEqualTo(200);

        var limited = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/models"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"model\":\"local/m1\",\"limits\":{\"rpm\":1}}")).build());
        assertThat(limited.statusCode()).isEqualTo(200);
        assertThat(json(limited).path("limits").path("rpm").asInt()).isEqualTo(1);
        assertThat(g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).statusCode()).as("the ledger applies the new limit").isEqualTo(429);

        var chain = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/chain"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"chain\":[\"local/unknown\"]}")).build());
        assertOpenAiError(chain, 400, "invalid_request");
    }
}
