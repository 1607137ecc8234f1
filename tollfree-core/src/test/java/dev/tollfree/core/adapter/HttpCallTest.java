package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpCallTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/v1/chat/completions | false | 127.0.0.1 | 8080 | 127.0.0.1:8080 | /v1/chat/completions",
            "http://localhost/v1?alt=sse&x=%20y         | false | localhost | 80   | localhost      | /v1?alt=sse&x=%20y",
            "https://api.example.test                   | true  | api.example.test | 443 | api.example.test | /",
            "http://[::1]:11434/api/chat                | false | ::1       | 11434 | [::1]:11434   | /api/chat",
            "HTTP://Example.TEST:81/a/b:c               | false | Example.TEST | 81 | Example.TEST:81 | /a/b:c"})
    void targetsAreParsedOnce_intoWhatTheWireNeeds(String url, boolean tls, String host, int port, String hostHeader, String pathAndQuery) {
        HttpCall.Target t = HttpCall.get(url).target();
        assertThat(t.tls()).isEqualTo(tls);
        assertThat(t.host()).isEqualTo(host);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.hostHeader()).isEqualTo(hostHeader);
        assertThat(t.pathAndQuery()).isEqualTo(pathAndQuery);
        assertThat(t.origin()).isEqualTo(host.toLowerCase() + ":" + port);
        assertThat(HttpCall.get(url).target()).isSameAs(t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.test/x", "/relative/path", "http:///nohost", "http://exa mple.test/", "mailto:a@b.test"})
    void anythingButAnAbsoluteHttpUrl_isRejected(String url) {
        assertThatThrownBy(() -> HttpCall.get(url).target()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJdkFormCarriesMethodHeadersBodyAndTimeout() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        HttpRequest r = HttpCall.post("https://api.example.test/v1/chat/completions", body)
                .header("Authorization", "Bearer k").header("Accept", "text/event-stream").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(3)).toJdk();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).hasToString("https://api.example.test/v1/chat/completions");
        assertThat(r.headers().allValues("accept")).containsExactly("text/event-stream", "application/json");
        assertThat(r.timeout()).contains(Duration.ofSeconds(3));
        assertThat(r.bodyPublisher()).hasValueSatisfying(p -> assertThat(p.contentLength()).isEqualTo(body.length));
        assertThat(r.version()).isEmpty(); // TLS: the client negotiates HTTP/2 or 1.1

        HttpRequest plain = HttpCall.get("http://127.0.0.1:9/v1/models").toJdk();
        assertThat(plain.method()).isEqualTo("GET");
        assertThat(plain.version()).contains(HttpClient.Version.HTTP_1_1);
        assertThat(plain.timeout()).isEmpty();
    }

    @Test
    void headersAreLookedUpWithoutRegardToCase() {
        HttpCall c = HttpCall.get("http://127.0.0.1/").header("Content-Type", "application/json");
        assertThat(c.header("content-type")).isEqualTo("application/json");
        assertThat(c.header("accept")).isNull();
        assertThat(c.headerCount()).isEqualTo(1);
    }
}
