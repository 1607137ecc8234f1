package dev.tollfree.api;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Type checks for chat requests, with OpenAI-style messages that name the offending field. */
final class ChatRequestValidator {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> NUMBER_FIELDS = Set.of("temperature", "top_p", "presence_penalty", "frequency_penalty");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("stream", "parallel_tool_calls", "logprobs", "store");
    private static final Set<String> INTEGER_FIELDS = Set.of("n", "seed", "top_logprobs");

    private ChatRequestValidator() {}

    static ChatRequest validate(ObjectNode body, ReceivedJson received) {
        JsonNode model = body.path("model");
        if (model.isMissingNode() || model.isNull()) {
            throw invalid("model", "Missing required parameter: 'model'. Use 'auto' to let Tollfree choose.");
        }
        if (!model.isString()) {
            throw typeError("model", "a string", model);
        }
        if (model.stringValue().isBlank()) {
            throw invalid("model", "Invalid value for 'model': it must not be empty.");
        }
        for (String f : NUMBER_FIELDS) {
            checkType(body, f, JsonNode::isNumber, "a number");
        }
        for (String f : BOOLEAN_FIELDS) {
            checkType(body, f, JsonNode::isBoolean, "a boolean");
        }
        for (String f : INTEGER_FIELDS) {
            checkType(body, f, JsonNode::isIntegralNumber, "an integer");
        }
        int maxCompletionTokens = positiveInt(body, "max_completion_tokens");
        int legacyMaxTokens = positiveInt(body, "max_tokens"); // checked even when max_completion_tokens wins
        int maxTokens = maxCompletionTokens != 0 ? maxCompletionTokens : legacyMaxTokens;
        checkType(body, "user", JsonNode::isString, "a string");
        checkType(body, "reasoning_effort", JsonNode::isString, "a string");
        checkType(body, "stop", n -> n.isString() || (n.isArray() && allStrings(n)), "a string or an array of strings");
        checkType(body, "tool_choice", n -> n.isString() || n.isObject(), "a string or an object");
        checkType(body, "stream_options", JsonNode::isObject, "an object");
        checkType(body, "response_format", JsonNode::isObject, "an object");
        checkType(body, "tools", JsonNode::isArray, "an array");
        boolean includeUsage = false;
        JsonNode options = body.path("stream_options");
        if (options.isObject()) {
            checkType((ObjectNode) options, "stream_options.", "include_usage", JsonNode::isBoolean, "a boolean");
            includeUsage = options.path("include_usage").asBoolean(false);
        }
        JsonNode tools = body.path("tools");
        if (tools.isArray()) {
            for (int i = 0; i < tools.size(); i++) {
                if (!tools.get(i).isObject()) {
                    throw typeError("tools[" + i + "]", "an object", tools.get(i));
                }
            }
        }
        String format = body.path("response_format").path("type").asString("");
        boolean wantsJson = format.equals("json_object") || format.equals("json_schema");
        MessageFacts facts = messages(body);
        return new ChatRequest(
                body,
                model.stringValue(),
                body.path("stream").asBoolean(false),
                includeUsage,
                tools.isArray() && !tools.isEmpty(),
                facts.hasImages,
                wantsJson,
                maxTokens,
                facts.textChars,
                facts.hasAssistant,
                facts.firstUser,
                received);
    }

    private static final class MessageFacts {
        boolean hasImages;
        boolean hasAssistant;
        long textChars;
        String firstUser = "";
    }

    private static MessageFacts messages(ObjectNode body) {
        JsonNode messages = body.path("messages");
        if (messages.isMissingNode() || messages.isNull()) {
            throw invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray()) {
            throw typeError("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            throw invalid("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        MessageFacts facts = new MessageFacts();
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages[" + i + "]";
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw typeError(at, "an object", m);
            }
            JsonNode role = m.path("role");
            if (!role.isString()) {
                throw role.isMissingNode()
                        ? invalid(at + ".role", "Missing required parameter: '" + at + ".role'.")
                        : typeError(at + ".role", "a string", role);
            }
            if (!ROLES.contains(role.stringValue())) {
                throw invalid(at + ".role", "Invalid value for '" + at + ".role': '" + role.stringValue() + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.");
            }
            if (role.stringValue().equals("assistant")) {
                facts.hasAssistant = true;
            }
            String text = content(m.path("content"), at + ".content", facts);
            if (facts.firstUser.isEmpty() && role.stringValue().equals("user")) {
                facts.firstUser = text;
            }
            JsonNode toolCalls = m.path("tool_calls");
            if (!toolCalls.isMissingNode() && !toolCalls.isNull() && !toolCalls.isArray()) {
                throw typeError(at + ".tool_calls", "an array", toolCalls);
            }
            if (toolCalls.isArray()) {
                facts.textChars += toolCalls.toString().length();
            }
        }
        return facts;
    }

    private static String content(JsonNode content, String at, MessageFacts facts) {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            facts.textChars += content.stringValue().length();
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw typeError(at, "one of a string or array of objects", content);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partAt = at + "[" + j + "]";
            if (!part.isObject()) {
                throw typeError(partAt, "an object", part);
            }
            JsonNode type = part.path("type");
            if (!type.isString()) {
                throw type.isMissingNode()
                        ? invalid(partAt + ".type", "Missing required parameter: '" + partAt + ".type'.")
                        : typeError(partAt + ".type", "a string", type);
            }
            switch (type.stringValue()) {
                case "text" -> {
                    JsonNode t = part.path("text");
                    if (!t.isString()) {
                        throw typeError(partAt + ".text", "a string", t);
                    }
                    facts.textChars += t.stringValue().length();
                    text.append(t.stringValue());
                }
                case "image_url" -> {
                    JsonNode url = part.path("image_url");
                    boolean ok = url.isString() || (url.isObject() && url.path("url").isString());
                    if (!ok) {
                        throw typeError(partAt + ".image_url", "an object with a string 'url'", url);
                    }
                    facts.hasImages = true;
                }
                default -> {
                    // other part types (input_audio, file, ...) travel upstream unchanged
                }
            }
        }
        return text.toString();
    }

    private static int positiveInt(ObjectNode body, String field) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber()) {
            throw typeError(field, "an integer", n);
        }
        if (!n.canConvertToLong() || n.asLong() > Integer.MAX_VALUE) {
            throw invalid(field, "Invalid '" + field + "': integer above maximum value. Expected a value <= " + Integer.MAX_VALUE + ", but got " + n.asString() + " instead.");
        }
        if (n.asLong() < 1) {
            throw invalid(field, "Invalid '" + field + "': integer below minimum value. Expected a value >= 1, but got " + n.asLong() + " instead.");
        }
        return n.asInt();
    }

    private static void checkType(ObjectNode body, String field, java.util.function.Predicate<JsonNode> ok, String expected) {
        checkType(body, "", field, ok, expected);
    }

    private static void checkType(ObjectNode body, String prefix, String field, java.util.function.Predicate<JsonNode> ok, String expected) {
        JsonNode n = body.path(field);
        if (!n.isMissingNode() && !n.isNull() && !ok.test(n)) {
            throw typeError(prefix + field, expected, n);
        }
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isString()) {
                return false;
            }
        }
        return true;
    }

    static ApiException typeError(String param, String expected, JsonNode got) {
        return invalid(param, "Invalid type for '" + param + "': expected " + expected + ", but got " + describe(got) + " instead.");
    }

    private static String describe(JsonNode n) {
        if (n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "nothing";
        };
    }

    static ApiException invalid(String param, String message) {
        return new ApiException(ApiError.invalidRequest(param, message));
    }
}
