package dev.tollfree.core.adapter;

import static dev.tollfree.core.Fixtures.chat;
import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static dev.tollfree.core.Fixtures.request;
import static dev.tollfree.core.adapter.AdapterHarness.bearer;
import static dev.tollfree.core.adapter.AdapterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Non-streaming calls through the real adapter against a scripted upstream on a real socket. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class OpenAiCompatAdapterTest {
    private static final ModelSpec MODEL = model("upstream-model-id");
    private static AdapterHarness h;

    @BeforeAll
    static void start() {
        h = new AdapterHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ProviderSpec openai(FakeUpstream upstream) {
        return provider("acme", upstream.url("/v1"), MODEL);
    }

    private static ChatResult complete(FakeUpstream upstream, String body) {
        upstream.enqueue(Script.json(200, body));
        return h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi")));
    }

    private static UpstreamError failure(ChatResult result) {
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    // --- success -----------------------------------------------------------------------------

    @Test
    void complete_success_returnsBodyUsageAndPostsToChatPath(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "hello there world"));
        ChatResult result = h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi")));

        assertThat(result).isInstanceOf(ChatResult.Success.class);
        ChatResult.Success ok = (ChatResult.Success) result;
        assertThat(ok.body().path("choices").path(0).path("message").path("content").stringValue()).isEqualTo("hello there world");
        assertThat(ok.usage()).isEqualTo(new Usage(10, 3, false));
        assertThat(ok.firstByteMillis()).isGreaterThanOrEqualTo(0);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Content-Type")).contains("application/json");
        assertThat(sent.header("Accept")).contains("application/json");
    }

    @Test
    void complete_withoutUsage_reportsNoUsage(FakeUpstream upstream) {
        ChatResult result = complete(upstream, """
                {"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""");
        assertThat(((ChatResult.Success) result).usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void complete_toolCallWithNullContent_isSuccess(FakeUpstream upstream) {
        upstream.enqueue(Script.toolCall("upstream-model-id", "get_weather", "{\"city\":\"Paris\"}"));
        ChatResult result = h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "weather?")));
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void complete_reasoningField_isRenamedToReasoningContent(FakeUpstream upstream) {
        ChatResult result = complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"4","reasoning":"2+2 is 4"},"finish_reason":"stop"}]}""");
        JsonNode message = ((ChatResult.Success) result).body().path("choices").path(0).path("message");
        assertThat(message.path("reasoning_content").stringValue()).isEqualTo("2+2 is 4");
        assertThat(message.has("reasoning")).isFalse();
    }

    @Test
    void complete_reasoningContentAlreadyPresent_isKept(FakeUpstream upstream) {
        ChatResult result = complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"4","reasoning_content":"native","reasoning":"other"},"finish_reason":"stop"}]}""");
        JsonNode message = ((ChatResult.Success) result).body().path("choices").path(0).path("message");
        assertThat(message.path("reasoning_content").stringValue()).isEqualTo("native");
    }

    @Test
    void complete_reasoningOnlyAnswer_isSuccess(FakeUpstream upstream) {
        ChatResult result = complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"","reasoning":"thinking"},"finish_reason":"length"}]}""");
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void complete_bodyWithLeadingKeepAliveBlankLines_parses(FakeUpstream upstream) {
        ChatResult result = complete(upstream, "\n\n \n{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}");
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void complete_rateLimitHeadersOnSuccess_areDecoded(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok")
                .header("x-ratelimit-limit-requests", "30")
                .header("x-ratelimit-remaining-requests", "29")
                .header("x-ratelimit-reset-requests", "2s"));
        ChatResult result = h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi")));
        assertThat(((ChatResult.Success) result).limits().isEmpty()).isFalse();
    }

    // --- request rewriting ---------------------------------------------------------------------

    @Test
    void complete_requestBody_carriesUpstreamModelAndKeepsUnknownFields(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        var req = request("""
                {"model":"auto","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"x_vendor":{"a":1},
                 "stream":false,"stream_options":{"include_usage":true}}""");
        h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), req));

        JsonNode sent = upstream.takeRequest().json();
        assertThat(sent.path("model").stringValue()).isEqualTo("upstream-model-id");
        assertThat(sent.path("temperature").decimalValue()).isEqualByComparingTo("0.2");
        assertThat(sent.path("x_vendor").path("a").asInt()).isEqualTo(1);
        assertThat(sent.has("stream")).isFalse();
        assertThat(sent.has("stream_options")).isFalse();
        assertThat(req.body().path("model").stringValue()).as("caller's body is not modified").isEqualTo("auto");
    }

    @Test
    void complete_mistral_dropsUnsupportedAndNullFieldsAndRenamesSeed(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        ProviderSpec mistral = provider("mistral", upstream.url("/v1"), MODEL);
        var req = request("""
                {"model":"auto","messages":[{"role":"user","content":"hi"}],"seed":7,"user":"u1","store":true,
                 "reasoning_effort":"low","top_p":null,"temperature":0.5}""");
        h.adapter.complete(call(mistral, MODEL, bearer("sk-test"), req));

        JsonNode sent = upstream.takeRequest().json();
        assertThat(sent.path("random_seed").asInt()).isEqualTo(7);
        assertThat(sent.has("seed")).isFalse();
        assertThat(sent.has("user")).isFalse();
        assertThat(sent.has("store")).isFalse();
        assertThat(sent.has("reasoning_effort")).isFalse();
        assertThat(sent.has("top_p")).as("null fields are dropped").isFalse();
        assertThat(sent.has("temperature")).isTrue();
    }

    @Test
    void complete_cloudflare_flattensTextOnlyContentAndSubstitutesAccountId(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        ProviderSpec cloudflare = dev.tollfree.core.Fixtures.withAuth(
                provider("cloudflare", upstream.url("/client/v4/accounts/{account_id}/ai/v1"), MODEL),
                dev.tollfree.core.catalog.AuthStyle.BEARER_WITH_ACCOUNT, "");
        var req = request("""
                {"model":"auto","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":[{"type":"text","text":"hello "},{"type":"text","text":"world"}]},
                  {"role":"user","content":[{"type":"text","text":"and this"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""");
        h.adapter.complete(call(cloudflare, MODEL, new Credential(3, "cf-token", Optional.of("acc123")), req));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/client/v4/accounts/acc123/ai/v1/chat/completions");
        assertThat(sent.header("Authorization")).contains("Bearer cf-token");
        JsonNode messages = sent.json().path("messages");
        assertThat(messages.path(0).path("content").stringValue()).isEqualTo("be brief");
        assertThat(messages.path(1).path("content").stringValue()).isEqualTo("hello world");
        assertThat(messages.path(2).path("content").isArray()).as("arrays with images stay arrays").isTrue();
    }

    @Test
    void complete_gemini_usesOpenAiPathAndBearerDespiteHeaderAuthInCatalog(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        ProviderSpec gemini = dev.tollfree.core.Fixtures.withAuth(provider("gemini", upstream.url("/v1beta"), MODEL),
                dev.tollfree.core.catalog.AuthStyle.HEADER, "x-goog-api-key");
        h.adapter.complete(call(gemini, MODEL, bearer("AIza-key"), chat("auto", "hi")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/openai/chat/completions");
        assertThat(sent.header("Authorization")).contains("Bearer AIza-key");
        assertThat(sent.header("x-goog-api-key")).isEmpty();
    }

    // --- auth placement ------------------------------------------------------------------------

    @Test
    void complete_bearerAuth_sendsAuthorizationBearer(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        h.adapter.complete(call(openai(upstream), MODEL, bearer("gsk_secret"), chat("auto", "hi")));
        assertThat(upstream.takeRequest().header("Authorization")).contains("Bearer gsk_secret");
    }

    @Test
    void complete_headerAuth_sendsRawKeyInNamedHeaderAndNoAuthorization(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        ProviderSpec custom = dev.tollfree.core.Fixtures.withAuth(provider("custom-h", upstream.url("/v1"), MODEL),
                dev.tollfree.core.catalog.AuthStyle.HEADER, "x-api-key");
        h.adapter.complete(call(custom, MODEL, bearer("raw-key"), chat("auto", "hi")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("x-api-key")).contains("raw-key");
        assertThat(sent.header("Authorization")).isEmpty();
    }

    @Test
    void complete_keyless_sendsNoAuthorizationHeader(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        ProviderSpec ovh = dev.tollfree.core.Fixtures.keyless("ovh", upstream.url("/v1"), MODEL);
        ChatResult result = h.adapter.complete(call(ovh, MODEL, Credential.ANONYMOUS, chat("auto", "hi")));

        assertThat(result).isInstanceOf(ChatResult.Success.class);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
    }

    @Test
    void complete_anonymousCredentialOnBearerProvider_stillSendsNoAuthorization(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "ok"));
        h.adapter.complete(call(openai(upstream), MODEL, Credential.ANONYMOUS, chat("auto", "hi")));
        assertThat(upstream.takeRequest().header("Authorization")).isEmpty();
    }

    // --- error statuses ------------------------------------------------------------------------

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
            "400, Invalid value for 'temperature', invalid_request_error, invalid_value",
            "401, Invalid API Key, invalid_request_error, invalid_api_key",
            "402, Insufficient credits, billing_error, payment_required",
            "403, Model not allowed for this project, permission_error, model_not_allowed",
            "404, The model does not exist, invalid_request_error, model_not_found",
            "413, Request too large, invalid_request_error, request_too_large",
            "422, Extra inputs are not permitted, invalid_request_error, extra_forbidden",
            "429, Rate limit reached for requests, requests, rate_limit_exceeded",
            "500, The server had an error, server_error, internal_error",
            "502, Bad gateway, server_error, bad_gateway",
            "503, The engine is currently overloaded, server_error, overloaded",
    })
    void complete_errorStatus_becomesUpstreamErrorWithDecodedMessageAndRetryAfter(int status, String message, String type, String code,
                                                                                  FakeUpstream upstream) {
        upstream.enqueue(Script.error(status, message, type, code).header("Retry-After", "7"));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));

        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.error().message()).isEqualTo(message);
        assertThat(e.error().code()).isEqualTo(code);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.summary()).startsWith("HTTP " + status + " [" + code + "]: " + message);
    }

    @Test
    void complete_429WithoutRetryAfter_hasNoStatedWait(FakeUpstream upstream) {
        upstream.enqueue(Script.error(429, "Too many requests", "rate_limit", null));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.dailyLimit()).isFalse();
    }

    @Test
    void complete_429DailyLimit_isFlaggedDaily(FakeUpstream upstream) {
        upstream.enqueue(Script.error(429, "Rate limit reached for model on requests per day (RPD): Limit 1000, Used 1000", "requests", "rate_limit_exceeded"));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.dailyLimit()).isTrue();
    }

    @Test
    void complete_flatErrorBody_isDecoded(FakeUpstream upstream) {
        upstream.enqueue(Script.json(400, "{\"object\":\"error\",\"message\":\"Please reduce the length of the messages\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}"));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.error().message()).isEqualTo("Please reduce the length of the messages");
        assertThat(e.error().code()).isEqualTo("context_length_exceeded");
    }

    @Test
    void complete_htmlErrorPage_fallsBackToText(FakeUpstream upstream) {
        upstream.enqueue(Script.text(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.error().message()).contains("502 Bad Gateway").doesNotContain("<h1>");
    }

    // --- failures inside a 200 ----------------------------------------------------------------

    @Test
    void complete_choiceCarriesError_isInBandFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, """
                {"id":"gen-1","choices":[{"index":0,"error":{"code":502,"message":"Provider returned error"},"finish_reason":"error",
                 "message":{"role":"assistant","content":""}}]}"""));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.error().message()).isEqualTo("Provider returned error");
    }

    @Test
    void complete_finishReasonError_isInBandFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"partial answ"},"finish_reason":"error"}]}"""));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().code()).isEqualTo("finish_reason_error");
    }

    @Test
    void complete_topLevelErrorIn200_isInBandFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "{\"error\":{\"message\":\"upstream timed out\",\"code\":504}}"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).isEqualTo("upstream timed out");
    }

    @Test
    void complete_miniMaxBaseResp_isInBandFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, """
                {"id":"","choices":null,"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}"""));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).contains("insufficient balance");
    }

    @Test
    void complete_baseRespWithZeroStatus_isNotAnError(FakeUpstream upstream) {
        ChatResult result = complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"ok"}}],"base_resp":{"status_code":0,"status_msg":"success"}}""");
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void complete_emptyCompletion_isMalformed(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}]}"""));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("empty_completion");
    }

    @Test
    void complete_noChoices_isMalformed(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "{\"id\":\"x\",\"choices\":[]}"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("no_choices");
    }

    @Test
    void complete_malformedJson_isMalformed(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "{\"choices\":[{\"message\":"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("malformed_body");
    }

    @Test
    void complete_jsonArrayBody_isMalformed(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "[{\"choices\":[]}]"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
    }

    // --- transport failures ------------------------------------------------------------------

    @Test
    void complete_noResponse_isFirstByteTimeoutAndTheConnectionIsDropped(FakeUpstream upstream) {
        upstream.enqueue(Script.noResponse());
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"),
                Duration.ofMillis(300), Duration.ofSeconds(5))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
        assertThat(e.status()).isZero();
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
    }

    @Test
    void complete_bodyStallsAfterHeaders_isIdleTimeout(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "never arrives").stallAfter(0));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"),
                Duration.ofSeconds(5), Duration.ofMillis(300))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
    }

    @Test
    void complete_connectionRefused_isConnect() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        ProviderSpec gone = provider("acme", "http://127.0.0.1:" + port + "/v1", MODEL);
        UpstreamError e = failure(h.adapter.complete(call(gone, MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.CONNECT);
        assertThat(e.status()).isZero();
    }

    @Test
    void complete_reset_isConnectionLost(FakeUpstream upstream) {
        upstream.enqueue(Script.reset());
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
        assertThat(e.status()).isZero();
    }

    @Test
    void complete_bodyCutMidway_isConnectionLost(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("upstream-model-id", "cut").cutAfter(0));
        UpstreamError e = failure(h.adapter.complete(call(openai(upstream), MODEL, bearer("sk-test"), chat("auto", "hi"))));
        assertThat(e.kind()).isIn(UpstreamError.Kind.CONNECTION_LOST, UpstreamError.Kind.MALFORMED);
    }

    // --- models and key validation -----------------------------------------------------------

    @Test
    void validateKey_modelList_isValid(FakeUpstream upstream) {
        upstream.enqueue(Script.models("a", "b", "c"));
        KeyValidation v = h.adapter.validateKey(openai(upstream), bearer("sk-test"));
        assertThat(v.status()).isEqualTo("valid");
        assertThat(upstream.takeRequest().path()).isEqualTo("/v1/models");
    }

    @Test
    void validateKey_401_isInvalid(FakeUpstream upstream) {
        upstream.enqueue(Script.error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key"));
        assertThat(h.adapter.validateKey(openai(upstream), bearer("sk-bad")).status()).isEqualTo("invalid");
    }

    @Test
    void listModels_bareArray_isRead(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, "[{\"id\":\"openai/gpt-4.1\"},{\"name\":\"meta/llama\"},{}]"));
        ModelListing listing = h.adapter.listModels(openai(upstream), bearer("sk-test"));
        assertThat(listing).isEqualTo(new ModelListing.Models(java.util.List.of("openai/gpt-4.1", "meta/llama")));
    }
}
