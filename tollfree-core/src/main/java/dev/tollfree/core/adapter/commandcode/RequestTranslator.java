package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.ModelSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat request as CommandCode's CLI envelope: a fixed, empty workspace {@code config}
 * ({@code environment: "cli"}), empty {@code memory}/{@code taste}/{@code skills}, the call in
 * {@code params} and a fresh {@code threadId}. Inside {@code params}:
 * <ul>
 *   <li>{@code system}/{@code developer} messages → one {@code system} string;</li>
 *   <li>{@code user}/{@code assistant} content → arrays of {@code text} blocks (other parts dropped);</li>
 *   <li>assistant {@code tool_calls} → {@code tool-call} blocks with {@code input} as an object;</li>
 *   <li>runs of {@code tool} (and legacy {@code function}) messages → one {@code tool} message of
 *       {@code tool-result} blocks, named after the call they answer;</li>
 *   <li>{@code tools} → flat {@code {name, description, input_schema}}; none when
 *       {@code tool_choice} is {@code none};</li>
 *   <li>{@code max_tokens} (default 64000), {@code temperature} (default 0.7), {@code stream: true}
 *       always, {@code reasoning_effort}/{@code thinking} passed through.</li>
 * </ul>
 */
final class RequestTranslator {
    static final int DEFAULT_MAX_TOKENS = 64_000;
    static final double DEFAULT_TEMPERATURE = 0.7;

    private RequestTranslator() {}

    static ObjectNode translate(ObjectNode body, ModelSpec model, LocalDate date, String threadId) {
        ObjectNode out = Json.object();
        ObjectNode config = out.putObject("config");
        config.put("workingDir", "/tmp").put("date", date.toString()).put("environment", "cli");
        config.putArray("structure");
        config.put("isGitRepo", false).put("currentBranch", "").put("mainBranch", "").put("gitStatus", "");
        config.putArray("recentCommits");
        out.put("memory", "").put("taste", "").put("skills", "");

        ObjectNode params = out.putObject("params");
        params.put("model", model.id());
        List<String> system = new ArrayList<>();
        params.set("messages", messages(body.path("messages"), system));
        ArrayNode tools = tools(body);
        if (!tools.isEmpty()) {
            params.set("tools", tools);
        }
        if (!system.isEmpty()) {
            params.put("system", String.join("\n\n", system));
        }
        params.put("max_tokens", maxTokens(body));
        JsonNode temperature = body.path("temperature");
        if (temperature.isNumber()) {
            params.set("temperature", temperature.deepCopy());
        } else {
            params.put("temperature", DEFAULT_TEMPERATURE);
        }
        params.put("stream", true); // CommandCode streams NDJSON whatever is asked
        for (String passThrough : List.of("reasoning_effort", "thinking")) {
            JsonNode value = body.path(passThrough);
            if (value.isString() || value.isObject()) {
                params.set(passThrough, value.deepCopy());
            }
        }
        out.put("threadId", threadId);
        return out;
    }

