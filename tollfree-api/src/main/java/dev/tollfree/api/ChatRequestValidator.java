package dev.tollfree.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Type checks for chat requests, with OpenAI-style messages that name the offending field. */
final class ChatRequestValidator {
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
        // one pass over the members present (a typical request has a handful) instead of a
        // lookup per known field; the first wrong member in the request's order is named
        int maxCompletionTokens = 0;
        int legacyMaxTokens = 0; // checked even when max_completion_tokens wins
        boolean stream = false;
        boolean includeUsage = false;
        boolean hasTools = false;
        long toolsJsonChars = 0;
        boolean wantsJson = false;
        for (var member : body.properties()) {
            JsonNode n = member.getValue();
            if (n.isNull()) {
                continue;
            }
            String field = member.getKey();
            switch (field) {
                case "temperature", "top_p", "presence_penalty", "frequency_penalty" -> expect(field, n, n.isNumber(), "a number");
                case "stream" -> {
                    expect(field, n, n.isBoolean(), "a boolean");
                    stream = n.booleanValue();
                }
                case "parallel_tool_calls", "logprobs", "store" -> expect(field, n, n.isBoolean(), "a boolean");
                case "n", "seed", "top_logprobs" -> expect(field, n, n.isIntegralNumber(), "an integer");
                case "max_completion_tokens" -> maxCompletionTokens = positiveInt(field, n);
                case "max_tokens" -> legacyMaxTokens = positiveInt(field, n);
                case "user", "reasoning_effort" -> expect(field, n, n.isString(), "a string");
                case "stop" -> expect(field, n, n.isString() || (n.isArray() && allStrings(n)), "a string or an array of strings");
                case "tool_choice" -> expect(field, n, n.isString() || n.isObject(), "a string or an object");
                case "stream_options" -> {
                    expect(field, n, n.isObject(), "an object");
                    JsonNode usage = n.path("include_usage");
                    if (!usage.isMissingNode() && !usage.isNull()) {
                        expect("stream_options.include_usage", usage, usage.isBoolean(), "a boolean");
                        includeUsage = usage.booleanValue();
                    }
                }
                case "response_format" -> {
                    expect(field, n, n.isObject(), "an object");
                    String format = n.path("type").asString("");
                    wantsJson = format.equals("json_object") || format.equals("json_schema");
                }
                case "tools" -> {
                    expect(field, n, n.isArray(), "an array");
                    for (int i = 0; i < n.size(); i++) {
                        if (!n.get(i).isObject()) {
                            throw typeError("tools[" + i + "]", "an object", n.get(i));
                        }
                    }
                    hasTools = !n.isEmpty();
                    toolsJsonChars = hasTools ? Json.compactLength(n) : 0;
                }
                default -> {
                    // model and messages are checked on their own; unknown fields travel upstream unchanged
                }
            }
        }
        int maxTokens = maxCompletionTokens != 0 ? maxCompletionTokens : legacyMaxTokens;
        MessageFacts facts = messages(body);
        return new ChatRequest(
                body,
                model.stringValue(),
                stream,
                includeUsage,
                hasTools,
                facts.hasImages,
                wantsJson,
                maxTokens,
                facts.textChars,
                toolsJsonChars,
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
            // the path strings ("messages[3].role") are built only for an error
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw typeError("messages[" + i + "]", "an object", m);
            }
            JsonNode role = m.path("role");
            if (!role.isString()) {
                String at = "messages[" + i + "].role";
                throw role.isMissingNode()
                        ? invalid(at, "Missing required parameter: '" + at + "'.")
                        : typeError(at, "a string", role);
            }
            boolean user = false;
            switch (role.stringValue()) {
                case "user" -> user = true;
                case "assistant" -> facts.hasAssistant = true;
                case "system", "developer", "tool", "function" -> {}
                default -> {
                    String at = "messages[" + i + "].role";
                    throw invalid(at, "Invalid value for '" + at + "': '" + role.stringValue() + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.");
                }
            }
            String text = content(m.path("content"), i, facts);
            if (user && facts.firstUser.isEmpty()) {
                facts.firstUser = text;
            }
            JsonNode toolCalls = m.path("tool_calls");
            if (!toolCalls.isMissingNode() && !toolCalls.isNull() && !toolCalls.isArray()) {
                throw typeError("messages[" + i + "].tool_calls", "an array", toolCalls);
            }
            if (toolCalls.isArray()) {
                facts.textChars += Json.compactLength(toolCalls);
            }
        }
        return facts;
    }

    private static String content(JsonNode content, int message, MessageFacts facts) {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            facts.textChars += content.stringValue().length();
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw typeError("messages[" + message + "].content", "one of a string or array of objects", content);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (!part.isObject()) {
                throw typeError(partAt(message, j), "an object", part);
            }
            JsonNode type = part.path("type");
            if (!type.isString()) {
                String partAt = partAt(message, j);
                throw type.isMissingNode()
                        ? invalid(partAt + ".type", "Missing required parameter: '" + partAt + ".type'.")
                        : typeError(partAt + ".type", "a string", type);
            }
            switch (type.stringValue()) {
                case "text" -> {
                    JsonNode t = part.path("text");
                    if (!t.isString()) {
                        throw typeError(partAt(message, j) + ".text", "a string", t);
                    }
                    facts.textChars += t.stringValue().length();
                    text.append(t.stringValue());
                }
                case "image_url" -> {
                    JsonNode url = part.path("image_url");
                    boolean ok = url.isString() || (url.isObject() && url.path("url").isString());
                    if (!ok) {
                        throw typeError(partAt(message, j) + ".image_url", "an object with a string 'url'", url);
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

    private static String partAt(int message, int part) {
        return "messages[" + message + "].content[" + part + "]";
    }

    private static int positiveInt(String field, JsonNode n) {
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

    private static void expect(String field, JsonNode n, boolean ok, String expected) {
        if (!ok) {
            throw typeError(field, expected, n);
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
