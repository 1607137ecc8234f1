package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI sampling, output and reasoning settings as Gemini's {@code generationConfig}. */
final class ConfigTranslator {
    /** OpenAI field → Gemini field, copied as they are. */
    private static final Map<String, String> COPIED = Map.of(
            "temperature", "temperature", "top_p", "topP", "top_k", "topK", "n", "candidateCount", "seed", "seed",
            "presence_penalty", "presencePenalty", "frequency_penalty", "frequencyPenalty");

    private ConfigTranslator() {}

    /** The {@code generationConfig} for this request, or null when nothing needs setting. */
    static ObjectNode generationConfig(ObjectNode body, ModelSpec model, boolean hasFunctions) {
        ObjectNode out = Json.object();
        COPIED.forEach((from, to) -> {
            JsonNode v = body.get(from);
            if (v != null && v.isNumber()) {
                out.set(to, v.deepCopy());
            }
        });
        JsonNode max = body.path("max_completion_tokens").isIntegralNumber() ? body.get("max_completion_tokens") : body.path("max_tokens");
        if (max.isIntegralNumber()) {
            out.set("maxOutputTokens", max.deepCopy());
        }
        JsonNode stop = body.path("stop");
        if (stop.isString()) {
            out.putArray("stopSequences").add(stop.stringValue());
        } else if (stop.isArray() && !stop.isEmpty()) {
            out.set("stopSequences", stop.deepCopy());
        }
        if (!hasFunctions) { // Gemini rejects a JSON mime type together with function declarations
            responseFormat(body.path("response_format"), out);
        }
        ObjectNode thinking = thinking(body.path("reasoning_effort"), model);
        if (thinking != null) {
            out.set("thinkingConfig", thinking);
        }
        return out.isEmpty() ? null : out;
    }

    private static void responseFormat(JsonNode format, ObjectNode out) {
        switch (format.path("type").asString("")) {
            case "json_object" -> out.put("responseMimeType", "application/json");
            case "json_schema" -> {
                out.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    out.set("responseSchema", SchemaSanitizer.sanitize(schema));
                }
            }
            default -> {
                // "text" or absent: Gemini's default
            }
        }
    }

    /**
     * {@code reasoning_effort} as {@code thinkingConfig}: a {@code thinkingLevel} for Gemini 3 and
     * later, a {@code thinkingBudget} before (never both: that is reported to fail). Thought
     * summaries are asked for ({@code includeThoughts}) unless thinking is off, and by default for
     * models with the {@code reasoning} capability. Gemma takes no thinking settings at all.
     */
    static ObjectNode thinking(JsonNode effortNode, ModelSpec model) {
        ModelFamily family = ModelFamily.of(model.id());
        if (family.gemma()) {
            return null;
        }
        if (!effortNode.isString()) {
            return model.can(Capability.REASONING) ? Json.object().put("includeThoughts", true) : null;
        }
        String effort = effortNode.stringValue().strip().toLowerCase(Locale.ROOT);
        ObjectNode out = Json.object();
        if (family.thinkingLevels()) {
            String level = switch (effort) {
                case "none", "minimal" -> "MINIMAL";
                case "low" -> "LOW";
                case "medium" -> "MEDIUM";
                case "high", "xhigh" -> "HIGH";
                default -> null; // let the model decide
            };
            if ("MINIMAL".equals(level) && family.pro()) {
                level = "LOW"; // Gemini 3 Pro knows only LOW and HIGH
            }
            if (level != null) {
                out.put("thinkingLevel", level);
            }
            if (!effort.equals("none")) {
                out.put("includeThoughts", true);
            }
            return out;
        }
        int budget = switch (effort) {
            case "none", "minimal" -> 0;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh" -> 24576;
            default -> -1; // automatic
        };
        if (budget == 0 && family.pro()) {
            budget = 128; // Pro models cannot switch thinking off; 128 is their smallest budget
        }
        out.put("thinkingBudget", budget);
        if (budget != 0) {
            out.put("includeThoughts", true);
        }
        return out;
    }
}
