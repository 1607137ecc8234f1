package dev.tollfree.core.adapter;

import dev.tollfree.core.adapter.ProviderDescriptor.Params;
import dev.tollfree.core.adapter.ProviderDescriptor.Tweak;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the upstream body from the caller's request: target model, stream flags, then the
 * provider's policy for messages, tools and top-level parameters. The caller's body is never
 * changed; unknown fields travel unless the provider's schema is strict.
 */
final class RequestRewriter {
    private static final int DEFAULT_MAX_TOKENS = 8192;
    private static final Map<String, String> EFFORT_NONE_OR_HIGH = Map.of("none", "none", "minimal", "high", "low", "high",
            "medium", "high", "high", "high", "xhigh", "high", "max", "high");
    private static final Map<String, String> EFFORT_LOW_TO_HIGH = Map.of("minimal", "low", "low", "low", "medium", "medium",
            "high", "high", "xhigh", "high", "max", "high");
    private static final Map<String, String> EFFORT_NONE_TO_HIGH = Map.of("none", "none", "minimal", "low", "low", "low",
            "medium", "medium", "high", "high", "xhigh", "high", "max", "high");

    private RequestRewriter() {}

    static ObjectNode rewrite(ObjectNode original, ModelSpec model, boolean stream, ProviderDescriptor d) {
        // A shallow copy: top-level fields are replaced freely; a nested value is copied before it is
        // changed (messages, tools, stream options), so the caller's body stays as it came.
        ObjectNode body = original.objectNode();
        body.setAll(original);
        body.put("model", model.id());
        if (stream) {
            body.put("stream", true);
            if (d.streamUsage()) {
                ObjectNode options = body.path("stream_options") instanceof ObjectNode o ? o.deepCopy() : body.objectNode();
                body.set("stream_options", options);
                options.put("include_usage", true);
            } else {
                body.remove("stream_options");
            }
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        if (body.path("messages") instanceof ArrayNode messages && MessageRewriter.changes(d)) {
            ArrayNode copy = messages.deepCopy();
            body.set("messages", copy);
            MessageRewriter.rewrite(copy, d);
        }
        if (body.path("tools") instanceof ArrayNode tools && ToolRewriter.changesTools(d.tools())) {
            body.set("tools", tools.deepCopy());
        }
        ToolRewriter.rewrite(body, d.tools(), stream);
        Params p = d.params();
        for (Tweak t : p.tweaks()) {
            tweak(t, body, model);
        }
        for (Map.Entry<String, String> e : p.rename().entrySet()) {
            JsonNode v = body.remove(e.getKey());
            if (v != null) {
                body.set(e.getValue(), v);
            }
        }
        for (String field : p.drop()) {
            body.remove(field);
        }
        if (!p.allowOnly().isEmpty()) {
            body.retain(p.allowOnly());
        }
        if (p.dropNulls()) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            }
            nulls.forEach(body::remove);
        }
        return body;
    }

    /** Top-level tweaks; message-level ones live in {@link MessageRewriter}. */
    private static void tweak(Tweak t, ObjectNode body, ModelSpec model) {
        switch (t) {
            case STRING_CONTENT, EMPTY_TOOL_TURN_CONTENT, NAME_ONLY_ON_TOOL_MESSAGES, DROP_MESSAGE_NAMES,
                 DROP_EMPTY_ASSISTANT_TURNS -> { }
            case MAX_TOKENS_FIELD -> {
                JsonNode v = body.remove("max_completion_tokens");
                if (v != null && !v.isNull() && !body.has("max_tokens")) {
                    body.set("max_tokens", v);
                }
            }
            case CAP_MAX_TOKENS -> {
                if (model.maxOutput() > 0) {
                    for (String field : List.of("max_tokens", "max_completion_tokens")) {
                        if (body.path(field).isNumber() && body.path(field).asLong() > model.maxOutput()) {
                            body.put(field, model.maxOutput());
                        }
                    }
                }
            }
            case DEFAULT_MAX_TOKENS -> {
                if (!body.path("max_tokens").isNumber() && !body.path("max_completion_tokens").isNumber()) {
                    int cap = DEFAULT_MAX_TOKENS;
                    cap = model.maxOutput() > 0 ? Math.min(cap, model.maxOutput()) : cap;
                    cap = model.contextWindow() > 0 ? Math.min(cap, Math.max(256, model.contextWindow() / 4)) : cap;
                    body.put("max_tokens", cap);
                }
            }
            case EFFORT_NONE_OR_HIGH -> effort(body, EFFORT_NONE_OR_HIGH);
            case EFFORT_LOW_TO_HIGH -> effort(body, EFFORT_LOW_TO_HIGH);
            case EFFORT_NONE_TO_HIGH -> effort(body, EFFORT_NONE_TO_HIGH);
            case TOOLS_OVER_RESPONSE_FORMAT -> {
                if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
                    body.remove("response_format");
                }
            }
        }
    }

    /** Maps {@code reasoning_effort} onto the values a provider accepts; values it cannot express are removed. */
    private static void effort(ObjectNode body, Map<String, String> accepted) {
        JsonNode v = body.get("reasoning_effort");
        if (v == null) {
            return;
        }
        String mapped = v.isString() ? accepted.get(v.stringValue()) : null;
        if (mapped == null) {
            body.remove("reasoning_effort");
        } else {
            body.put("reasoning_effort", mapped);
        }
    }
}
