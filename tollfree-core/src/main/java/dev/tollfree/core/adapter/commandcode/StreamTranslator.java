package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns CommandCode's NDJSON events into {@code chat.completion.chunk}s that share one id: the
 * first delta carries {@code role: assistant}; {@code text-delta} → {@code content}; reasoning
 * events → {@code reasoning_content}; each complete {@code tool-call} (or legacy {@code tool-use})
 * → one whole {@code tool_calls} entry with a fresh {@code call_…} id. Argument fragments
 * ({@code tool-input-start}/{@code -delta}, legacy {@code tool-delta}) are only kept in case no
 * complete event follows: the finish then sends them whole. {@code finish} yields the finish chunk
 * and, when usage was reported, a usage chunk with {@code choices: []}. An {@code error} event,
 * {@code finishReason: "error"}, or a finish before anything was produced is a single
 * {@link StreamItem.Broken}. Unknown types are ignored. Not thread-safe; one per stream.
 */
final class StreamTranslator {
    private final String id = Ids.completion();
    private final String model;
    private final long created;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private JsonNode usage = MissingNode.getInstance();
    private boolean roleSent;
    private int nextToolIndex;
    private boolean payload;
    private boolean finished;

    /** A tool call whose arguments arrive in fragments. */
    private static final class Partial {
        String name;
        final StringBuilder arguments = new StringBuilder();

        Partial(String name) {
            this.name = name;
        }
    }

    StreamTranslator(String model, long created) {
        this.model = model;
        this.created = created;
    }

    List<StreamItem> onEvent(ObjectNode event) {
        if (finished) {
            return List.of();
        }
        String type = Events.type(event);
        if (Events.REASONING.contains(type)) {
            return delta("reasoning_content", Events.reasoning(event));
        }
        return switch (type) {
            case "text-delta" -> delta("content", Events.text(event));
            case "tool-input-start" -> {
                partials.computeIfAbsent(Events.toolId(event), k -> new Partial("")).name = Events.toolName(event);
                yield List.of();
            }
            case "tool-input-delta", "tool-delta" -> {
                Partial p = partials.computeIfAbsent(Events.toolId(event), k -> new Partial(Events.toolName(event)));
                p.name = p.name.isEmpty() ? Events.toolName(event) : p.name;
                p.arguments.append(Events.toolDelta(event));
                yield List.of();
            }
            case "tool-call", "tool-use" -> {
                partials.remove(Events.toolId(event));
                yield List.of(toolCall(Events.toolName(event), Events.toolInput(event)));
            }
            case "finish" -> finish(event);
            case "error" -> List.of(new StreamItem.Broken(CommandCodeHttp.inBandError(event)));
            default -> List.of(); // start, start-step, finish-step, tool-input-end, … carry nothing to relay
        };
    }

    private List<StreamItem> finish(ObjectNode event) {
        List<StreamItem> out = new ArrayList<>();
        for (Partial p : partials.values()) {
            if (!p.name.isEmpty()) {
                String args = p.arguments.toString().strip();
                out.add(toolCall(p.name, args.isEmpty() ? "{}" : args));
            }
        }
        partials.clear();
        String reason = event.path("finishReason").asString(event.path("finish_reason").asString(""));
        if (reason.equals("error")) {
            return List.of(new StreamItem.Broken(UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200,
                    new ProviderError("CommandCode ended the answer with finishReason \"error\"", "finish_reason_error", "", Optional.empty()))));
        }
        if (!payload) {
            return List.of(new StreamItem.Broken(CommandCodeHttp.malformed(
                    "the stream finished (finishReason " + (reason.isEmpty() ? "none" : reason) + ") before any content", "empty_completion")));
        }
        usage = Events.usageNode(event);
        finished = true;
        out.add(chunk(Json.object(), Events.finishReason(reason, nextToolIndex > 0)));
        ObjectNode usageJson = Events.usageJson(usage);
        if (usageJson != null) {
            ObjectNode chunk = header();
            chunk.putArray("choices");
            chunk.set("usage", usageJson);
            out.add(new StreamItem.Chunk(chunk));
        }
        return out;
    }

    private List<StreamItem> delta(String field, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        ObjectNode delta = opening();
        delta.put(field, text);
        payload = true;
        return List.of(chunk(delta, null));
    }

    private StreamItem.Chunk toolCall(String name, String arguments) {
        ObjectNode delta = opening();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", nextToolIndex++).put("id", Ids.toolCall()).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        payload = true;
        return chunk(delta, null);
    }

    private ObjectNode opening() {
        ObjectNode delta = Json.object();
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        return delta;
    }

    Usage usage() {
        return Events.usage(usage);
    }

    boolean finished() {
        return finished;
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    long created() {
        return created;
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
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }
}
