package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat request as a Gemini {@code GenerateContentRequest}. The body is built from
 * scratch: fields without a Gemini equivalent are not sent (see {@code docs/providers/gemini.md}).
 * <ul>
 *   <li>{@code system}/{@code developer} messages → {@code systemInstruction} (folded into the
 *       first user turn for Gemma, which rejects it);</li>
 *   <li>{@code user} → {@code user}, {@code assistant} → {@code model} with {@code functionCall}
 *       parts for its tool calls, replaying each call's thought signature;</li>
 *   <li>consecutive {@code tool} messages → one {@code user} turn of {@code functionResponse}
 *       parts, named after the assistant tool call they answer;</li>
 *   <li>consecutive messages of one role otherwise share one turn.</li>
 * </ul>
 */
final class RequestTranslator {
    /** Documented value that lets Gemini 3 accept a function call whose signature is unknown. */
    static final String SIGNATURE_BYPASS = "skip_thought_signature_validator";

    private RequestTranslator() {}

    static ObjectNode translate(ObjectNode body, ModelSpec model, SignatureCache signatures) {
        ModelFamily family = ModelFamily.of(model.id());
        List<String> system = new ArrayList<>();
        ArrayNode contents = contents(body.path("messages"), system, family, signatures);
        ObjectNode out = Json.object();
        out.set("contents", contents);
        if (!system.isEmpty() && family.gemma()) {
            foldSystem(String.join("\n\n", system), contents);
        } else if (!system.isEmpty()) {
            ArrayNode parts = out.putObject("systemInstruction").putArray("parts");
            system.forEach(text -> parts.addObject().put("text", text));
        }
        ArrayNode declarations = ToolTranslator.declarations(body);
        if (!declarations.isEmpty()) {
            out.putArray("tools").addObject().set("functionDeclarations", declarations);
        }
        ObjectNode toolConfig = ToolTranslator.toolConfig(body, !declarations.isEmpty());
        if (toolConfig != null) {
            out.set("toolConfig", toolConfig);
        }
        ObjectNode generation = ConfigTranslator.generationConfig(body, model, !declarations.isEmpty());
        if (generation != null) {
            out.set("generationConfig", generation);
        }
        return out;
    }

    private static ArrayNode contents(JsonNode messages, List<String> system, ModelFamily family, SignatureCache signatures) {
        Map<String, String> toolNames = toolNames(messages);
        ArrayNode contents = Json.array();
        ArrayNode toolTurn = null; // the parts of the user turn collecting consecutive tool results
        for (JsonNode m : messages) {
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> {
                    String text = Parts.plainText(m.path("content"));
                    if (!text.isBlank()) {
                        system.add(text);
                    }
                }
                case "tool", "function" -> {
                    if (toolTurn == null) {
                        toolTurn = contents.addObject().put("role", "user").putArray("parts");
                    }
                    String fallback = m.path("name").asString("unknown");
                    String name = role.equals("tool") ? toolNames.getOrDefault(m.path("tool_call_id").asString(""), fallback) : fallback;
                    ObjectNode response = toolTurn.addObject().putObject("functionResponse").put("name", name);
                    response.set("response", Parts.toolResponse(Parts.plainText(m.path("content"))));
                }
                case "assistant" -> {
                    ArrayNode parts = assistantParts(m, family, signatures);
                    if (!parts.isEmpty()) {
                        append(contents, "model", parts, toolTurn == null);
                        toolTurn = null;
                    }
                }
                default -> {
                    ArrayNode parts = Json.array();
                    Parts.content(m.path("content"), parts);
                    if (!parts.isEmpty()) {
                        append(contents, "user", parts, toolTurn == null);
                        toolTurn = null;
                    }
                }
            }
        }
        return contents;
    }

    /**
     * Adds a turn, or extends the previous one when it has the same role (and is not a turn of
     * tool results), so that user and model turns alternate as Gemma's chat template expects.
     */
    private static void append(ArrayNode contents, String role, ArrayNode parts, boolean mayMerge) {
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (mayMerge && last != null && role.equals(last.path("role").asString("")) && last.path("parts") instanceof ArrayNode previous) {
            previous.addAll(parts);
            return;
        }
        contents.addObject().put("role", role).set("parts", parts);
    }

    /** Tool-call id → function name, from every assistant turn, to name the function responses. */
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
        }
        return names;
    }

    private static ArrayNode assistantParts(JsonNode m, ModelFamily family, SignatureCache signatures) {
        ArrayNode parts = Json.array();
        Parts.content(m.path("content"), parts);
        boolean first = true;
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode function = call.path("function");
            ObjectNode part = functionCall(function.path("name").asString(""), function.path("arguments"), parts);
            String id = call.path("id").asString("");
            JsonNode given = call.path("extra_content").path("google").path("thought_signature");
            Optional<String> signature = given.isString() && !given.stringValue().isEmpty()
                    ? Optional.of(given.stringValue()) : signatures.get(id);
            if (signature.isEmpty() && first && family.requiresSignatures()) {
                signature = Optional.of(SIGNATURE_BYPASS); // only the first call of a turn carries one
            }
            signature.ifPresent(s -> part.put("thoughtSignature", s));
            first = false;
        }
        JsonNode legacy = m.path("function_call");
        if (legacy.isObject()) {
            functionCall(legacy.path("name").asString(""), legacy.path("arguments"), parts);
        }
        return parts;
    }

    private static ObjectNode functionCall(String name, JsonNode arguments, ArrayNode parts) {
        ObjectNode part = parts.addObject();
        part.putObject("functionCall").put("name", name).set("args", arguments(arguments));
        return part;
    }

    /** OpenAI sends arguments as a JSON string; Gemini wants the object. */
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

    /** Gemma has no system instruction: the system text opens the first user turn instead. */
    private static void foldSystem(String text, ArrayNode contents) {
        for (JsonNode content : contents) {
            if (content.path("role").asString("").equals("user") && content.path("parts") instanceof ArrayNode parts
                    && !parts.path(0).has("functionResponse")) {
                parts.insertObject(0).put("text", text);
                return;
            }
        }
        ObjectNode turn = contents.insertObject(0).put("role", "user");
        turn.putArray("parts").addObject().put("text", text);
    }
}
