package dev.tollfree.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamError.Kind;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

    private static UpstreamError http(int status, String message, String code, String type, boolean daily) {
        return new UpstreamError(Kind.HTTP_STATUS, status, new ProviderError(message, code, type, Optional.empty()),
                Optional.empty(), daily, RateLimitSnapshot.EMPTY);
    }

    private static UpstreamError http(int status, String message) {
        return http(status, message, "", "", false);
    }

    private static UpstreamError inBand(Kind kind, String message, String code) {
        return UpstreamError.inBand(kind, 200, new ProviderError(message, code, "", Optional.empty()));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // credentials and money
                Arguments.of("401 invalid key", http(401, "Invalid API Key", "invalid_api_key", "invalid_request_error", false), FailureClass.CREDENTIAL),
                Arguments.of("498 Cohere invalid token", http(498, "invalid api token"), FailureClass.CREDENTIAL),
                Arguments.of("402 out of credits", http(402, "Insufficient credits. Add more using https://openrouter.ai/credits"), FailureClass.OUT_OF_CREDITS),
                Arguments.of("403 naming the API key", http(403, "Your API key was reported as leaked. Please use another API key."), FailureClass.CREDENTIAL),
                Arguments.of("403 unauthorized", http(403, "Unauthorized", "unauthorized", "", false), FailureClass.CREDENTIAL),
                Arguments.of("403 model for this key", http(403, "This model is only available to subscribers", "model_not_allowed", "", false), FailureClass.MODEL_FORBIDDEN),
                Arguments.of("403 content policy", http(403, "Request blocked by content policy"), FailureClass.CONTENT_POLICY),
                // model existence
                Arguments.of("404 model gone", http(404, "The model `llama-2` does not exist", "model_not_found", "", false), FailureClass.MODEL_GONE),
                Arguments.of("410 model retired", http(410, "This model has reached its end of life"), FailureClass.MODEL_GONE),
                // size
                Arguments.of("413 too large", http(413, "Request Entity Too Large"), FailureClass.CONTEXT_TOO_LARGE),
                Arguments.of("400 context_length_exceeded code", http(400, "This model's maximum context length is 8192 tokens.", "context_length_exceeded", "invalid_request_error", false), FailureClass.CONTEXT_TOO_LARGE),
                Arguments.of("400 prose context window", http(400, "Please reduce the length of the messages or completion: exceeds the context window"), FailureClass.CONTEXT_TOO_LARGE),
                Arguments.of("400 GitHub tokens_limit_reached", http(400, "Request body too large for gpt-4o model. Max size: 8000 tokens.", "tokens_limit_reached", "", false), FailureClass.CONTEXT_TOO_LARGE),
                Arguments.of("400 prompt is too long", http(400, "prompt is too long: 210000 tokens > 200000 maximum"), FailureClass.CONTEXT_TOO_LARGE),
                // content
                Arguments.of("400 content_filter", http(400, "The response was filtered due to the prompt triggering content management policy", "content_filter", "", false), FailureClass.CONTENT_POLICY),
                Arguments.of("451 legal", http(451, "Blocked by content policy in your region"), FailureClass.CONTENT_POLICY),
                Arguments.of("400 parameter merely named safety", http(400, "Invalid value for 'safety_settings'", "invalid_value", "invalid_request_error", false), FailureClass.REJECTED_REQUEST),
                Arguments.of("400 flagged by moderation", http(400, "Input was flagged by moderation"), FailureClass.CONTENT_POLICY),
                // rate limits
                Arguments.of("429 per minute", http(429, "Rate limit reached for requests per minute", "rate_limit_exceeded", "requests", false), FailureClass.RATE_LIMIT),
                Arguments.of("429 daily", http(429, "Rate limit reached on requests per day (RPD)", "rate_limit_exceeded", "requests", true), FailureClass.DAILY_CAP),
                Arguments.of("503 quota", http(503, "You exceeded your current quota"), FailureClass.RATE_LIMIT),
                // request shape
                Arguments.of("400 bad parameter", http(400, "Invalid value for 'temperature'", "invalid_value", "invalid_request_error", false), FailureClass.REJECTED_REQUEST),
                Arguments.of("422 unknown field", http(422, "Extra inputs are not permitted"), FailureClass.REJECTED_REQUEST),
                Arguments.of("405 method", http(405, "Method Not Allowed"), FailureClass.REJECTED_REQUEST),
                // server side
                Arguments.of("408 request timeout", http(408, "Request Timeout"), FailureClass.TRANSIENT),
                Arguments.of("500", http(500, "The server had an error while processing your request"), FailureClass.TRANSIENT),
                Arguments.of("502", http(502, "Bad gateway"), FailureClass.TRANSIENT),
                Arguments.of("503 overloaded", http(503, "The engine is currently overloaded"), FailureClass.TRANSIENT),
                Arguments.of("504", http(504, "Gateway Timeout"), FailureClass.TRANSIENT),
                Arguments.of("529 Anthropic overloaded", http(529, "Overloaded"), FailureClass.TRANSIENT),
                // transport
                Arguments.of("connect refused", UpstreamError.transport(Kind.CONNECT, "ConnectException"), FailureClass.TRANSIENT),
                Arguments.of("first byte timeout", UpstreamError.transport(Kind.FIRST_BYTE_TIMEOUT, "no response within 60000 ms"), FailureClass.TRANSIENT),
                Arguments.of("idle timeout", UpstreamError.transport(Kind.IDLE_TIMEOUT, "stalled"), FailureClass.TRANSIENT),
                Arguments.of("connection lost", UpstreamError.transport(Kind.CONNECTION_LOST, "Connection reset"), FailureClass.TRANSIENT),
                Arguments.of("cancelled", UpstreamError.transport(Kind.CANCELLED, "cancelled"), FailureClass.CANCELLED),
                // failures inside a 200
                Arguments.of("in-band generic", inBand(Kind.IN_BAND_ERROR, "Provider returned error", ""), FailureClass.BAD_RESPONSE),
                Arguments.of("in-band rate limit", inBand(Kind.IN_BAND_ERROR, "Rate limit exceeded: free-models-per-day", "429"), FailureClass.RATE_LIMIT),
                Arguments.of("in-band quota", inBand(Kind.IN_BAND_ERROR, "insufficient quota", ""), FailureClass.RATE_LIMIT),
                Arguments.of("in-band context", inBand(Kind.IN_BAND_ERROR, "maximum context length exceeded", ""), FailureClass.CONTEXT_TOO_LARGE),
                Arguments.of("in-band content_filter code", inBand(Kind.IN_BAND_ERROR, "Output blocked", "content_filter"), FailureClass.CONTENT_POLICY),
                Arguments.of("in-band prose about safety", inBand(Kind.IN_BAND_ERROR, "Blocked for safety reasons", ""), FailureClass.BAD_RESPONSE),
                Arguments.of("malformed body", inBand(Kind.MALFORMED, "the provider answered 200 with an empty completion", "empty_completion"), FailureClass.BAD_RESPONSE));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("table")
    void classify_signal_mapsToClass(String name, UpstreamError error, FailureClass expected) {
        assertThat(FailureClassifier.classify(error)).isEqualTo(expected);
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of(FailureClass.CREDENTIAL, FailureClass.Scope.KEY),
                Arguments.of(FailureClass.RATE_LIMIT, FailureClass.Scope.KEY_MODEL),
                Arguments.of(FailureClass.CONTEXT_TOO_LARGE, FailureClass.Scope.MODEL),
                Arguments.of(FailureClass.TRANSIENT, FailureClass.Scope.PROVIDER),
                Arguments.of(FailureClass.CONTENT_POLICY, FailureClass.Scope.REQUEST));
    }

    @ParameterizedTest(name = "{0} is about the {1}")
    @MethodSource("scopes")
    void failureClass_scope_isWhatTheFailureSaysSomethingAbout(FailureClass fc, FailureClass.Scope scope) {
        assertThat(fc.scope()).isEqualTo(scope);
        assertThat(fc.wireName()).isEqualTo(fc.name().toLowerCase(java.util.Locale.ROOT));
    }
}
