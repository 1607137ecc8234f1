package dev.tollfree.core.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds the upstream body from the caller's request: target model, stream flags, parameter policy. */
final class RequestRewriter {
    private RequestRewriter() {}

    static ObjectNode rewrite(ObjectNode original, String upstreamModel, boolean stream, ProviderDescriptor d) {
        ObjectNode body = original.deepCopy();
        body.put("model", upstreamModel);
        if (stream) {
            body.put("stream", true);
            if (d.streamUsage()) {
                ObjectNode options = body.path("stream_options") instanceof ObjectNode o ? o : body.putObject("stream_options");
                options.put("include_usage", true);
            }
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        for (String field : d.drop()) {
            body.remove(field);
        }
        for (Map.Entry<String, String> e : d.rename().entrySet()) {
            JsonNode v = body.remove(e.getKey());
            if (v != null) {
                body.set(e.getValue(), v);
            }
        }
        if (d.dropNulls()) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            }
            nulls.forEach(body::remove);
        }
        if (d.stringContent()) {
            flattenTextContent(body);
        }
        return body;
    }

    /** Turns text-only content arrays into plain strings; arrays holding images stay as they are. */
    private static void flattenTextContent(ObjectNode body) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray()) {
            return;
        }
        for (JsonNode m : (ArrayNode) messages) {
            JsonNode content = m.path("content");
            if (!content.isArray() || !(m instanceof ObjectNode message)) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            boolean textOnly = true;
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asString(""))) {
                    text.append(part.path("text").asString(""));
                } else {
                    textOnly = false;
                }
            }
            if (textOnly) {
                message.put("content", text.toString());
            }
        }
    }
}