    private static int maxTokens(ObjectNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = body.path(field);
            if (value.isIntegralNumber() && value.asInt() > 0) {
                return value.asInt();
            }
        }
        return DEFAULT_MAX_TOKENS;
    }

    private static ArrayNode messages(JsonNode messages, List<String> system) {
        Map<String, String> toolNames = toolNames(messages);
        ArrayNode out = Json.array();
        ArrayNode results = null; // the blocks of the tool message collecting consecutive tool results
        for (JsonNode m : messages) {
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> {
                    String text = String.join("\n", texts(m.path("content")));
                    if (!text.isBlank()) {
                        system.add(text);
                    }
                }
                case "tool", "function" -> {
                    if (results == null) {
                        results = out.addObject().put("role", "tool").putArray("content");
                    }
                    String fallback = m.path("name").asString("unknown");
                    String id = m.path("tool_call_id").asString("");
                    ObjectNode result = results.addObject().put("type", "tool-result")
                            .put("toolCallId", id.isEmpty() ? "call_" + fallback : id)
                            .put("toolName", toolNames.getOrDefault(id, fallback));
                    result.putObject("output").put("type", "text").put("value", String.join("\n", texts(m.path("content"))));
                }
                case "assistant" -> {
                    ArrayNode blocks = textBlocks(m.path("content"));
                    for (JsonNode call : m.path("tool_calls")) {
                        JsonNode function = call.path("function");
                        blocks.addObject().put("type", "tool-call").put("toolCallId", call.path("id").asString(""))
                                .put("toolName", function.path("name").asString(""))
                                .set("input", arguments(function.path("arguments")));
                    }
                    if (m.path("function_call").isObject()) {
                        JsonNode legacy = m.path("function_call");
                        String name = legacy.path("name").asString("");
                        blocks.addObject().put("type", "tool-call").put("toolCallId", "call_" + name).put("toolName", name)
                                .set("input", arguments(legacy.path("arguments")));
                    }
                    if (!blocks.isEmpty()) {
                        out.addObject().put("role", "assistant").set("content", blocks);
                        results = null;
                    }
                }
                default -> {
                    ArrayNode blocks = textBlocks(m.path("content"));
                    if (!blocks.isEmpty()) {
                        out.addObject().put("role", "user").set("content", blocks);
                        results = null;
                    }
                }
            }
        }
        return out;
    }

    /** Tool-call id → function name, from every assistant turn, to name the tool results. */
    private static Map<String, String> toolNames(JsonNode messages) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode m : messages) {
            for (JsonNode call : m.path("tool_calls")) {
                String id = call.path("id").asString("");
                String name = call.path("function").path("name").asString("");
                if (!id.isEmpty() && !name.isEmpty()) {
                    names.put(id, name);
                }
            }
            if (m.path("function_call").isObject()) {
                String name = m.path("function_call").path("name").asString("");
                names.put("call_" + name, name);
            }
        }
        return names;
    }

    /** The non-empty text of a string content or of its {@code text} parts; images, audio and files are dropped. */
    private static List<String> texts(JsonNode content) {
        List<String> out = new ArrayList<>();
        if (content.isString()) {
            if (!content.stringValue().isEmpty()) {
                out.add(content.stringValue());
            }
            return out;
        }
        for (JsonNode part : content) {
            if (part.path("type").asString("text").equals("text") && part.path("text").isString()
                    && !part.path("text").stringValue().isEmpty()) {
                out.add(part.path("text").stringValue());
            }
        }
        return out;
    }

    private static ArrayNode textBlocks(JsonNode content) {
        ArrayNode blocks = Json.array();
        texts(content).forEach(text -> blocks.addObject().put("type", "text").put("text", text));
        return blocks;
    }

    /** OpenAI sends arguments as a JSON string; CommandCode wants the object. */
    private static ObjectNode arguments(JsonNode arguments) {
        if (arguments instanceof ObjectNode object) {
            return object.deepCopy();
        }
        String text = arguments.asString("").strip();
        if (text.isEmpty()) {
            return Json.object();
        }
        var parsed = Json.tryParse(text);
        if (parsed.isPresent() && parsed.get() instanceof ObjectNode object) {
            return object;
        }
        return Json.object().put("arguments", text);
    }

    /** OpenAI {@code tools} (and legacy {@code functions}) as flat Anthropic-like declarations. */
    private static ArrayNode tools(ObjectNode body) {
        ArrayNode out = Json.array();
        JsonNode choice = body.has("tool_choice") ? body.path("tool_choice") : body.path("function_call");
        if (choice.isString() && choice.stringValue().equals("none")) {
            return out; // CommandCode has no tool_choice: a call that must not use tools gets none
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool.path("type").asString("function").equals("function") && tool.path("function").isObject()) {
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
        d.put("description", function.path("description").asString(""));
        JsonNode parameters = function.path("parameters");
        if (parameters.isObject() && !parameters.isEmpty()) {
            d.set("input_schema", parameters.deepCopy());
        } else {
            d.putObject("input_schema").put("type", "object").putObject("properties");
        }
    }
}
