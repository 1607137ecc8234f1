package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request settings beside the messages: {@code max_tokens} (required by Anthropic),
 * {@code thinking} from {@code reasoning_effort}, tools and {@code tool_choice}, sampling and stop
 * sequences.
 */
final class Params {
    /** {@code max_tokens} when neither the request nor the catalog names one. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The smallest thinking budget Anthropic accepts. */
    static final int MIN_BUDGET = 1024;
    /** Extended thinking allows {@code top_p} only from here to 1. */
    static final double MIN_TOP_P_WITH_THINKING = 0.95;

    private Params() {}

    /**
     * {@code max_completion_tokens}, else {@code max_tokens}, else the model's max output, else
     * {@value #DEFAULT_MAX_TOKENS}. A {@code reasoning_effort} of low/medium/high adds
     * {@code thinking} with a budget of 1024/4096/16384 tokens; since thinking counts against
     * {@code max_tokens}, which must stay above the budget, the budget is added on top of a limit
     * that does not exceed it. The model's max output caps the sum, shrinking the budget if needed
     * (to half the limit; thinking is left out when that falls below {@value #MIN_BUDGET}).
     * {@code thinkingAllowed} false (a forced tool choice, an unfinished tool loop) leaves thinking out.
     */
    static void maxTokensAndThinking(ObjectNode body, ModelSpec model, boolean thinkingAllowed, ObjectNode out) {
        long requested = positive(body.path("max_completion_tokens"));
        if (requested == 0) {
            requested = positive(body.path("max_tokens"));
        }
        long max = requested > 0 ? requested : model.maxOutput() > 0 ? model.maxOutput() : DEFAULT_MAX_TOKENS;
        long budget = thinkingAllowed ? budget(body.path("reasoning_effort").asString("")) : 0;
        if (budget > 0) {
            if (max <= budget) {
                max += budget;
            }
            if (model.maxOutput() > 0 && max > model.maxOutput()) {
                max = model.maxOutput();
            }
            if (budget >= max) {
                budget = max / 2;
            }
        }
        out.put("max_tokens", max);
        if (budget >= MIN_BUDGET) {
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
    }

    static long budget(String effort) {
        return switch (effort.strip().toLowerCase(Locale.ROOT)) {
            case "minimal", "low" -> 1024;
            case "medium" -> 4096;
            case "high" -> 16384;
            default -> 0; // "none" or anything unknown: no thinking
        };
    }

    /**
     * {@code tools} as {@code {name, description, input_schema}}; {@code tool_choice} auto → auto,
     * required → any, a named function → tool. {@code none} leaves the tools out, unless the
     * history holds tool blocks (Anthropic then requires the tools): those requests send
     * {@code {"type":"none"}}. {@code parallel_tool_calls: false} sets {@code disable_parallel_tool_use}.
     *
     * @return true when the choice forces a tool call ({@code any} or {@code tool}), which Anthropic
     *         does not allow together with thinking
     */
    static boolean tools(ObjectNode body, boolean historyHasTools, ObjectNode out) {
        ArrayNode tools = Json.array();
        for (JsonNode tool : body.path("tools")) {
            JsonNode fn = tool.path("function");
            String name = fn.path("name").asString("");
            if (!"function".equals(tool.path("type").asString("function")) || name.isEmpty()) {
                continue;
            }
            ObjectNode t = tools.addObject().put("name", name);
            String description = fn.path("description").asString("");
            if (!description.isEmpty()) {
                t.put("description", description);
            }
            JsonNode schema = fn.path("parameters");
            ObjectNode input = schema.isObject() ? (ObjectNode) schema.deepCopy() : Json.object().put("type", "object");
            if (!schema.isObject()) {
                input.putObject("properties");
            }
            t.set("input_schema", input);
        }
        if (tools.isEmpty()) {
            return false;
        }
        JsonNode choice = body.path("tool_choice");
        String mode = choice.isString() ? choice.stringValue() : choice.isObject() ? "function" : "auto";
        ObjectNode anthropic = switch (mode) {
            case "none" -> historyHasTools ? Json.object().put("type", "none") : null;
            case "required" -> Json.object().put("type", "any");
            case "function" -> {
                String name = choice.path("function").path("name").asString("");
                yield name.isEmpty() ? Json.object().put("type", "auto") : Json.object().put("type", "tool").put("name", name);
            }
            default -> Json.object().put("type", "auto");
        };
        if (anthropic == null) {
            return false;
        }
        if (body.path("parallel_tool_calls").isBoolean() && !body.path("parallel_tool_calls").booleanValue()
                && !"none".equals(anthropic.path("type").asString(""))) {
            anthropic.put("disable_parallel_tool_use", true);
        }
        out.set("tools", tools);
        out.set("tool_choice", anthropic);
        String type = anthropic.path("type").asString("");
        return type.equals("any") || type.equals("tool");
    }

    /**
     * {@code temperature}, {@code top_p}, {@code top_k}, {@code stop} → {@code stop_sequences} and
     * {@code user} → {@code metadata.user_id}. With thinking on, Anthropic rejects a changed
     * temperature or {@code top_k} and a {@code top_p} below 0.95: those are left out.
     */
    static void sampling(ObjectNode body, boolean thinking, ObjectNode out) {
        JsonNode temperature = body.path("temperature");
        if (temperature.isNumber() && !thinking) {
            out.set("temperature", temperature.deepCopy());
        }
        JsonNode topP = body.path("top_p");
        if (topP.isNumber() && (!thinking || topP.doubleValue() >= MIN_TOP_P_WITH_THINKING)) {
            out.set("top_p", topP.deepCopy());
        }
        JsonNode topK = body.path("top_k");
        if (topK.isIntegralNumber() && !thinking) {
            out.set("top_k", topK.deepCopy());
        }
        JsonNode stop = body.path("stop");
        ArrayNode sequences = Json.array();
        if (stop.isString() && !stop.stringValue().isEmpty()) {
            sequences.add(stop.stringValue());
        } else {
            stop.forEach(s -> {
                if (s.isString() && !s.stringValue().isEmpty()) {
                    sequences.add(s.stringValue());
                }
            });
        }
        if (!sequences.isEmpty()) {
            out.set("stop_sequences", sequences);
        }
        String user = body.path("user").asString("");
        if (!user.isBlank()) {
            out.putObject("metadata").put("user_id", user);
        }
    }

    private static long positive(JsonNode n) {
        return n.isIntegralNumber() && n.longValue() > 0 ? n.longValue() : 0;
    }
}
