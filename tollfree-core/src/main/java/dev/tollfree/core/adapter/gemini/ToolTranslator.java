package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI {@code tools}/{@code tool_choice} (and the legacy {@code functions}/{@code function_call}) for Gemini. */
final class ToolTranslator {
    private ToolTranslator() {}

    /** Gemini {@code functionDeclarations}; empty when the request declares no function. */
    static ArrayNode declarations(ObjectNode body) {
        ArrayNode out = Json.array();
        for (JsonNode tool : body.path("tools")) {
            String type = tool.path("type").asString("function");
            if (type.equals("function") && tool.path("function").isObject()) {
                declaration(tool.path("function"), out);
            }
        }
        for (JsonNode function : body.path("functions")) {
            declaration(function, out);
        }
        return out;
    }

    private static void declaration(JsonNode function, ArrayNode out) {
        String name = function.path("name").asString("");
        if (name.isBlank()) {
            return;
        }
        ObjectNode d = out.addObject().put("name", name);
        if (function.path("description").isString()) {
            d.put("description", function.path("description").stringValue());
        }
        if (function.path("parameters").isObject()) {
            ObjectNode parameters = SchemaSanitizer.sanitize(function.path("parameters"));
            if (!SchemaSanitizer.isEmptyObject(parameters) && !parameters.isEmpty()) {
                d.set("parameters", parameters); // Gemini rejects an object schema with no properties
            }
        }
    }

    /**
     * {@code toolConfig.functionCallingConfig}: {@code auto}→AUTO, {@code none}→NONE,
     * {@code required}→ANY, a named function→ANY with {@code allowedFunctionNames}; null when the
     * request says nothing or declares no function.
     */
    static ObjectNode toolConfig(ObjectNode body, boolean hasFunctions) {
        if (!hasFunctions) {
            return null;
        }
        JsonNode choice = body.has("tool_choice") ? body.get("tool_choice") : body.path("function_call");
        ObjectNode config = Json.object();
        if (choice.isString()) {
            String mode = switch (choice.stringValue()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required", "any" -> "ANY";
                default -> null;
            };
            if (mode == null) {
                return null;
            }
            config.put("mode", mode);
        } else if (choice.isObject()) {
            String name = choice.path("function").path("name").asString(choice.path("name").asString(""));
            if (name.isBlank()) {
                return null;
            }
            config.put("mode", "ANY");
            config.putArray("allowedFunctionNames").add(name);
        } else {
            return null;
        }
        ObjectNode toolConfig = Json.object();
        toolConfig.set("functionCallingConfig", config);
        return toolConfig;
    }
}
