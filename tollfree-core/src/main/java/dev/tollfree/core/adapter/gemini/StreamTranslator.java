package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the {@code GenerateContentResponse} events of a Gemini stream into
 * {@code chat.completion.chunk}s that share one id: the first delta of each choice carries
 * {@code role: assistant}, thoughts go to {@code reasoning_content}, each function call arrives
 * whole as one {@code tool_calls} entry, a finish reason gets its own chunk. Gemini repeats its
 * cumulative {@code usageMetadata} on every event; the last one becomes one usage chunk with
 * {@code choices: []} at the end ({@link #finish()}). Not thread-safe; one per stream.
 */
final class StreamTranslator {
    private final String modelId;
    private final long created;
    private final SignatureCache signatures;
    private final Map<Integer, Choice> choices = new HashMap<>();
    private String id;
    private String model;
    private JsonNode lastUsage = MissingNode.getInstance();
    private boolean payload;
    private boolean finished;

    private static final class Choice {
        boolean roleSent;
        boolean finished;
        boolean toolCalls;
        int nextToolIndex;
    }

    StreamTranslator(String modelId, long created, SignatureCache signatures) {
        this.modelId = modelId;
        this.created = created;
        this.signatures = signatures;
    }

    /** The chunks one event yields, in order; or a single {@link StreamItem.Broken} for a refusal or an empty finish. */
    List<StreamItem> onEvent(ObjectNode event) {
        if (event.path("usageMetadata").isObject()) {
            lastUsage = event.get("usageMetadata");
        }
        if (id == null) {
            id = Ids.completion(event.path("responseId").asString(""));
            model = event.path("modelVersion").asString(GeminiHttp.bareModel(modelId));
        }
        List<StreamItem> out = new ArrayList<>();
        JsonNode candidates = event.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (event.path("promptFeedback").path("blockReason").isString()) {
                return List.of(new StreamItem.Broken(ResponseTranslator.blockedPrompt(event.path("promptFeedback"))));
            }
            return out; // a usage-only event
        }
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            int index = candidate.path("index").asInt(i);
            Choice choice = choices.computeIfAbsent(index, k -> new Choice());
            ResponseTranslator.Pieces pieces = ResponseTranslator.pieces(candidate.path("content").path("parts"), signatures, true);
            if (!pieces.isEmpty()) {
                out.add(chunk(index, delta(choice, pieces), null));
                payload = true;
            }
            String reason = candidate.path("finishReason").asString("");
            if (!reason.isEmpty() && !choice.finished) {
                if (!payload) {
                    return List.of(new StreamItem.Broken(ResponseTranslator.FILTERED.contains(reason)
                            ? ResponseTranslator.blockedAnswer(reason)
                            : ResponseTranslator.malformed("the stream finished (finishReason " + reason + ") before any content", "empty_completion")));
                }
                choice.finished = true;
                finished = true;
                out.add(chunk(index, Json.object(), ResponseTranslator.finishReason(reason, choice.toolCalls)));
            }
        }
        return out;
    }

    private static ObjectNode delta(Choice choice, ResponseTranslator.Pieces pieces) {
        ObjectNode delta = Json.object();
        if (!choice.roleSent) {
            delta.put("role", "assistant");
            choice.roleSent = true;
        }
        if (!pieces.reasoning().isEmpty()) {
            delta.put("reasoning_content", pieces.reasoning());
        }
        if (!pieces.text().isEmpty()) {
            delta.put("content", pieces.text());
        }
        if (!pieces.toolCalls().isEmpty()) {
            var calls = delta.putArray("tool_calls");
            for (ObjectNode call : pieces.toolCalls()) {
                call.put("index", choice.nextToolIndex++); // numbered across the whole message
                calls.add(call);
            }
            choice.toolCalls = true;
        }
        return delta;
    }

    /** What follows the last event of a cleanly ended stream: the usage chunk, when Gemini reported usage. */
    List<StreamItem> finish() {
        if (id == null || !lastUsage.isObject()) {
            return List.of();
        }
        ObjectNode chunk = header();
        chunk.putArray("choices");
        chunk.set("usage", ResponseTranslator.usageJson(lastUsage));
        return List.of(new StreamItem.Chunk(chunk));
    }

    Usage usage() {
        return ResponseTranslator.usage(lastUsage);
    }

    boolean finished() {
        return finished;
    }

    private StreamItem.Chunk chunk(int index, ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
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
