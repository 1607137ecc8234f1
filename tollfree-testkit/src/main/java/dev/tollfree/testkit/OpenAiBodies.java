package dev.tollfree.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI Chat Completions wire bodies, as described in {@code shared/providers/openai.md}. */
final class OpenAiBodies {
    /** A fixed {@code created} so that bodies are reproducible; 2023-11-14T22:13:20Z. */
    static final long CREATED = 1_700_000_000L;
    static final int PROMPT_TOKENS = 10;

    private static final AtomicLong IDS = new AtomicLong();

    private OpenAiBodies() {}

    static String chatCompletion(String model, String content, int promptTokens, int completionTokens) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        return completion(model, message, "stop", promptTokens, completionTokens);
    }

    static String toolCall(String model, String toolName, String argumentsJson, int promptTokens, int completionTokens) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        message.putNull("refusal");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", "call_fake" + IDS.incrementAndGet());
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", toolName);
        function.put("arguments", argumentsJson);
        return completion(model, message, "tool_calls", promptTokens, completionTokens);
    }

    /** Role chunk, one chunk per delta, a finish chunk, a usage chunk with {@code choices: []}. */
    static List<String> chatStream(String model, List<String> deltas, int promptTokens) {
        String id = nextId();
        List<String> out = new ArrayList<>(deltas.size() + 3);
        ObjectNode role = Json.MAPPER.createObjectNode();
        role.put("role", "assistant");
        role.put("content", "");
        role.putNull("refusal");
        out.add(chunk(id, model, role, null));
        for (String delta : deltas) {
            ObjectNode content = Json.MAPPER.createObjectNode();
            content.put("content", delta);
            out.add(chunk(id, model, content, null));
        }
        out.add(chunk(id, model, Json.MAPPER.createObjectNode(), "stop"));
        ObjectNode usageChunk = header(id, model, "chat.completion.chunk");
        usageChunk.putArray("choices");
        usageChunk.set("usage", usage(promptTokens, deltas.size()));
        out.add(Json.MAPPER.writeValueAsString(usageChunk));
        return out;
    }

    static String error(String message, String type, String code) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return Json.MAPPER.writeValueAsString(root);
    }

    static String models(List<String> ids) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            ObjectNode model = data.addObject();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", CREATED);
            model.put("owned_by", "fake");
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    /** A rough token count: whitespace-separated words. */
    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static String completion(String model, ObjectNode message, String finishReason,
                                     int promptTokens, int completionTokens) {
        ObjectNode root = header(nextId(), model, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(promptTokens, completionTokens));
        root.put("system_fingerprint", "fp_fake");
        return Json.MAPPER.writeValueAsString(root);
    }

    private static String chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode root = header(id, model, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.putNull("usage");
        return Json.MAPPER.writeValueAsString(root);
    }

    private static ObjectNode header(String id, String model, String object) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", CREATED);
        root.put("model", model);
        return root;
    }

    private static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        ObjectNode prompt = usage.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", 0);
        ObjectNode completion = usage.putObject("completion_tokens_details");
        completion.put("reasoning_tokens", 0);
        return usage;
    }

    private static String nextId() {
        return "chatcmpl-fake" + IDS.incrementAndGet();
    }
}
