package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat request as an Anthropic Messages request, built from scratch (fields without an
 * equivalent are not sent; see {@code docs/providers/anthropic.md}).
 * <ul>
 *   <li>{@code system}/{@code developer} messages → top-level {@code system} (texts joined by a blank line);</li>
 *   <li>{@code user} → {@code user}; {@code assistant} → {@code assistant} with {@code tool_use}
 *       blocks for its tool calls (its {@code reasoning_content} is dropped);</li>
 *   <li>{@code tool} messages → {@code tool_result} blocks in a {@code user} turn, placed before
 *       any other block of that turn as Anthropic requires;</li>
 *   <li>consecutive turns of one role are merged (Anthropic wants strict alternation), and a
 *       conversation that would open with the assistant gets a {@value #PLACEHOLDER} user turn first.</li>
 * </ul>
 */
final class RequestTranslator {
    /** Text of the user turn put in front of a conversation that has none first (Anthropic rejects empty text). */
    static final String PLACEHOLDER = ".";

    private RequestTranslator() {}

    static ObjectNode translate(ObjectNode body, ModelSpec model, boolean stream) {
        ObjectNode out = Json.object();
        out.put("model", model.id());
        List<String> system = new ArrayList<>();
        ArrayNode messages = messages(body.path("messages"), system);
        if (!system.isEmpty()) {
            out.put("system", String.join("\n\n", system));
        }
        out.set("messages", messages);
        boolean forcedTool = Params.tools(body, hasToolBlocks(messages), out);
        Params.maxTokensAndThinking(body, model, !forcedTool && !inToolLoop(messages), out);
        Params.sampling(body, out.has("thinking"), out);
        if (stream) {
            out.put("stream", true);
        }
        return out;
    }

    private static ArrayNode messages(JsonNode messages, List<String> system) {
        ArrayNode turns = Json.array();
        for (JsonNode m : messages) {
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> {
                    String text = Blocks.plainText(m.path("content"));
                    if (!text.isBlank()) {
                        system.add(text);
                    }
                }
                case "user" -> {
                    ArrayNode blocks = Json.array();
                    Blocks.content(m.path("content"), blocks);
                    append(turns, "user", blocks);
                }
                case "assistant" -> append(turns, "assistant", assistant(m));
                case "tool" -> {
                    ObjectNode result = Json.object().put("type", "tool_result").put("tool_use_id", m.path("tool_call_id").asString(""));
                    String text = Blocks.plainText(m.path("content"));
                    if (!text.isEmpty()) {
                        result.put("content", text);
                    }
                    append(turns, "user", Json.array().add(result));
                }
                default -> {
                    // the legacy "function" role has no call id to answer: not translated
                }
            }
        }
        if (turns.isEmpty() || !"user".equals(turns.get(0).path("role").asString(""))) {
            ObjectNode first = Json.object().put("role", "user");
            first.putArray("content").addObject().put("type", "text").put("text", PLACEHOLDER);
            turns.insert(0, first);
        }
        for (JsonNode turn : turns) {
            if (turn.path("role").asString("").equals("user")) {
                toolResultsFirst((ArrayNode) turn.get("content"));
            }
        }
        return turns;
    }

    /** Text (and refusal) parts as text blocks, then one {@code tool_use} block per tool call. */
    private static ArrayNode assistant(JsonNode m) {
        ArrayNode blocks = Json.array();
        Blocks.content(m.path("content"), blocks);
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode fn = call.path("function");
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", call.path("id").asString(""))
                    .put("name", fn.path("name").asString(""));
            JsonNode args = fn.path("arguments");
            use.set("input", args.isObject() ? args.deepCopy() : Blocks.input(args.asString("")));
        }
        return blocks;
    }

    /** Adds blocks as a turn of {@code role}, merged into the last turn when it has the same role; empty blocks add nothing. */
    private static void append(ArrayNode turns, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(last.path("role").asString(""))) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = turns.addObject().put("role", role);
        turn.set("content", blocks);
    }

    /** Stable reorder: {@code tool_result} blocks before the others of the same user turn. */
    private static void toolResultsFirst(ArrayNode content) {
        List<JsonNode> results = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        content.forEach(b -> ("tool_result".equals(b.path("type").asString("")) ? results : others).add(b));
        if (results.isEmpty() || others.isEmpty()) {
            return;
        }
        content.removeAll();
        content.addAll(results);
        content.addAll(others);
    }

    /**
     * The last assistant turn called tools: with thinking on, Anthropic wants that turn to open
     * with its signed thinking block, which is not replayed, so such requests go without thinking.
     */
    private static boolean inToolLoop(ArrayNode turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            JsonNode turn = turns.get(i);
            if (turn.path("role").asString("").equals("assistant")) {
                for (JsonNode block : turn.path("content")) {
                    if (block.path("type").asString("").equals("tool_use")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private static boolean hasToolBlocks(ArrayNode turns) {
        for (JsonNode turn : turns) {
            for (JsonNode block : turn.path("content")) {
                String type = block.path("type").asString("");
                if (type.equals("tool_use") || type.equals("tool_result")) {
                    return true;
                }
            }
        }
        return false;
    }
}
