package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the typed events of an Anthropic stream into {@code chat.completion.chunk}s sharing one
 * id. {@code message_start} names the message and the input usage; {@code text_delta} →
 * {@code content}, {@code thinking_delta} → {@code reasoning_content}; a {@code tool_use} block
 * start opens a tool call (id, name, empty arguments) and its {@code input_json_delta} fragments
 * follow as argument deltas with the same {@code index}; {@code message_delta} carries the stop
 * reason (one finish chunk) and the running usage; {@code message_stop} ends the stream with a
 * usage chunk ({@code choices: []}). {@code ping}, {@code content_block_stop}, signature and
 * citation deltas and unknown events yield nothing; an {@code error} event breaks the stream.
 * Not thread-safe; one per stream.
 */
final class StreamTranslator {
    private final String modelId;
    private final long created;
    /** Content block index → tool call index, for {@code tool_use} blocks. */
    private final Map<Integer, Integer> tools = new HashMap<>();
    /** Tool blocks whose start already carried the whole input (some compatible servers): their deltas are ignored. */
    private final Map<Integer, Boolean> wholeInput = new HashMap<>();
    private final ObjectNode usage = Json.object();
    private String id;
    private String model;
    private boolean roleSent;
    private boolean payload;
    private boolean finished;
    private boolean toolCalls;

    StreamTranslator(String modelId, long created) {
        this.modelId = modelId;
        this.created = created;
    }

    /** What one event yields, in order; an {@link StreamItem.End} or {@link StreamItem.Broken} is always last. */
    List<StreamItem> onEvent(String name, ObjectNode event) {
        String type = event.path("type").asString(name);
        return switch (type) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                if (id == null) {
                    id = ResponseTranslator.completionId(message.path("id").asString(""));
                    model = message.path("model").asString(modelId);
                }
                mergeUsage(message.path("usage"));
                yield List.of();
            }
            case "content_block_start" -> blockStart(event.path("index").asInt(0), event.path("content_block"));
            case "content_block_delta" -> blockDelta(event.path("index").asInt(0), event.path("delta"));
            case "message_delta" -> messageDelta(event);
            case "message_stop" -> stop();
            case "error" -> List.of(new StreamItem.Broken(AnthropicHttp.inBandError(event)));
            default -> List.of(); // ping, content_block_stop, events added later
        };
    }

    private List<StreamItem> blockStart(int index, JsonNode block) {
        switch (block.path("type").asString("")) {
            case "text" -> {
                return text("content", block.path("text").asString(""));
            }
            case "thinking" -> {
                return text("reasoning_content", block.path("thinking").asString(""));
            }
            case "tool_use" -> {
                int toolIndex = tools.size();
                tools.put(index, toolIndex);
                JsonNode input = block.path("input");
                boolean whole = input.isObject() && !input.isEmpty();
                wholeInput.put(index, whole);
                ObjectNode call = Json.object().put("index", toolIndex).put("id", block.path("id").asString(""))
                        .put("type", "function");
                call.putObject("function").put("name", block.path("name").asString("")).put("arguments", whole ? Json.text(input) : "");
                return toolDelta(call);
            }
            default -> {
                return List.of(); // redacted_thinking, server tool blocks
            }
        }
    }

    private List<StreamItem> blockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asString("")) {
            case "text_delta" -> {
                return text("content", delta.path("text").asString(""));
            }
            case "thinking_delta" -> {
                return text("reasoning_content", delta.path("thinking").asString(""));
            }
            case "input_json_delta" -> {
                Integer toolIndex = tools.get(index);
                String fragment = delta.path("partial_json").asString("");
                if (toolIndex == null || fragment.isEmpty() || wholeInput.getOrDefault(index, false)) {
                    return List.of();
                }
                ObjectNode call = Json.object().put("index", toolIndex);
                call.putObject("function").put("arguments", fragment);
                return toolDelta(call);
            }
            default -> {
                return List.of(); // signature_delta, citations_delta
            }
        }
    }

    private List<StreamItem> messageDelta(JsonNode event) {
        mergeUsage(event.path("usage"));
        String reason = event.path("delta").path("stop_reason").asString("");
        if (reason.isEmpty() || finished) {
            return List.of();
        }
        if (!payload) {
            return List.of(new StreamItem.Broken(reason.equals("refusal") ? ResponseTranslator.refused()
                    : AnthropicHttp.malformed("the stream finished (stop_reason " + reason + ") before any content", "empty_completion")));
        }
        finished = true;
        return List.of(chunk(Json.object(), ResponseTranslator.finishReason(reason, toolCalls)));
    }

    private List<StreamItem> stop() {
        if (!payload) {
            return List.of(new StreamItem.Broken(AnthropicHttp.malformed("the stream ended before any content", "empty_stream")));
        }
        List<StreamItem> out = new ArrayList<>();
        if (!usage.isEmpty()) {
            ObjectNode chunk = header();
            chunk.putArray("choices");
            chunk.set("usage", ResponseTranslator.usageJson(usage(), usage.path("cache_read_input_tokens").asLong(0)));
            out.add(new StreamItem.Chunk(chunk));
        }
        out.add(new StreamItem.End(usage(), finished, true));
        return out;
    }

    private List<StreamItem> text(String field, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(chunk(delta().put(field, text), null));
    }

    private List<StreamItem> toolDelta(ObjectNode call) {
        toolCalls = true;
        ObjectNode delta = delta();
        delta.putArray("tool_calls").add(call);
        return List.of(chunk(delta, null));
    }

    /** A payload delta; the first one carries {@code role: assistant}. */
    private ObjectNode delta() {
        payload = true;
        ObjectNode delta = Json.object();
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        return delta;
    }

    /** Usage counters are cumulative: a later event's value replaces an earlier one. */
    private void mergeUsage(JsonNode u) {
        if (u.isObject()) {
            u.forEachEntry((k, v) -> {
                if (v.isNumber()) {
                    usage.set(k, v.deepCopy());
                }
            });
        }
    }

    Usage usage() {
        return usage.isEmpty() ? Usage.NONE : ResponseTranslator.usage(usage);
    }

    boolean finished() {
        return finished;
    }

    private StreamItem.Chunk chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return new StreamItem.Chunk(chunk);
    }

    private ObjectNode header() {
        if (id == null) {
            id = ResponseTranslator.completionId("");
            model = modelId;
        }
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }
}
