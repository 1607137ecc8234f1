package dev.tollfree.core.adapter.commandcode;

import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.KEY;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.call;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.chat;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.commandcode;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.routing.FailureClass;
import dev.tollfree.core.routing.FailureClassifier;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Error statuses (body shape undocumented: JSON or plain text), the 426 version gate, and the missing model list. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class CommandCodeErrorsTest {
    private static CommandCodeHarness h;

    @BeforeAll
    static void start() {
        h = new CommandCodeHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static UpstreamError completeFails(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
        ChatResult result = h.adapter.complete(call(upstream, chat("hi", false)));
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    private static UpstreamError openFails(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
        StreamStart start = h.adapter.openStream(call(upstream, chat("hi", true)));
        assertThat(start).isInstanceOf(StreamStart.Failure.class);
        return ((StreamStart.Failure) start).error();
    }

    @Test
    void upgradeRequired426_tellsTheOperatorToUpdate_andIsARejectedRequest(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(426, fixture("errors/upgrade-required.json")));

        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(426);
        assertThat(e.error().code()).isEqualTo("upgrade_required");
        assertThat(e.error().message()).contains("0.18.10", "Update Tollfree", "x-command-code-version",
                "Your Command Code version is outdated");
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.REJECTED_REQUEST);
    }

    @Test
    void upgradeRequired426_withAnEmptyBody_failsTheStreamOpenTheSameWay(FakeUpstream upstream) {
        UpstreamError e = openFails(upstream, Script.text(426, "text/plain", ""));
        assertThat(e.error().code()).isEqualTo("upgrade_required");
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.REJECTED_REQUEST);
    }

    @Test
    void unauthorized401_plainTextBody_isACredentialFailure(FakeUpstream upstream) {
        UpstreamError e = openFails(upstream, Script.text(401, "text/plain", fixture("errors/unauthorized.txt")));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.error().message()).isEqualTo("Unauthorized");
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.CREDENTIAL);
    }

    @Test
    void rateLimited429_honoursRetryAfter(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.json(429, fixture("errors/rate-limited.json")).header("Retry-After", "30"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.error().message()).isEqualTo("Too many requests, slow down");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.RATE_LIMIT);
    }

    @Test
    void serverError500_isTransient(FakeUpstream upstream) {
        UpstreamError e = completeFails(upstream, Script.text(500, "text/plain", "Internal Server Error"));
        assertThat(e.status()).isEqualTo(500);
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void connectionRefused_isAConnectFailure() {
        FakeUpstream closed = FakeUpstream.start();
        closed.close();
        ChatResult result = h.adapter.complete(call(closed, chat("hi", false)));
        assertThat(((ChatResult.Failure) result).error().kind()).isEqualTo(UpstreamError.Kind.CONNECT);
    }

    @Test
    void listModels_isUnsupported_withoutACall(FakeUpstream upstream) {
        ModelListing listing = h.adapter.listModels(commandcode(upstream), KEY);

        assertThat(listing).isInstanceOf(ModelListing.Failure.class);
        UpstreamError e = ((ModelListing.Failure) listing).error();
        assertThat(e.error().code()).isEqualTo("unsupported");
        assertThat(e.error().message()).contains("no model-list endpoint");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void validateKey_isUnknownWithTheReason_neverInvalid(FakeUpstream upstream) {
        KeyValidation v = h.adapter.validateKey(commandcode(upstream), KEY);
        assertThat(v.status()).isEqualTo("unknown");
        assertThat(v.detail()).contains("no model-list endpoint");
        assertThat(upstream.requestCount()).isZero();
    }
}
