package dev.tollfree.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat completion request. The original JSON tree is kept (unknown fields travel
 * upstream untouched); the typed fields are what routing needs.
 *
 * @param body            the request as received (callers copy before rewriting)
 * @param model           requested model or virtual model ({@code auto})
 * @param stream          caller wants SSE
 * @param includeUsage    caller asked for {@code stream_options.include_usage}
 * @param hasTools        the request declares tools
 * @param hasImages       some message carries an image part
 * @param wantsJson       {@code response_format} asks for JSON
 * @param maxOutputTokens {@code max_completion_tokens} or {@code max_tokens}, 0 when absent
 * @param textChars       characters of text content across messages (for token estimates)
 * @param toolsJsonChars  characters of the {@code tools} array in compact JSON, 0 when there are none
 * @param hasAssistantTurn some message is an assistant turn (conversation in progress)
 * @param firstUserText   text of the first user message, empty when none
 * @param received        the bytes the body was parsed from, or null when it was built otherwise
 */
public record ChatRequest(
        ObjectNode body,
        String model,
        boolean stream,
        boolean includeUsage,
        boolean hasTools,
        boolean hasImages,
        boolean wantsJson,
        int maxOutputTokens,
        long textChars,
        long toolsJsonChars,
        boolean hasAssistantTurn,
        String firstUserText,
        ReceivedJson received) {

    /** Validates types of every field Tollfree reads; unknown fields are left alone. */
    public static ChatRequest parse(ObjectNode body) {
        return ChatRequestValidator.validate(body, null);
    }

    /** Parses and validates a request body, keeping its bytes for {@link #bytesOf}. */
    public static ChatRequest parse(byte[] bytes) {
        ObjectNode body = Json.parseObject(bytes);
        return ChatRequestValidator.validate(body, new ReceivedJson(bytes, body));
    }

    /**
     * The JSON of a body rewritten from this request's (a shallow copy with some members
     * replaced): members passed on unchanged are the caller's bytes, not a second serialisation.
     */
    public byte[] bytesOf(ObjectNode rewritten) {
        return received == null ? Json.bytes(rewritten) : received.write(rewritten);
    }

    /** The JSON value at a field, or a missing node. */
    public JsonNode field(String name) {
        return body.path(name);
    }
}
