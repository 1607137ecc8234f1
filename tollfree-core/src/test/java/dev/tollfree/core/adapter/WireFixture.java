package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One provider's recorded wire facts ({@code fixtures/<provider>/wire.json}, sources in the folder's
 * README.md) and the catalog entry they belong to, moved onto a fake upstream. The answers of every
 * fixture mean the same thing, so one contract fits all providers: the content is {@link #CONTENT},
 * the reasoning {@link #REASONING}, the tool call {@code get_weather({"city":"Paris"})}.
 */
record WireFixture(String id, JsonNode wire) {
    static final String CONTENT = "Hello!";
    static final String REASONING = "The user greets me.";

    /** Every OpenAI-format provider of the catalog, plus {@code custom} (an operator's own server). */
    static Stream<String> providerIds() {
        List<String> ids = new ArrayList<>();
        for (ProviderSpec p : Catalog.builtIn().providers()) {
            if (p.format() == WireFormat.OPENAI) {
                ids.add(p.id());
            }
        }
        ids.add("custom");
        return ids.stream();
    }

    static WireFixture load(String id) {
        return new WireFixture(id, Json.parseObject(resource("/fixtures/" + id + "/wire.json")));
    }

    static ChatRequest request(String name) {
        return ChatRequest.parse(Json.parseObject(resource("/fixtures/requests/" + name + ".json")));
    }

    static ChatRequest streamed(ChatRequest request) {
        ObjectNode body = request.body().deepCopy();
        body.put("stream", true);
        return ChatRequest.parse(body);
    }

    static byte[] resource(String path) {
        try (InputStream in = WireFixture.class.getResourceAsStream(path)) {
            assertThat(in).as("fixture " + path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog's provider with its base URL moved onto the fake (same path), or a custom provider. */
    ProviderSpec provider(FakeUpstream upstream) {
        if (id.equals("custom")) {
            ModelSpec m = new ModelSpec("local-model", "local-model", 32768, 0, java.util.Set.of(), Limits.NONE, 50, 50, true, true, List.of());
            return new ProviderSpec("my-llama", "My llama", upstream.url("/v1"), AuthStyle.BEARER, "", WireFormat.OPENAI,
                    false, Limits.NONE, List.of(m), true);
        }
        ProviderSpec real = Catalog.builtIn().provider(id).orElseThrow();
        return real.withBaseUrl(upstream.baseUrl() + pathOf(real.baseUrl()));
    }

    static String pathOf(String url) {
        int slash = url.indexOf('/', url.indexOf("//") + 2);
        return slash < 0 ? "" : url.substring(slash);
    }

    ModelSpec model(ProviderSpec provider) {
        return provider.models().getFirst();
    }

    Credential credential() {
        return switch (wire.path("credential").asString("bearer")) {
            case "anonymous" -> Credential.ANONYMOUS;
            case "account" -> new Credential(7, "test-token", Optional.of("acc123"));
            default -> new Credential(7, "test-key", Optional.empty());
        };
    }

    JsonNode section(String name) {
        return wire.path(name);
    }

    /** A JSON value or string from a fixture as a response body: strings are sent verbatim. */
    static String body(JsonNode node) {
        return node.isString() ? node.stringValue() : Json.text(node);
    }

    /** {@code {"status", "headers", "body", "contentType"}} as a script. */
    static Script script(JsonNode answer) {
        String type = answer.path("contentType").asString(answer.path("body").isString() ? "text/plain" : "application/json");
        Script s = Script.text(answer.path("status").asInt(200), type, body(answer.path("body")));
        for (Map.Entry<String, JsonNode> h : answer.path("headers").properties()) {
            s = s.header(h.getKey(), h.getValue().asString());
        }
        return s;
    }

    /** A stream variant: an array of chunk objects (sent as SSE with [DONE]), or {@code {"raw":[...]}} lines sent verbatim. */
    static Script stream(JsonNode variant) {
        if (variant.has("raw")) {
            List<String> lines = new ArrayList<>();
            variant.path("raw").forEach(l -> lines.add(l.stringValue()));
            return Script.sse(List.of()).noDone().rawEvents(lines);
        }
        List<String> payloads = new ArrayList<>();
        variant.forEach(chunk -> payloads.add(body(chunk)));
        return Script.sse(payloads);
    }

    /** Checks a sent body against {@code {"equals":{ptr:value}, "absent":[ptr], "matches":{ptr:regex}, "same":[[ptr,ptr]]}}. */
    static void expect(JsonNode sent, JsonNode expectations, String what) {
        for (Map.Entry<String, JsonNode> e : expectations.path("equals").properties()) {
            assertThat(sent.at(e.getKey())).as(what + ": " + e.getKey() + " in " + sent).isEqualTo(e.getValue());
        }
        for (JsonNode ptr : expectations.path("absent")) {
            assertThat(sent.at(ptr.stringValue()).isMissingNode()).as(what + ": " + ptr.stringValue() + " absent in " + sent).isTrue();
        }
        for (JsonNode ptr : expectations.path("present")) {
            assertThat(sent.at(ptr.stringValue()).isMissingNode()).as(what + ": " + ptr.stringValue() + " present in " + sent).isFalse();
        }
        for (Map.Entry<String, JsonNode> e : expectations.path("matches").properties()) {
            assertThat(sent.at(e.getKey()).asString("")).as(what + ": " + e.getKey()).matches(e.getValue().stringValue());
        }
        for (JsonNode pair : expectations.path("same")) {
            assertThat(sent.at(pair.path(0).stringValue())).as(what + ": " + pair)
                    .isEqualTo(sent.at(pair.path(1).stringValue()));
        }
    }
}
