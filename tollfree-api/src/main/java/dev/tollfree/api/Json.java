package dev.tollfree.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON codec of Tollfree: tolerant of unknown fields, exact about numbers. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** Parses a JSON object; anything else is an {@link ApiException} with status 400. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(ApiError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiException(ApiError.invalidRequest(null, "The request body is empty; a JSON object is required."));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(ApiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        return object;
    }

    /** Parses any JSON, or returns empty for bytes that are not JSON. */
    public static java.util.Optional<JsonNode> tryParse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? java.util.Optional.empty() : java.util.Optional.of(node);
        } catch (JacksonException e) {
            return java.util.Optional.empty();
        }
    }

    public static java.util.Optional<JsonNode> tryParse(String text) {
        return tryParse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /**
     * The length of {@code node}'s compact serialisation ({@code node.toString().length()}),
     * counted by walking the tree instead of writing it: for estimates that only need the size.
     */
    public static long compactLength(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                long n = 2 + Math.max(0, node.size() - 1); // braces, commas
                for (var e : node.properties()) {
                    n += quotedLength(e.getKey()) + 1 + compactLength(e.getValue());
                }
                yield n;
            }
            case ARRAY -> {
                long n = 2 + Math.max(0, node.size() - 1);
                for (JsonNode v : node) {
                    n += compactLength(v);
                }
                yield n;
            }
            case STRING -> quotedLength(node.stringValue());
            case NULL -> 4;
            case BOOLEAN -> node.booleanValue() ? 4 : 5;
            case NUMBER -> node.asString().length();
            default -> node.toString().length(); // binary, POJOs, missing: their own writing
        };
    }

    /** A string with its quotes and the escapes the mapper writes ({@code \"}, {@code \\}, control characters). */
    private static long quotedLength(String s) {
        long n = 2 + s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n++;
            } else if (c < 0x20) {
                n += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 1 : 5;
            }
        }
        return n;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static tools.jackson.databind.node.ArrayNode array() {
        return MAPPER.createArrayNode();
    }
}
