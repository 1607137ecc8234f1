package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-stream normalisation of chunks: reasoning fields of every delta, and a leading
 * {@code <think>} block split off the content even when its tags arrive cut across chunks. Text a
 * splitter still holds is released with the chunk that carries the choice's {@code finish_reason},
 * or in one extra chunk if the stream ends without one.
 */
final class StreamNormalizer {
    private final Map<Integer, ThinkTagSplitter> splitters = new TreeMap<>();
    private ObjectNode last;

    /** Normalises one chunk in place. */
    void chunk(ObjectNode chunk) {
        last = chunk;
        for (JsonNode choice : chunk.path("choices")) {
            if (!(choice instanceof ObjectNode c)) {
                continue;
            }
            int index = c.path("index").asInt(0);
            ThinkTagSplitter splitter = splitters.computeIfAbsent(index, i -> new ThinkTagSplitter());
            ObjectNode delta = c.path("delta") instanceof ObjectNode d ? d : null;
            if (delta != null) {
                Normalizer.reasoningFields(delta);
                if (delta.path("content").isString() && !delta.path("content").stringValue().isEmpty()) {
                    apply(delta, splitter.accept(delta.path("content").stringValue()), true);
                }
            }
            if (c.path("finish_reason").isString()) {
                ThinkTagSplitter.Out rest = splitter.finish();
                if (!rest.isEmpty()) {
                    apply(delta != null ? delta : c.putObject("delta"), rest, false);
                }
            }
        }
    }

    /**
     * Whether non-empty content of this choice would pass {@link #chunk} unchanged. Content that
     * cannot begin a think tag ({@code startsPlain}) settles a splitter still at its start as
     * {@link #chunk} would, so the first content chunk of a stream without a think block passes too.
     */
    boolean plainContent(int index, boolean startsPlain) {
        ThinkTagSplitter splitter = splitters.get(index);
        if (splitter != null && splitter.plain()) {
            return true;
        }
        if (!startsPlain) {
            return false;
        }
        if (splitter == null) {
            splitter = new ThinkTagSplitter();
            splitters.put(index, splitter);
        }
        return splitter.contentFromTheStart();
    }

    /** A chunk with whatever the splitters still hold, for a stream that ended without finish_reason. */
    Optional<ObjectNode> flush() {
        ObjectNode out = Json.object();
        if (last != null) {
            for (String field : new String[] {"id", "object", "created", "model"}) {
                if (last.has(field)) {
                    out.set(field, last.get(field));
                }
            }
        }
        ArrayNode choices = out.putArray("choices");
        for (Map.Entry<Integer, ThinkTagSplitter> e : splitters.entrySet()) {
            ThinkTagSplitter.Out rest = e.getValue().finish();
            if (!rest.isEmpty()) {
                ObjectNode c = choices.addObject().put("index", e.getKey());
                apply(c.putObject("delta"), rest, false);
                c.putNull("finish_reason");
            }
        }
        return choices.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static void apply(ObjectNode delta, ThinkTagSplitter.Out out, boolean replaceContent) {
        if (replaceContent) {
            delta.put("content", out.content());
        } else if (!out.content().isEmpty()) {
            String before = delta.path("content").isString() ? delta.path("content").stringValue() : "";
            delta.put("content", before + out.content());
        }
        if (!out.reasoning().isEmpty()) {
            Normalizer.appendReasoning(delta, out.reasoning());
        }
    }
}
