package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Usage;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tolerant readers for the fields of CommandCode's NDJSON events. Nothing here is documented by
 * CommandCode: the names come from observed traffic and vary between server versions, so each
 * reader accepts every spelling seen so far.
 */
final class Events {
    /** Event types that carry reasoning text. */
    static final Set<String> REASONING = Set.of("reasoning-delta", "reasoning-deltas", "reasoning", "thinking-delta");
    /** Keys that hold reasoning text, tried in order. */
    static final List<String> REASONING_KEYS = List.of("reasoning", "reasoningContent", "reasoning_content", "text", "thinking",
            "redacted_thinking", "delta");

    private Events() {}

    /** A JSON line as an event: an optional SSE {@code data:} prefix is removed; null for anything without a string {@code type}. */
    static ObjectNode parse(String line) {
        String text = line.strip();
        if (text.startsWith("data:")) {
            text = text.substring("data:".length()).strip();
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            return null;
        }
        return Json.tryParse(text).filter(n -> n instanceof ObjectNode o && o.path("type").isString())
                .map(n -> (ObjectNode) n).orElse(null);
    }

    static String type(JsonNode event) {
        return event.path("type").asString("");
    }

    /** Text of a {@code text-delta}: {@code text}, else the older {@code textDelta} or {@code delta}. */
    static String text(JsonNode event) {
        return firstString(event, List.of("text", "textDelta", "delta"));
    }

    /** Reasoning text under any of {@link #REASONING_KEYS}; a value may be a string or an object with {@code text}/{@code thinking}. */
    static String reasoning(JsonNode event) {
        for (String key : REASONING_KEYS) {
            JsonNode value = event.path(key);
            if (value.isObject()) {
                value = value.path("text").isString() ? value.path("text") : value.path("thinking");
            }
            if (value.isString() && !value.stringValue().isEmpty()) {
                return value.stringValue();
            }
        }
        return "";
    }

    /** The call id of a tool event: {@code toolCallId}, else {@code id}. */
    static String toolId(JsonNode event) {
        return firstString(event, List.of("toolCallId", "id", "tool_call_id"));
    }

    static String toolName(JsonNode event) {
        return firstString(event, List.of("toolName", "name", "tool_name"));
    }

    /** An argument fragment of {@code tool-input-delta} / {@code tool-delta}. */
    static String toolDelta(JsonNode event) {
        return firstString(event, List.of("delta", "inputTextDelta", "argsTextDelta", "partial_json"));
    }

    /** The complete input of a {@code tool-call}/{@code tool-use}: an object (serialised), or already a JSON string. */
    static String toolInput(JsonNode event) {
        for (String key : List.of("input", "args", "arguments")) {
            JsonNode value = event.path(key);
            if (value.isObject() || value.isArray()) {
                return Json.text(value);
            }
            if (value.isString()) {
                return value.stringValue().isBlank() ? "{}" : value.stringValue();
            }
        }
        return "{}";
    }

    /**
     * OpenAI's finish reason for CommandCode's: any tool call seen means {@code tool_calls};
     * {@code length}/{@code max_tokens} → {@code length}; content filters → {@code content_filter};
     * everything else (stop, other, unknown, missing) → {@code stop}.
     */
    static String finishReason(String raw, boolean toolCalls) {
        if (toolCalls) {
            return "tool_calls";
        }
        return switch (raw.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "length", "max_tokens", "max_output_tokens" -> "length";
            case "content_filter", "safety" -> "content_filter";
            default -> "stop";
        };
    }

    /** {@code totalUsage} (else {@code usage}) with camelCase or snake_case names; {@link Usage#NONE} without counts. */
    static JsonNode usageNode(JsonNode finish) {
        return finish.path("totalUsage").isObject() ? finish.path("totalUsage") : finish.path("usage");
    }

    static Usage usage(JsonNode usage) {
        long input = count(usage, "inputTokens", "promptTokens", "input_tokens", "prompt_tokens");
        long output = count(usage, "outputTokens", "completionTokens", "output_tokens", "completion_tokens");
        if (input < 0 && output < 0) {
            return Usage.NONE;
        }
        return new Usage(Math.max(0, input), Math.max(0, output), false);
    }

    /** The OpenAI {@code usage} object; null when CommandCode reported no counts. */
    static ObjectNode usageJson(JsonNode usage) {
        Usage u = usage(usage);
        if (u.estimated()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens()).put("total_tokens", u.total());
        long reasoning = count(usage, "reasoningTokens", "reasoning_tokens");
        if (reasoning > 0) {
            out.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        }
        long cached = count(usage, "cachedInputTokens", "cached_input_tokens", "cache_read_input_tokens");
        if (cached > 0) {
            out.putObject("prompt_tokens_details").put("cached_tokens", cached);
        }
        return out;
    }

    private static long count(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (value.isNumber()) {
                return value.asLong();
            }
        }
        return -1;
    }

    private static String firstString(JsonNode event, List<String> keys) {
        for (String key : keys) {
            JsonNode value = event.path(key);
            if (value.isString()) {
                return value.stringValue();
            }
        }
        return "";
    }
}
