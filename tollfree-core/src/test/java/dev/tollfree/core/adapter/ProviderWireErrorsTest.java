package dev.tollfree.core.adapter;

import static dev.tollfree.core.adapter.AdapterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.Fixtures;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.routing.FailureClassifier;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The other half of the contract, per provider: every documented error body lands in the right
 * failure class, rate-limit headers are decoded, the model list is read, and keys are checked the
 * way that provider allows.
 */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(30)
class ProviderWireErrorsTest {
    private static AdapterHarness h;

    @BeforeAll
    static void start() {
        h = new AdapterHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Stream<String> providers() {
        return WireFixture.providerIds();
    }

    private static UpstreamError failure(WireFixture f, FakeUpstream upstream, JsonNode error) {
        ProviderSpec p = f.provider(upstream);
        boolean stream = error.path("stream").asBoolean(false);
        if (error.has("chunks")) {
            upstream.enqueue(WireFixture.stream(error.path("chunks")));
        } else {
            upstream.enqueue(WireFixture.script(error));
        }
        if (stream) {
            StreamStart start = h.adapter.openStream(call(p, f.model(p), f.credential(), Fixtures.chatStream("auto", "hi")));
            assertThat(start).as(f.id() + " " + error).isInstanceOf(StreamStart.Failure.class);
            return ((StreamStart.Failure) start).error();
        }
        ChatResult result = h.adapter.complete(call(p, f.model(p), f.credential(), Fixtures.chat("auto", "hi")));
        assertThat(result).as(f.id() + " " + error).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void errors_everyDocumentedBody_landsInItsFailureClass(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        assertThat(f.section("errors")).as(id + " has error fixtures").isNotEmpty();
        for (JsonNode error : f.section("errors")) {
            UpstreamError e = failure(f, upstream, error);
            String why = id + " " + error.path("note").asString("") + " → " + e.summary();
            assertThat(FailureClassifier.classify(e).wireName()).as(why).isEqualTo(error.path("class").stringValue());
            if (error.has("summaryContains")) {
                assertThat(e.summary()).as(why).contains(error.path("summaryContains").stringValue());
            }
            if (error.has("retryAfterSeconds")) {
                assertThat(e.retryAfter()).as(why).contains(Duration.ofMillis((long) (error.path("retryAfterSeconds").asDouble() * 1000)));
            }
            if (error.has("daily")) {
                assertThat(e.dailyLimit()).as(why).isEqualTo(error.path("daily").asBoolean());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void rateLimitHeaders_onSuccess_areDecodedInTheProvidersDialect(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        JsonNode rl = f.section("rateLimits");
        Script answer = Script.chatCompletion("m", "ok");
        for (Map.Entry<String, JsonNode> header : rl.path("headers").properties()) {
            answer = answer.header(header.getKey(), header.getValue().asString());
        }
        upstream.enqueue(answer);
        ProviderSpec p = f.provider(upstream);
        RateLimitSnapshot s = ((ChatResult.Success) h.adapter.complete(call(p, f.model(p), f.credential(), Fixtures.chat("auto", "hi")))).limits();
        JsonNode expect = rl.path("expect");
        if (expect.path("empty").asBoolean(false)) {
            assertThat(s.isEmpty()).as(id + " " + s).isTrue();
            return;
        }
        if (expect.has("requestLimit")) {
            assertThat(s.requestLimit()).as(id).hasValue(expect.path("requestLimit").asLong());
        }
        if (expect.has("requestsRemaining")) {
            assertThat(s.requestsRemaining()).as(id).hasValue(expect.path("requestsRemaining").asLong());
        }
        if (expect.has("requestWindow")) {
            assertThat(s.requestWindow().name()).as(id).isEqualTo(expect.path("requestWindow").stringValue());
        }
        if (expect.has("tokenLimit")) {
            assertThat(s.tokenLimit()).as(id).hasValue(expect.path("tokenLimit").asLong());
        }
        if (expect.has("tokensRemaining")) {
            assertThat(s.tokensRemaining()).as(id).hasValue(expect.path("tokensRemaining").asLong());
        }
        if (expect.has("tokenWindow")) {
            assertThat(s.tokenWindow().name()).as(id).isEqualTo(expect.path("tokenWindow").stringValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void models_list_isReadFromTheProvidersEnvelope(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        JsonNode m = f.section("models");
        upstream.on(m.path("path").stringValue(), Script.json(200, WireFixture.body(m.path("body"))));
        ModelListing listing = h.adapter.listModels(f.provider(upstream), f.credential());
        List<String> ids = new ArrayList<>();
        m.path("ids").forEach(i -> ids.add(i.stringValue()));
        assertThat(listing).as(id).isEqualTo(new ModelListing.Models(ids));
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.target()).as(id).isEqualTo(m.path("target").asString(m.path("path").stringValue()));
        assertThat(sent.method()).isEqualTo("GET");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void keyCheck_everyCase_answersValidInvalidOrUnknownWithTheReason(String id, FakeUpstream upstream, FakeUpstream sibling) {
        WireFixture f = WireFixture.load(id);
        assertThat(f.section("keyCheck")).as(id + " has key-check fixtures").isNotEmpty();
        Optional<ProviderSpec> siblingSpec = f.wire().has("siblingProvider")
                ? Optional.of(WireFixture.load(f.wire().path("siblingProvider").stringValue()).provider(sibling)) : Optional.empty();
        OpenAiCompatAdapter adapter = new OpenAiCompatAdapter(h.transport, h.clock, System::nanoTime,
                other -> siblingSpec.filter(s -> s.id().equals(other)));
        for (JsonNode c : f.section("keyCheck")) {
            answer(upstream, c.path("answers"));
            answer(sibling, c.path("siblingAnswers"));
            KeyValidation v = adapter.validateKey(f.provider(upstream), f.credential());
            assertThat(v.status()).as(id + " " + c.path("note").asString("") + ": " + v.detail()).isEqualTo(c.path("expect").stringValue());
            if (c.has("detailContains")) {
                assertThat(v.detail()).as(id).contains(c.path("detailContains").stringValue());
            }
        }
    }

    /** Answers by path suffix; anything else gets a 404. */
    private static void answer(FakeUpstream upstream, JsonNode answers) {
        upstream.handler(req -> {
            for (Map.Entry<String, JsonNode> a : answers.properties()) {
                if (req.path().endsWith(a.getKey())) {
                    return WireFixture.script(a.getValue());
                }
            }
            return Script.error(404, "no such path: " + req.path(), "not_found_error", null);
        });
    }
}
