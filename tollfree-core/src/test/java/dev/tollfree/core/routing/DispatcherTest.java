package dev.tollfree.core.routing;

import static dev.tollfree.core.Fixtures.chat;
import static dev.tollfree.core.Fixtures.chatStream;
import static dev.tollfree.core.Fixtures.key;
import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static dev.tollfree.core.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollfree.api.ApiException;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.OpenAiCompatAdapter;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failover loop end to end: real adapter, real sockets, scripted fakes; cooldowns on a
 * ManualClock. Provider ids are unique per test because key rotation offsets are per provider id.
 */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(30)
class DispatcherTest {
    private static final RoutingSettings SETTINGS = new RoutingSettings(5, Duration.ofMinutes(1), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(30));

    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final Cooldowns cooldowns = new Cooldowns(clock);
    private final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    private final OpenAiCompatAdapter adapter = new OpenAiCompatAdapter(transport, clock, System::nanoTime);
    private Function<KeyRef, Credential> opener = k -> new Credential(k.id(), k.sealedSecret(), Optional.empty());

    @AfterEach
    void close() {
        transport.close();
        watchdog.close();
    }

    private Dispatcher dispatcher(RouteTable table, RoutingSettings settings) {
        return new Dispatcher(new Adapters(Map.of(WireFormat.OPENAI, adapter)), () -> table, cooldowns,
                k -> opener.apply(k), () -> settings, clock, System::nanoTime);
    }

    private Dispatcher dispatcher(RouteTable table) {
        return dispatcher(table, SETTINGS);
    }

    private static RouteTable table(List<ProviderSpec> providers, List<ProviderKey> keys, String... chain) {
        return RouteTableBuilder.build(new Catalog(providers), keys, List.of(), List.of(chain), Set.of(WireFormat.OPENAI));
    }

    private static Route route(RouteTable table, String name) {
        return table.named(name).getFirst();
    }

