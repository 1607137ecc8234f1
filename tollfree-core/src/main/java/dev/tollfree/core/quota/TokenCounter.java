package dev.tollfree.core.quota;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.ModelSpec;

/**
 * Token estimates for reserving quota before a call. Prompts are counted with OpenAI's
 * {@code o200k_base} encoding and then raised by {@link #SAFETY_FACTOR}, because the providers
 * count with their own tokenizers (Llama, Gemma, Qwen, Mistral), which differ from it; measured
 * margins and the reasoning are in docs/quota.md. Thread-safe.
 */
public interface TokenCounter {
    /** Output tokens reserved when the request sets no {@code max_tokens}/{@code max_completion_tokens}. */
    int DEFAULT_OUTPUT_TOKENS = 512;
    /** Prompt counts are multiplied by this (and rounded up). */
    double SAFETY_FACTOR = 1.10;
    /** What one image (or any other non-text content part: audio, file) counts as. */
    long ATTACHMENT_TOKENS = 765;
    /** Tokens of chat framing per message (role, separators). */
    long PER_MESSAGE_TOKENS = 4;
    /** Tokens that prime the assistant's reply. */
    long REPLY_TOKENS = 3;
    /** A text longer than this many characters is estimated from samples instead of encoded whole. */
    int FAST_PATH_CHARS = 65_536;

    /**
     * The prompt's tokens: every message's text, name and tool calls, the tool and response-format
     * JSON, {@link #ATTACHMENT_TOKENS} per image, framing per message, all times {@link #SAFETY_FACTOR}.
     */
    long promptTokens(ChatRequest request);

    /**
     * The output tokens to reserve: the request's {@code max_completion_tokens}/{@code max_tokens},
     * else the configured default, in both cases no more than the model's max output when known.
     */
    long outputTokens(ChatRequest request, ModelSpec model);

    /**
     * Tokens of {@code text} in {@code o200k_base}, without the safety factor: exact up to
     * {@link #FAST_PATH_CHARS} characters, estimated from evenly spaced samples beyond.
     */
    long textTokens(String text);

    /**
     * The character estimate: about 3.2 characters per token, 4 tokens of framing per message,
     * {@link #ATTACHMENT_TOKENS} when images are present and a third of the tools' JSON length. No
     * tokenizer runs; used where no token budget is checked (the context-window filter, a
     * reservation without token limits, usage a provider did not report).
     */
    static long estimate(ChatRequest request) {
        long messages = request.body().path("messages").size();
        long images = request.hasImages() ? ATTACHMENT_TOKENS : 0;
        long tools = request.toolsJsonChars() / 3;
        return (long) Math.ceil(request.textChars() / 3.2) + PER_MESSAGE_TOKENS * messages + images + tools;
    }

    /** A counter that reserves {@link #DEFAULT_OUTPUT_TOKENS} when a request sets no output limit. */
    static TokenCounter create() {
        return create(DEFAULT_OUTPUT_TOKENS);
    }

    /**
     * A counter with another default output reservation. The encoding's vocabulary (about 3.6 MB)
     * is loaded on the first count; call {@link #textTokens} once at start to load it early.
     */
    static TokenCounter create(int defaultOutputTokens) {
        if (defaultOutputTokens < 1) {
            throw new IllegalArgumentException("the default output token reservation must be at least 1, was " + defaultOutputTokens);
        }
        return new JtokkitTokenCounter(defaultOutputTokens);
    }
}
