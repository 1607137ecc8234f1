package dev.tollfree.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * What the fake upstream answers to one request: a status, headers, a body, and optional faults.
 *
 * <p>Immutable: every modifier returns a new script, so one script can be enqueued many times or
 * shared as a default. Settings are checked at once and rejected with a message that says why.
 * Modifiers that concern streams ({@link #gap}, {@link #noDone}, {@link #cutAfter}...) count a
 * fixed body (JSON, text) as a single event; they have no effect on {@link #reset()} and
 * {@link #noResponse()}.
 */
public final class Script {
    static final int NONE = -1;

    // Never mutated once a script is returned: modifiers change a fresh copy (see copy()).
    private Body body;
    private int status;
    private List<Map.Entry<String, String>> headers;
    private Duration delay = Duration.ZERO;
    private Duration gap = Duration.ZERO;
    private boolean done = true;
    private boolean spaceAfterData = true;
    private int cutAfter = NONE;
    private int stallAfter = NONE;
    private int pauseAfter = NONE;
    private CountDownLatch resume;

    private Script(int status, Body body) {
        this.status = checkStatus(status);
        this.body = body;
        this.headers = List.of();
    }

    // ---- factories -------------------------------------------------------------------------

    /** {@code application/json} with {@code Content-Length}; the body is sent as given, valid JSON or not. */
    public static Script json(int status, String body) {
        return text(status, "application/json", body);
    }

    public static Script text(int status, String contentType, String body) {
        return new Script(status, new Body.Fixed(Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body")));
    }

    /** A 200 {@code chat.completion}; usage is 10 prompt tokens and one completion token per word of content. */
    public static Script chatCompletion(String model, String content) {
        return chatCompletion(model, content, OpenAiBodies.PROMPT_TOKENS, OpenAiBodies.words(content));
    }

    public static Script chatCompletion(String model, String content, int promptTokens, int completionTokens) {
        return json(200, OpenAiBodies.chatCompletion(model, content, promptTokens, completionTokens));
    }

    /** A 200 {@code chat.completion} with one tool call and {@code finish_reason: tool_calls}; usage 10 + 5. */
    public static Script toolCall(String model, String toolName, String argumentsJson) {
        return json(200, OpenAiBodies.toolCall(model, toolName, argumentsJson, OpenAiBodies.PROMPT_TOKENS, 5));
    }

    /** A 200 event stream: each payload as {@code data: <payload>\n\n}, then {@code data: [DONE]\n\n}. */
    public static Script sse(List<String> dataPayloads) {
        return new Script(200, new Body.Events(dataPayloads));
    }

    /**
     * A 200 OpenAI chat stream: a role chunk, one chunk per delta, a finish chunk ({@code stop}), a
     * usage chunk with {@code choices: []} (10 prompt tokens, one completion token per delta), then
     * {@code [DONE]}. All chunks share one id.
     */
    public static Script chatStream(String model, List<String> deltas) {
        return sse(OpenAiBodies.chatStream(model, deltas, OpenAiBodies.PROMPT_TOKENS));
    }

    /** The OpenAI error envelope {@code {"error":{"message","type","param":null,"code"}}}; a null type or code is sent as JSON null. */
    public static Script error(int status, String message, String type, String code) {
        return json(status, OpenAiBodies.error(Objects.requireNonNull(message, "message"), type, code));
    }

    /** A 200 {@code GET /models} list. */
    public static Script models(String... ids) {
        return json(200, OpenAiBodies.models(List.of(ids)));
    }

    /** A 200 {@code application/x-ndjson} stream (Ollama native, CommandCode): each line plus {@code \n}, one chunk each. */
    public static Script ndjson(List<String> lines) {
        return new Script(200, new Body.Raw("application/x-ndjson", lines.stream().map(l -> l + "\n").toList()));
    }

    /** Accept the request, then abort the connection with a TCP RST (SO_LINGER 0) before any response byte. */
    public static Script reset() {
        return new Script(200, new Body.Reset());
    }

    /** Read the request and never answer, until the client leaves or the fake is closed. */
    public static Script noResponse() {
        return new Script(200, new Body.Silent());
    }

    // ---- modifiers -------------------------------------------------------------------------

    public Script status(int status) {
        Script s = copy();
        s.status = checkStatus(status);
        return s;
    }

    /** Adds a response header; a header of the same name (any case) set earlier, or by default, is replaced. */
    public Script header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
            throw new IllegalArgumentException("header name must be a non-empty token without spaces or ':', was '" + name + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value of " + name + " must not contain CR or LF");
        }
        Script s = copy();
        List<Map.Entry<String, String>> next = new ArrayList<>(headers.size() + 1);
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                next.add(h);
            }
        }
        next.add(Map.entry(name, value));
        s.headers = List.copyOf(next);
        return s;
    }

    /** Waits this long (real time) before the status line, or before the reset of {@link #reset()}. */
    public Script delay(Duration d) {
        Script s = copy();
        s.delay = checkDuration(d, "delay");
        return s;
    }

    /** Waits this long (real time) between two events of a stream. */
    public Script gap(Duration d) {
        Script s = copy();
        s.gap = checkDuration(d, "gap");
        return s;
    }

    /** Omits the final {@code data: [DONE]}; the chunked body still ends properly. */
    public Script noDone() {
        Script s = copy();
        s.done = false;
        return s;
    }

    /** Writes {@code data:{...}} instead of {@code data: {...}}, also for {@code [DONE]}. */
    public Script noSpaceAfterData() {
        Script s = copy();
        s.spaceAfterData = false;
        return s;
    }

    /**
     * After {@code events} events (0 = right after the headers; {@code [DONE]} counts as one), aborts
     * the connection with a TCP RST without finishing the body. A count past the last event cuts in
     * place of the terminating zero chunk.
     *
     * <p>A client may lose bytes it received but had not consumed when the RST lands (the JDK
     * HttpClient's body InputStream fails at once). For an exact "N events, then reset", add
     * {@link #pauseAfter pauseAfter(N, latch)} and release the latch once the client has read them.
     */
    public Script cutAfter(int events) {
        if (stallAfter != NONE) {
            throw new IllegalArgumentException("cutAfter cannot be combined with stallAfter: a stream either aborts or hangs");
        }
        Script s = copy();
        s.cutAfter = checkCount(events, "cutAfter");
        return s;
    }

    /** After {@code events} events (0 = right after the headers), sends nothing more but keeps the connection open until the client leaves or the fake closes. */
    public Script stallAfter(int events) {
        if (cutAfter != NONE) {
            throw new IllegalArgumentException("stallAfter cannot be combined with cutAfter: a stream either aborts or hangs");
        }
        Script s = copy();
        s.stallAfter = checkCount(events, "stallAfter");
        return s;
    }

    /**
     * After {@code events} events, waits until {@code resume} is released (or the fake closes), then
     * goes on. Lets a test prove that a byte went through before the next one exists, without timing.
     */
    public Script pauseAfter(int events, CountDownLatch resume) {
        Script s = copy();
        s.pauseAfter = checkCount(events, "pauseAfter");
        s.resume = Objects.requireNonNull(resume, "resume");
        return s;
    }

    /**
     * Replaces the body with raw text written verbatim, each element as its own flushed chunk and
     * counted as one event (no {@code data:} prefix, no separator, no {@code [DONE]} added).
     * Content type {@code text/event-stream} unless a {@code Content-Type} header is set.
     */
    public Script rawEvents(List<String> rawLines) {
        Script s = copy();
        s.body = new Body.Raw("text/event-stream", rawLines);
        return s;
    }

    // ---- read by the writer ----------------------------------------------------------------

    Body body() { return body; }
    int status() { return status; }
    List<Map.Entry<String, String>> headers() { return headers; }
    Duration delay() { return delay; }
    Duration gap() { return gap; }
    boolean done() { return done; }
    boolean spaceAfterData() { return spaceAfterData; }
    int cutAfter() { return cutAfter; }
    int stallAfter() { return stallAfter; }
    int pauseAfter() { return pauseAfter; }
    CountDownLatch resume() { return resume; }

    @Override
    public String toString() {
        return "Script[" + status + " " + body.getClass().getSimpleName() + ", headers=" + headers
                + (delay.isZero() ? "" : ", delay=" + delay) + (gap.isZero() ? "" : ", gap=" + gap)
                + (done ? "" : ", noDone") + (spaceAfterData ? "" : ", noSpaceAfterData")
                + (cutAfter == NONE ? "" : ", cutAfter=" + cutAfter)
                + (stallAfter == NONE ? "" : ", stallAfter=" + stallAfter)
                + (pauseAfter == NONE ? "" : ", pauseAfter=" + pauseAfter) + "]";
    }

    private Script copy() {
        Script s = new Script(status, body);
        s.headers = headers;
        s.delay = delay;
        s.gap = gap;
        s.done = done;
        s.spaceAfterData = spaceAfterData;
        s.cutAfter = cutAfter;
        s.stallAfter = stallAfter;
        s.pauseAfter = pauseAfter;
        s.resume = resume;
        return s;
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
        }
        return status;
    }

    private static Duration checkDuration(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        return d;
    }

    private static int checkCount(int events, String what) {
        if (events < 0) {
            throw new IllegalArgumentException(what + " must count 0 or more events, was " + events);
        }
        return events;
    }
}
