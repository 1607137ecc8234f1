package dev.tollfree.core.adapter;

import dev.tollfree.core.adapter.ProviderDescriptor.ToolPolicy;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The tool part of the provider policy: schema keywords, {@code tool_choice}, parallel calls, tool streaming. */
final class ToolRewriter {
    /** Schema keywords whose value is a map from names to schemas (the names are not keywords). */
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions");

    private ToolRewriter() {}

    /** The policy may change the {@code tools} array or a tool in it: {@link #rewrite} then needs a copy of it. */
    static boolean changesTools(ToolPolicy policy) {
        return policy.dropStrict() || !policy.schemaKeysDropped().isEmpty() || policy.choice() != ProviderDescriptor.ToolChoice.AS_SENT;
    }

    static void rewrite(ObjectNode body, ToolPolicy policy, boolean stream) {
        if (!(body.path("tools") instanceof ArrayNode tools) || tools.isEmpty()) {
            body.remove("tool_stream"); // meaningless without tools
            return;
        }
        for (JsonNode tool : tools) {
            if (!(tool.path("function") instanceof ObjectNode fn)) {
                continue;
            }
            if (policy.dropStrict()) {
                fn.remove("strict");
            }
            if (!policy.schemaKeysDropped().isEmpty()) {
                clean(fn.path("parameters"), policy.schemaKeysDropped());
            }
        }
        switch (policy.choice()) {
            case AS_SENT -> { }
            case ANY_FOR_REQUIRED -> {
                JsonNode choice = body.path("tool_choice");
                if (choice.isString() && "required".equals(choice.stringValue())) {
                    body.put("tool_choice", "any");
                } else if (choice.isObject()) {
                    keepOnly(tools, named(choice));
                    body.put("tool_choice", "any");
                }
            }
            case AUTO_ONLY -> {
                JsonNode choice = body.path("tool_choice");
                if (choice.isString() && "none".equals(choice.stringValue())) {
                    body.remove("tools");
                    body.remove("tool_choice");
                    body.remove("parallel_tool_calls");
                    body.remove("tool_stream");
                    return;
                }
                if (choice.isObject()) {
                    keepOnly(tools, named(choice));
                }
                if (!choice.isMissingNode()) {
                    body.put("tool_choice", "auto");
                }
            }
        }
        if (policy.singleCall()) {
            body.put("parallel_tool_calls", false);
        }
        if (policy.streamArguments() && stream) {
            body.put("tool_stream", true);
        } else {
            body.remove("tool_stream");
        }
    }

    /** The function a {@code {"type":"function","function":{"name":…}}} choice names; empty if none. */
    private static String named(JsonNode choice) {
        return choice.path("function").path("name").asString("");
    }

    private static void keepOnly(ArrayNode tools, String name) {
        if (name.isEmpty()) {
            return;
        }
        for (int i = tools.size() - 1; i >= 0; i--) {
            if (!name.equals(tools.get(i).path("function").path("name").asString(""))) {
                tools.remove(i);
            }
        }
    }

    /** Removes {@code keys} wherever they appear as schema keywords, leaving property names alone. */
    private static void clean(JsonNode schema, Set<String> keys) {
        if (schema instanceof ObjectNode o) {
            keys.forEach(o::remove);
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (SCHEMA_MAPS.contains(e.getKey()) && e.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> named : e.getValue().properties()) {
                        clean(named.getValue(), keys);
                    }
                } else {
                    clean(e.getValue(), keys);
                }
            }
        } else if (schema instanceof ArrayNode a) {
            for (JsonNode element : a) {
                clean(element, keys);
            }
        }
    }
}
