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

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static tools.jackson.databind.node.ArrayNode array() {
        return MAPPER.createArrayNode();
    }
}
