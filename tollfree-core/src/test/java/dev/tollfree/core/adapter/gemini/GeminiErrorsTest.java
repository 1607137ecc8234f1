package dev.tollfree.core.adapter.gemini;

import static dev.tollfree.core.adapter.gemini.GeminiHarness.KEY;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.call;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.chat;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.fixture;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.gemini;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.UpstreamError;
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

/** Error statuses (google.rpc.Status bodies), the model list with its pages, and key validation. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class GeminiErrorsTest {
    private static GeminiHarness h;

    @BeforeAll
    static void start() {
        h = new GeminiHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static UpstreamError completeFails(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
        ChatResult result = h.adapter.complete(call(upstream, "gemini-2.5-flash", chat("hi", false)));
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            api-key-invalid.json      | 400 | API_KEY_INVALID  | INVALID_ARGUMENT    | API key not valid
            service-disabled.json     | 403 | SERVICE_DISABLED | PERMISSION_DENIED   | has not been used in project
            location-unsupported.json | 400 | 400              | FAILED_PRECONDITION | User location is not supported
            model-not-found.json      | 404 | 404              | NOT_FOUND           | is not found for API version v1beta
            internal.json             | 500 | 500              | INTERNAL            | An internal error has occurred
            overloaded.json           | 503 | 503              | UNAVAILABLE         | The model is overloaded
            """)
    void errorStatus_isDecodedFromTheGoogleRpcBody(String file, int status, String code, String type, String message,
                                                   FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(status, fixture("errors/" + file)));

        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.error().code()).isEqualTo(code);
        assertThat(e.error().type()).isEqualTo(type);
        assertThat(e.error().message()).contains(message);
        assertThat(e.dailyLimit()).isFalse();
    }

    @Test
    void quotaPerMinute_takesTheRetryDelayFromRetryInfo(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(429, fixture("errors/quota-per-minute.json")));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.error().type()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(38));
        assertThat(e.dailyLimit()).isFalse();
    }

    @Test
    void quotaPerDay_isADailyLimit_evenWithAShortRetryDelay(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(429, fixture("errors/quota-per-day.json")));
        assertThat(e.dailyLimit()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
    }

    // Whether Gemini also sends Retry-After on a 429 is unconfirmed: a header alone is honoured,
    // and with both the longer wait wins.
    @Test
    void retryAfterHeaderWithoutRetryInfo_isHonoured(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(429,
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
                .header("Retry-After", "12"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterHeaderAndRetryInfo_theLongerWaitWins(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(429, fixture("errors/quota-per-minute.json")).header("Retry-After", "5"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(38));
    }

    @Test
    void errorBodyWrappedInAnArray_isDecodedToo(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(400, "[" + fixture("errors/api-key-invalid.json") + "]"));
        assertThat(e.error().code()).isEqualTo("API_KEY_INVALID");
    }

    @Test
    void connectionRefused_isAConnectFailure() {
        FakeUpstream closed = FakeUpstream.start();
        closed.close();
        ChatResult result = h.adapter.complete(call(closed, "gemini-2.5-flash", chat("hi", false)));
        assertThat(((ChatResult.Failure) result).error().kind()).isEqualTo(UpstreamError.Kind.CONNECT);
    }

    // --- model list and key validation ----------------------------------------------------------

    @Test
    void listModels_followsPageTokens_andStripsTheModelsPrefix(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("models/page-1.json"))).enqueue(Script.json(200, fixture("models/page-2.json")));

        ModelListing listing = h.adapter.listModels(gemini(upstream), KEY);

        assertThat(listing).isEqualTo(new ModelListing.Models(java.util.List.of("gemini-2.5-flash", "gemma-3-27b-it", "gemini-embedding-001")));
        RecordedRequest first = upstream.takeRequest();
        RecordedRequest second = upstream.takeRequest();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/v1beta/models");
        assertThat(first.query()).isEqualTo("pageSize=1000");
        assertThat(first.header("x-goog-api-key")).contains("AIza-test-key");
        assertThat(second.query()).isEqualTo("pageSize=1000&pageToken=Cg9nZW1tYS0zLTI3Yi1pdA%3D%3D");
    }

    @Test
    void listModels_errorOnALaterPage_isAFailure(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("models/page-1.json"))).enqueue(Script.json(503, fixture("errors/overloaded.json")));
        ModelListing listing = h.adapter.listModels(gemini(upstream), KEY);
        assertThat(listing).isInstanceOf(ModelListing.Failure.class);
        assertThat(((ModelListing.Failure) listing).error().status()).isEqualTo(503);
    }

    @Test
    void validateKey_aListedKeyIsValid(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("models/page-2.json")));
        KeyValidation v = h.adapter.validateKey(gemini(upstream), KEY);
        assertThat(v.status()).isEqualTo("valid");
        assertThat(v.detail()).isEqualTo("1 models listed");
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            api-key-invalid.json      | 400 | invalid | API_KEY_INVALID
            service-disabled.json     | 403 | invalid | SERVICE_DISABLED
            api-key-invalid.json      | 401 | invalid | API key not valid
            location-unsupported.json | 400 | unknown | User location
            quota-per-minute.json     | 429 | unknown | exceeded your current quota
            internal.json             | 500 | unknown | internal error
            """)
    void validateKey_outcomes(String file, int status, String outcome, String detail, FakeUpstream upstream) {
        upstream.enqueue(Script.json(status, fixture("errors/" + file)));
        KeyValidation v = h.adapter.validateKey(gemini(upstream), KEY);
        assertThat(v.status()).isEqualTo(outcome);
        assertThat(v.detail()).contains(detail);
    }

    @Test
    void validateKey_transportTroubleIsUnknown_neverInvalid() {
        FakeUpstream closed = FakeUpstream.start();
        ProviderSpec provider = gemini(closed);
        closed.close();
        KeyValidation v = h.adapter.validateKey(provider, KEY);
        assertThat(v.status()).isEqualTo("unknown");
    }

    @Test
    void validateKey_aModelListThatIsNotJsonIsUnknown(FakeUpstream upstream) {
        upstream.enqueue(Script.text(200, "text/html", "<html>captive portal</html>"));
        assertThat(h.adapter.validateKey(gemini(upstream), new dev.tollfree.core.adapter.Credential(2, "k", Optional.empty())).status())
                .isEqualTo("unknown");
    }
}
