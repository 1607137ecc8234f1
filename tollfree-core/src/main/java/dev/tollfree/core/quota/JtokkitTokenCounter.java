package dev.tollfree.core.quota;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.ModelSpec;
import tools.jackson.databind.JsonNode;

/**
 * {@link TokenCounter} over jtokkit's {@code o200k_base}. Text is encoded as ordinary text (a
 * special-token string in a prompt counts as the characters it is). Huge texts take the fast path:
 * {@value #SAMPLES} slices of {@value #SAMPLE_CHARS} characters, evenly spaced, give the tokens per
 * character, scaled to the whole length. Once a request has had {@value #EXACT_BUDGET_CHARS}
 * characters encoded exactly, its remaining texts are sampled too, so no request costs more than
 * about that much encoding work.
 */
final class JtokkitTokenCounter implements TokenCounter {
    static final int SAMPLES = 16;
    static final int SAMPLE_CHARS = 1_024;
    static final long EXACT_BUDGET_CHARS = 262_144;

    /** Loaded on first use, once per process. */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private final int defaultOutputTokens;

    JtokkitTokenCounter(int defaultOutputTokens) {
        this.defaultOutputTokens = defaultOutputTokens;
    }

    /** Characters encoded exactly so far in one request. */
    private static final class Tally {
        long exactChars;

        long count(String text) {
            if (text.isEmpty()) {
                return 0;
            }
            if (text.length() <= FAST_PATH_CHARS && exactChars + text.length() <= EXACT_BUDGET_CHARS) {
                exactChars += text.length();
                return Vocabulary.O200K.countTokensOrdinary(text);
            }
            return sampled(text);
        }
    }

    @Override
    public long promptTokens(ChatRequest request) {
        Tally tally = new Tally();
        long tokens = REPLY_TOKENS;
        for (JsonNode m : request.body().path("messages")) {
            tokens += PER_MESSAGE_TOKENS;
            tokens += tally.count(m.path("name").asString(""));
            JsonNode content = m.path("content");
            if (content.isString()) {
                tokens += tally.count(content.stringValue());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    tokens += part.path("type").asString("").equals("text") ? tally.count(part.path("text").asString("")) : ATTACHMENT_TOKENS;
                }
            }
            for (String field : new String[] {"reasoning_content", "reasoning"}) {
                if (m.path(field).isString()) {
                    tokens += tally.count(m.path(field).stringValue());
                }
            }
            tokens += json(tally, m.path("tool_calls")) + json(tally, m.path("function_call"));
        }
        tokens += json(tally, request.body().path("tools")) + json(tally, request.body().path("functions"));
        JsonNode format = request.body().path("response_format");
        if (format.path("json_schema").isObject()) {
            tokens += json(tally, format);
        }
        return (long) Math.ceil(tokens * SAFETY_FACTOR);
    }

    private static long json(Tally tally, JsonNode node) {
        return (node.isArray() || node.isObject()) && !node.isEmpty() ? tally.count(node.toString()) : 0;
    }

    @Override
    public long outputTokens(ChatRequest request, ModelSpec model) {
        long wanted = request.maxOutputTokens() > 0 ? request.maxOutputTokens() : defaultOutputTokens;
        return model.maxOutput() > 0 ? Math.min(wanted, model.maxOutput()) : wanted;
    }

    @Override
    public long textTokens(String text) {
        return new Tally().count(text);
    }

    /** The fast path: tokens per character from evenly spaced slices, scaled to the whole text. */
    static long sampled(String text) {
        int n = text.length();
        if (n <= SAMPLES * SAMPLE_CHARS) {
            return Vocabulary.O200K.countTokensOrdinary(text);
        }
        long tokens = 0;
        long chars = 0;
        for (int k = 0; k < SAMPLES; k++) {
            int start = (int) ((long) (n - SAMPLE_CHARS) * k / (SAMPLES - 1));
            int end = start + SAMPLE_CHARS;
            if (Character.isLowSurrogate(text.charAt(start))) {
                start++; // never split a surrogate pair
            }
            if (end < n && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            tokens += Vocabulary.O200K.countTokensOrdinary(text.substring(start, end));
            chars += end - start;
        }
        return (long) Math.ceil((double) tokens * n / chars);
    }
}