    private static ApiException rejected(Runnable call) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("expected an ApiException").isNotNull();
        return e;
    }

    private static long lines(String message) {
        return message.lines().filter(l -> l.startsWith("- ")).count();
    }

    // --- rate limits ----------------------------------------------------------------------------

    @Test
    void complete_on429WithRetryAfter_servedBySecondAndKeyBenchedForStatedSeconds(FakeUpstream a, FakeUpstream b) {
        a.enqueue(Script.error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded").header("Retry-After", "30"));
        b.setDefault(Script.chatCompletion("b-model", "from b"));
        RouteTable table = table(List.of(provider("rl-a", a.url("/v1"), model("a-model")), provider("rl-b", b.url("/v1"), model("b-model"))),
                List.of(key(1, "rl-a", "ka"), key(2, "rl-b", "kb")), "rl-a/a-model", "rl-b/b-model");
        Dispatcher d = dispatcher(table);

        Trace first = new Trace();
        Dispatcher.Completion c = d.complete(chat("auto", "hi"), first);
        assertThat(c.route().name()).isEqualTo("rl-b/b-model");
        assertThat(c.body().path("choices").path(0).path("message").path("content").stringValue()).isEqualTo("from b");
        assertThat(first.attempts()).hasSize(2);
        assertThat(first.attempts().get(0).status()).isEqualTo(429);
        assertThat(first.attempts().get(0).failure()).contains(FailureClass.RATE_LIMIT);
        assertThat(first.attempts().get(1).ok()).isTrue();
        assertThat(first.fallbacks()).isEqualTo(1);
        Route routeA = route(table, "rl-a/a-model");
        KeyRef keyA = routeA.keys().getFirst();
        assertThat(cooldowns.benched(keyA, routeA).orElseThrow().until()).isEqualTo(clock.instant().plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        Trace second = new Trace();
        assertThat(d.complete(chat("auto", "hi"), second).route().name()).isEqualTo("rl-b/b-model");
        assertThat(a.requestCount()).as("benched key is not called").isEqualTo(1);
        assertThat(second.attempts()).hasSize(1);
        assertThat(second.skipped()).singleElement().asString().startsWith("rl-a/a-model (key k1): benched until");

        clock.advance(Duration.ofSeconds(1));
        a.enqueue(Script.chatCompletion("a-model", "from a again"));
        assertThat(d.complete(chat("auto", "hi"), new Trace()).route().name()).isEqualTo("rl-a/a-model");
        assertThat(a.requestCount()).isEqualTo(2);
    }

    @Test
    void complete_429WithoutWaitThatNamesTheLimit_benchesOnlyUntilTheOwnWindowFrees(FakeUpstream a, FakeUpstream b) {
        a.setDefault(Script.chatCompletion("a-model", "from a"));
        b.setDefault(Script.chatCompletion("b-model", "from b"));
        RouteTable table = table(List.of(provider("sn-a", a.url("/v1"), model("a-model")), provider("sn-b", b.url("/v1"), model("b-model"))),
                List.of(key(1, "sn-a", "ka"), key(2, "sn-b", "kb")), "sn-a/a-model", "sn-b/b-model");
        Dispatcher d = dispatcher(table);
        for (int i = 0; i < 2; i++) {
            assertThat(d.complete(chat("auto", "hi"), new Trace()).route().name()).isEqualTo("sn-a/a-model");
            clock.advance(Duration.ofSeconds(10));
        }
        // SambaNova-style: no wait stated, the limit only in the text
        a.enqueue(Script.error(429, "Request would exceed rate limit\nViolated duration_s: 60, current usage: 2, limit: 2", "", ""));

        assertThat(d.complete(chat("auto", "hi"), new Trace()).route().name()).isEqualTo("sn-b/b-model");

        Route routeA = route(table, "sn-a/a-model");
        KeyRef keyA = routeA.keys().getFirst();
        Instant frees = clock.instant().minusSeconds(20).plusSeconds(61); // the first request stops counting
        assertThat(cooldowns.benched(keyA, routeA).orElseThrow().until()).isEqualTo(frees);
        clock.set(frees);
        assertThat(d.complete(chat("auto", "hi"), new Trace()).route().name()).isEqualTo("sn-a/a-model");
    }

    @Test
    void complete_allRateLimited_is429WithRetryAfterAndOneLinePerCandidate(FakeUpstream upstream) {
        upstream.handler(r -> r.path().startsWith("/a/")
                ? Script.error(429, "Rate limit reached on a", "requests", "rate_limit_exceeded").header("Retry-After", "20")
                : Script.error(429, "Rate limit reached on b", "requests", "rate_limit_exceeded").header("Retry-After", "40"));
        RouteTable table = table(List.of(provider("all-a", upstream.url("/a"), model("m")), provider("all-b", upstream.url("/b"), model("m"))),
                List.of(key(1, "all-a", "ka"), key(2, "all-b", "kb")), "all-a/m", "all-b/m");
        Dispatcher d = dispatcher(table);

        ApiException e = rejected(() -> d.complete(chat("auto", "hi"), new Trace()));
        assertThat(e.error().status()).isEqualTo(429);
        assertThat(e.error().code()).isEqualTo("all_routes_rate_limited");
        assertThat(e.headers()).containsEntry("Retry-After", "20");
        assertThat(e.error().message()).contains("- all-a/m (key k1): rate_limit — HTTP 429 [rate_limit_exceeded]: Rate limit reached on a")
                .contains("- all-b/m (key k2): rate_limit — HTTP 429 [rate_limit_exceeded]: Rate limit reached on b");
        assertThat(lines(e.error().message())).isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));
        ApiException again = rejected(() -> d.complete(chat("auto", "hi"), new Trace()));
        assertThat(upstream.requestCount()).as("both keys benched: nothing is called").isEqualTo(2);
        assertThat(again.error().status()).isEqualTo(429);
        assertThat(again.headers()).containsEntry("Retry-After", "15");
        assertThat(lines(again.error().message())).isEqualTo(2);
    }

    @Test
    void complete_dailyCap_benchesUntilUtcMidnight(FakeUpstream a, FakeUpstream b) {
        a.enqueue(Script.error(429, "You have reached your daily limit (requests per day)", "requests", "rate_limit_exceeded").header("Retry-After", "5"));
        b.setDefault(Script.chatCompletion("m", "ok"));
        RouteTable table = table(List.of(provider("day-a", a.url("/v1"), model("m")), provider("day-b", b.url("/v1"), model("m"))),
                List.of(key(1, "day-a", "k"), key(2, "day-b", "k")), "day-a/m", "day-b/m");
        Trace trace = new Trace();
        dispatcher(table).complete(chat("auto", "hi"), trace);

        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.DAILY_CAP);
        Route routeA = route(table, "day-a/m");
        assertThat(cooldowns.benched(routeA.keys().getFirst(), routeA).orElseThrow().until()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    }

    // --- keys -----------------------------------------------------------------------------------

    @Test
    void complete_on401_rotatesToNextKeyOfSameProvider(FakeUpstream upstream) {
        upstream.handler(r -> r.header("Authorization").orElse("").equals("Bearer bad")
                ? Script.error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key")
                : Script.chatCompletion("m", "ok"));
        RouteTable table = table(List.of(provider("rot401", upstream.url("/v1"), model("m"))),
                List.of(key(11, "rot401", "bad"), key(12, "rot401", "good")));
        Dispatcher d = dispatcher(table);

        Trace trace = new Trace();
        assertThat(d.complete(chat("auto", "hi"), trace).route().name()).isEqualTo("rot401/m");
        assertThat(trace.attempts()).extracting(a -> a.key().id()).containsExactly(11L, 12L);
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.CREDENTIAL);
        assertThat(upstream.requests()).extracting(r -> r.header("Authorization").orElseThrow()).containsExactly("Bearer bad", "Bearer good");

        Trace next = new Trace();
        d.complete(chat("auto", "hi"), next);
        assertThat(next.attempts()).extracting(a -> a.key().id()).containsExactly(12L);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void complete_keyThatCannotBeOpened_isSkippedAndTheNextKeyServes(FakeUpstream upstream) {
        upstream.setDefault(Script.chatCompletion("m", "ok"));
        opener = k -> {
            if (k.id() == 21) {
                throw new dev.tollfree.core.secret.SecretBox.WrongKeyException("sealed value does not open with this master key");
            }
            return new Credential(k.id(), k.sealedSecret(), Optional.empty());
        };
        RouteTable table = table(List.of(provider("sealed", upstream.url("/v1"), model("m"))),
                List.of(key(21, "sealed", "undecryptable"), key(22, "sealed", "good")));

        Trace trace = new Trace();
        assertThat(dispatcher(table).complete(chat("auto", "hi"), trace).route().name()).isEqualTo("sealed/m");
        assertThat(trace.attempts()).extracting(a -> a.key().id()).containsExactly(22L);
        assertThat(trace.skipped()).singleElement().asString().contains("key k21").contains("master key");
        assertThat(upstream.requests()).extracting(r -> r.header("Authorization").orElseThrow()).containsExactly("Bearer good");
    }

    @Test
    void complete_providerEchoesTheRejectedKey_secretNeverReachesTraceBenchesOrCaller(FakeUpstream upstream) {
        String secret = "sk-echo-0123456789abcdef";
        upstream.setDefault(Script.error(401, "Incorrect API key provided: " + secret + ". Check your key.", "invalid_request_error", "invalid_api_key"));
        RouteTable table = table(List.of(provider("echo", upstream.url("/v1"), model("m"))), List.of(key(41, "echo", secret)));
        Dispatcher d = dispatcher(table);

        Trace first = new Trace();
        ApiException e1 = rejected(() -> d.complete(chat("auto", "hi"), first));
        assertThat(first.attempts().getFirst().detail()).contains("***").doesNotContain(secret);
        assertThat(e1.error().message()).contains("Incorrect API key provided").doesNotContain(secret);

        Trace second = new Trace();
        ApiException e2 = rejected(() -> d.complete(chat("auto", "hi"), second));
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(second.skipped()).singleElement().asString().contains("benched until").doesNotContain(secret);
        assertThat(e2.error().message()).doesNotContain(secret);
        Route r = route(table, "echo/m");
        assertThat(cooldowns.benched(r.keys().getFirst(), r).orElseThrow().reason()).doesNotContain(secret);
    }

    // --- budget ---------------------------------------------------------------------------------

    @Test
    void complete_timeBudget_stopsTheLoopOnceSpent(FakeUpstream upstream) {
        upstream.handler(r -> {
            clock.advance(Duration.ofSeconds(11)); // each upstream call "takes" 11 s on the dispatcher's clock
            return Script.error(500, "slow and broken", "server_error", null);
        });
        RouteTable table = table(List.of(provider("tb-a", upstream.url("/a"), model("m")), provider("tb-b", upstream.url("/b"), model("m")),
                        provider("tb-c", upstream.url("/c"), model("m"))),
                List.of(key(1, "tb-a", "k"), key(2, "tb-b", "k"), key(3, "tb-c", "k")), "tb-a/m", "tb-b/m", "tb-c/m");
        RoutingSettings twentySeconds = new RoutingSettings(5, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
        Dispatcher d = new Dispatcher(new Adapters(Map.of(WireFormat.OPENAI, adapter)), () -> table, cooldowns,
                opener, () -> twentySeconds, clock, clock::nanos);

        ApiException e = rejected(() -> d.complete(chat("auto", "hi"), new Trace()));
        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(e.error().message()).contains("stopped: time budget reached");
    }

    // --- models and providers -------------------------------------------------------------------

    @Test
    void complete_500_isRetriedOnceOnTheSameRoute_andTwiceSkipsTheRestOfThatProvider(FakeUpstream flaky, FakeUpstream steady) {
        flaky.setDefault(Script.error(500, "The server had an error", "server_error", null));
        steady.setDefault(Script.chatCompletion("s", "ok"));
        RouteTable table = table(List.of(provider("flaky", flaky.url("/v1"), model("m1"), model("m2"), model("m3")),
                        provider("steady", steady.url("/v1"), model("s"))),
                List.of(key(1, "flaky", "k"), key(2, "steady", "k")), "flaky/m1", "flaky/m2", "flaky/m3", "steady/s");

        Trace trace = new Trace();
        assertThat(dispatcher(table).complete(chat("auto", "hi"), trace).route().name()).isEqualTo("steady/s");
        assertThat(flaky.requestCount()).isEqualTo(2);
        assertThat(trace.attempts()).extracting(a -> a.route().name()).containsExactly("flaky/m1", "flaky/m1", "steady/s");
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.TRANSIENT);
        assertThat(trace.skipped()).containsExactly("flaky/m2: skipped, provider failed earlier in this request",
                "flaky/m3: skipped, provider failed earlier in this request");
    }

    @Test
    void complete_500Once_isRetriedOnTheSameRoute_andServedThere(FakeUpstream flaky, FakeUpstream steady) {
        flaky.enqueue(Script.error(500, "The server had an error", "server_error", null));
        flaky.setDefault(Script.chatCompletion("m1", "second time lucky"));
        steady.setDefault(Script.chatCompletion("s", "ok"));
        RouteTable table = table(List.of(provider("flaky", flaky.url("/v1"), model("m1")), provider("steady", steady.url("/v1"), model("s"))),
                List.of(key(1, "flaky", "k"), key(2, "steady", "k")), "flaky/m1", "steady/s");

        Trace trace = new Trace();
        assertThat(dispatcher(table).complete(chat("auto", "hi"), trace).route().name()).isEqualTo("flaky/m1");
        assertThat(trace.attempts()).extracting(a -> a.status()).containsExactly(500, 200);
        assertThat(steady.requestCount()).isZero();
    }

    @Test
    void complete_503WithAStatedWait_isNotRetriedAtOnce(FakeUpstream flaky, FakeUpstream steady) {
        flaky.setDefault(Script.error(503, "Overloaded", "server_error", null).header("Retry-After", "20"));
        steady.setDefault(Script.chatCompletion("s", "ok"));
        RouteTable table = table(List.of(provider("flaky", flaky.url("/v1"), model("m1")), provider("steady", steady.url("/v1"), model("s"))),
                List.of(key(1, "flaky", "k"), key(2, "steady", "k")), "flaky/m1", "steady/s");

        assertThat(dispatcher(table).complete(chat("auto", "hi"), new Trace()).route().name()).isEqualTo("steady/s");
        assertThat(flaky.requestCount()).isEqualTo(1);
    }

    @Test
    void complete_contextLengthExceeded_goesToNextModelAndNeverRetriesTheSameOne(FakeUpstream upstream) {
        upstream.handler(r -> r.json().path("model").stringValue().equals("small")
                ? Script.error(400, "This model's maximum context length is 8192 tokens", "invalid_request_error", "context_length_exceeded")
                : Script.chatCompletion("big", "ok"));
        ModelSpec small = model("small", "small", 90, 128_000, Set.of());
        ModelSpec big = model("big", "big", 50, 128_000, Set.of());
        RouteTable table = table(List.of(provider("ctx", upstream.url("/v1"), small, big)),
                List.of(key(31, "ctx", "k1"), key(32, "ctx", "k2")));

        Trace trace = new Trace();
        assertThat(dispatcher(table).complete(chat("auto", "hi"), trace).route().name()).isEqualTo("ctx/big");
        assertThat(upstream.requests()).extracting(r -> r.json().path("model").stringValue()).containsExactly("small", "big");
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.CONTEXT_TOO_LARGE);
    }

    @Test
    void complete_contextTooLargeEverywhere_is413(FakeUpstream upstream) {
        upstream.setDefault(Script.error(400, "Please reduce the length of the messages", "invalid_request_error", "context_length_exceeded"));
        RouteTable table = table(List.of(provider("ctx-all", upstream.url("/v1"), model("a"), model("b"))), List.of(key(1, "ctx-all", "k")));
        ApiException e = rejected(() -> dispatcher(table).complete(chat("auto", "hi"), new Trace()));
        assertThat(e.error().status()).isEqualTo(413);
        assertThat(e.error().code()).isEqualTo("context_length_exceeded");
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void complete_contentPolicy_stopsWith400AndTheProvidersReason(FakeUpstream a, FakeUpstream b) {
        a.enqueue(Script.error(400, "Your request was rejected as a result of our safety system: violence", "invalid_request_error", "content_policy_violation"));
        b.setDefault(Script.chatCompletion("m", "would have answered"));
        RouteTable table = table(List.of(provider("cp-a", a.url("/v1"), model("m")), provider("cp-b", b.url("/v1"), model("m"))),
                List.of(key(1, "cp-a", "k"), key(2, "cp-b", "k")), "cp-a/m", "cp-b/m");

        ApiException e = rejected(() -> dispatcher(table).complete(chat("auto", "something violent"), new Trace()));
        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().code()).isEqualTo("content_policy_violation");
        assertThat(e.error().message()).contains("safety system: violence");
        assertThat(b.requestCount()).isZero();
    }

    @Test
    void complete_rejectedRequestShape_skipsThatProviderButTriesOthers(FakeUpstream picky, FakeUpstream lenient) {
        picky.setDefault(Script.error(422, "Extra inputs are not permitted", "invalid_request_error", "extra_forbidden"));
        lenient.setDefault(Script.chatCompletion("m", "ok"));
        RouteTable table = table(List.of(provider("picky", picky.url("/v1"), model("m1"), model("m2")), provider("lenient", lenient.url("/v1"), model("m"))),
                List.of(key(1, "picky", "k"), key(2, "lenient", "k")), "picky/m1", "picky/m2", "lenient/m");

        Trace trace = new Trace();
        assertThat(dispatcher(table).complete(chat("auto", "hi"), trace).route().name()).isEqualTo("lenient/m");
        assertThat(picky.requestCount()).isEqualTo(1);
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.REJECTED_REQUEST);
    }

    @Test
    void complete_maxAttempts_isHonoured(FakeUpstream upstream) {
        upstream.setDefault(Script.error(500, "boom", "server_error", null));
        RouteTable table = table(List.of(provider("ma-a", upstream.url("/a"), model("m")), provider("ma-b", upstream.url("/b"), model("m")),
                        provider("ma-c", upstream.url("/c"), model("m"))),
                List.of(key(1, "ma-a", "k"), key(2, "ma-b", "k"), key(3, "ma-c", "k")), "ma-a/m", "ma-b/m", "ma-c/m");
        RoutingSettings two = new RoutingSettings(2, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));

        Trace trace = new Trace();
        ApiException e = rejected(() -> dispatcher(table, two).complete(chat("auto", "hi"), trace));
        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(trace.attempts()).hasSize(2);
        assertThat(e.error().status()).isEqualTo(502);
        assertThat(e.error().code()).isEqualTo("all_routes_failed");
        assertThat(e.error().message()).contains("stopped: attempt limit (2) reached");
    }

    // --- streams --------------------------------------------------------------------------------

    @Test
    void stream_cutAfterRoleChunk_failsOverInvisibly(FakeUpstream a, FakeUpstream b) {
        a.enqueue(Script.sse(List.of(
                "{\"id\":\"from-a\",\"object\":\"chat.completion.chunk\",\"model\":\"a-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"id\":\"from-a\",\"object\":\"chat.completion.chunk\",\"model\":\"a-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"never\"},\"finish_reason\":null}]}"))
                .cutAfter(1));
        b.enqueue(Script.chatStream("b-model", List.of("from", " b")));
        RouteTable table = table(List.of(provider("st-a", a.url("/v1"), model("a-model")), provider("st-b", b.url("/v1"), model("b-model"))),
                List.of(key(1, "st-a", "k"), key(2, "st-b", "k")), "st-a/a-model", "st-b/b-model");

        Trace trace = new Trace();
        Dispatcher.StreamSession session = dispatcher(table).stream(chatStream("auto", "hi"), trace);
        try (var stream = session.stream()) {
            assertThat(session.route().name()).isEqualTo("st-b/b-model");
            assertThat(stream.head()).isNotEmpty().allSatisfy(c -> assertThat(c.json().path("model").stringValue()).isEqualTo("b-model"));
            StreamItem item;
            StringBuilder text = new StringBuilder(stream.head().getLast().json().path("choices").path(0).path("delta").path("content").asString(""));
            while ((item = stream.next()) instanceof StreamItem.Chunk c) {
                assertThat(c.json().path("id").stringValue()).isNotEqualTo("from-a");
                text.append(c.json().path("choices").path(0).path("delta").path("content").asString(""));
            }
            assertThat(item).isInstanceOf(StreamItem.End.class);
            assertThat(text).hasToString("from b");
        }
        assertThat(trace.attempts()).extracting(x -> x.route().name()).containsExactly("st-a/a-model", "st-b/b-model");
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.TRANSIENT);
    }

    @Test
    void stream_inBandErrorBeforePayload_failsOverToNextProvider(FakeUpstream a, FakeUpstream b) {
        a.enqueue(Script.sse(List.of(
                "{\"id\":\"from-a\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}",
                "{\"error\":{\"message\":\"Provider returned error\",\"code\":502}}")));
        b.enqueue(Script.chatStream("b-model", List.of("ok")));
        RouteTable table = table(List.of(provider("sib-a", a.url("/v1"), model("a-model")), provider("sib-b", b.url("/v1"), model("b-model"))),
                List.of(key(1, "sib-a", "k"), key(2, "sib-b", "k")), "sib-a/a-model", "sib-b/b-model");

        Trace trace = new Trace();
        Dispatcher.StreamSession session = dispatcher(table).stream(chatStream("auto", "hi"), trace);
        try (var stream = session.stream()) {
            assertThat(session.route().name()).isEqualTo("sib-b/b-model");
            assertThat(stream.head()).noneSatisfy(c -> assertThat(c.json().path("id").stringValue()).isEqualTo("from-a"));
        }
        assertThat(trace.attempts().getFirst().failure()).contains(FailureClass.BAD_RESPONSE);
    }

    // --- candidate filters ----------------------------------------------------------------------

    @Test
    void complete_namedModel_isStrictAndNeverFallsBackToOtherModels(FakeUpstream a, FakeUpstream b) {
        a.setDefault(Script.error(500, "down", "server_error", null));
        b.setDefault(Script.chatCompletion("other", "ok"));
        ModelSpec llama = model("llama-x", "llama-3.3-70b", 70, 128_000, Set.of());
        ModelSpec other = model("other", "other", 99, 128_000, Set.of());
        RouteTable table = table(List.of(provider("nm-a", a.url("/v1"), llama), provider("nm-b", b.url("/v1"), other)),
                List.of(key(1, "nm-a", "k"), key(2, "nm-b", "k")));
        Dispatcher d = dispatcher(table);

        ApiException e = rejected(() -> d.complete(chat("llama-3.3-70b", "hi"), new Trace()));
        assertThat(e.error().status()).isEqualTo(502);
        assertThat(b.requestCount()).isZero();
        assertThat(a.takeRequest().json().path("model").stringValue()).isEqualTo("llama-x");

        assertThat(d.complete(chat("nm-b/other", "hi"), new Trace()).route().name()).isEqualTo("nm-b/other");
    }

    @Test
    void complete_images_goOnlyToVisionModels(FakeUpstream text, FakeUpstream vision) {
        vision.setDefault(Script.chatCompletion("eyes", "a cat"));
        RouteTable table = table(List.of(provider("vt", text.url("/v1"), model("words", "words", 99, 128_000, Set.of())),
                        provider("vv", vision.url("/v1"), model("eyes", "eyes", 10, 128_000, Set.of(Capability.VISION)))),
                List.of(key(1, "vt", "k"), key(2, "vv", "k")));
        ChatRequest withImage = request("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"what is it?"},
                 {"type":"image_url","image_url":{"url":"https://x/cat.png"}}]}]}""");

        assertThat(dispatcher(table).complete(withImage, new Trace()).route().name()).isEqualTo("vv/eyes");
        assertThat(text.requestCount()).isZero();
    }

    @Test
    void complete_imagesWithoutVisionModel_is422NoVisionModel(FakeUpstream upstream) {
        RouteTable table = table(List.of(provider("nv", upstream.url("/v1"), model("words"))), List.of(key(1, "nv", "k")));
        ChatRequest withImage = request("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/cat.png"}}]}]}""");
        ApiException e = rejected(() -> dispatcher(table).complete(withImage, new Trace()));
        assertThat(e.error().status()).isEqualTo(422);
        assertThat(e.error().code()).isEqualTo("no_vision_model");
        assertThat(e.error().param()).isEqualTo("messages");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void complete_toolsWithoutToolModel_is422NoToolsModel(FakeUpstream upstream) {
        RouteTable table = table(List.of(provider("nt", upstream.url("/v1"), model("plain", "plain", 50, 128_000, Set.of()))), List.of(key(1, "nt", "k")));
        ChatRequest withTools = request("""
                {"model":"auto","messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");
        ApiException e = rejected(() -> dispatcher(table).complete(withTools, new Trace()));
        assertThat(e.error().status()).isEqualTo(422);
        assertThat(e.error().code()).isEqualTo("no_tools_model");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void complete_promptLargerThanEveryWindow_is413WithoutCallingAnyone(FakeUpstream upstream) {
        RouteTable table = table(List.of(provider("tiny", upstream.url("/v1"), model("t", "t", 50, 1_000, Set.of()))), List.of(key(1, "tiny", "k")));
        ApiException e = rejected(() -> dispatcher(table).complete(chat("auto", "x".repeat(10_000)), new Trace()));
        assertThat(e.error().status()).isEqualTo(413);
        assertThat(e.error().code()).isEqualTo("context_length_exceeded");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void complete_maxTokensCountsTowardsTheWindow(FakeUpstream small, FakeUpstream large) {
        large.setDefault(Script.chatCompletion("l", "ok"));
        RouteTable table = table(List.of(provider("win-s", small.url("/v1"), model("s", "s", 90, 4_096, Set.of())),
                        provider("win-l", large.url("/v1"), model("l", "l", 10, 128_000, Set.of()))),
                List.of(key(1, "win-s", "k"), key(2, "win-l", "k")));
        ChatRequest longAnswer = request("{\"model\":\"auto\",\"max_tokens\":8000,\"messages\":[{\"role\":\"user\",\"content\":\"essay\"}]}");
        assertThat(dispatcher(table).complete(longAnswer, new Trace()).route().name()).isEqualTo("win-l/l");
        assertThat(small.requestCount()).isZero();
    }

    @Test
    void complete_unknownModel_is404(FakeUpstream upstream) {
        RouteTable table = table(List.of(provider("um", upstream.url("/v1"), model("m"))), List.of(key(1, "um", "k")));
        ApiException e = rejected(() -> dispatcher(table).complete(chat("gpt-7", "hi"), new Trace()));
        assertThat(e.error().status()).isEqualTo(404);
        assertThat(e.error().code()).isEqualTo("model_not_found");
        assertThat(e.error().message()).contains("gpt-7");
    }

    @Test
    void complete_emptyTable_is503() {
        ApiException e = rejected(() -> dispatcher(new RouteTable(List.of())).complete(chat("auto", "hi"), new Trace()));
        assertThat(e.error().status()).isEqualTo(503);
        assertThat(e.error().code()).isEqualTo("no_providers");
    }

    @Test
    void complete_keylessRoute_isCalledWithoutAuthorization(FakeUpstream upstream) {
        upstream.setDefault(Script.chatCompletion("m", "ok"));
        RouteTable table = table(List.of(dev.tollfree.core.Fixtures.keyless("kl", upstream.url("/v1"), model("m"))), List.of());
        Trace trace = new Trace();
        dispatcher(table).complete(chat("auto", "hi"), trace);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("Authorization")).isEmpty();
        assertThat(trace.attempts().getFirst().key().anonymous()).isTrue();
    }
}
