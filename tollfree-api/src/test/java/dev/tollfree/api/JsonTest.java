package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class JsonTest {

    private static ApiError rejected(String body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("expected %s to be rejected", body).isNotNull();
        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.error().param()).isNull();
        return e.error();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"model\":", "{'a':1}", "{\"a\":1,}"})
    void parseObject_notJson_isA400SayingSo(String body) {
        assertThat(rejected(body).message()).startsWith("The request body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"model\":\"auto\"}]", "\"text\"", "42", "null", "true"})
    void parseObject_nonObjectJson_isA400AskingForAnObject(String body) {
        assertThat(rejected(body).message()).isEqualTo("The request body must be a JSON object.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\r\n"})
    void parseObject_emptyBody_isA400SayingItIsEmpty(String body) {
        assertThat(rejected(body).message()).contains("empty");
    }

    @Test
    void parseObject_trailingGarbageAfterObject_isRejected() {
        assertThat(rejected("{\"model\":\"auto\"} trailing").message()).startsWith("The request body is not valid JSON");
    }

    @Test
    void parseObject_unknownFieldsAndDecimals_areKeptExactly() {
        ObjectNode o = Json.parseObject("{\"temperature\":0.1,\"zzz\":{\"n\":12345678901234567890}}".getBytes(StandardCharsets.UTF_8));
        assertThat(o.path("temperature").decimalValue()).isEqualTo(new BigDecimal("0.1"));
        assertThat(o.path("zzz").path("n").bigIntegerValue().toString()).isEqualTo("12345678901234567890");
    }

    @Test
    void tryParse_garbage_isEmptyNotAnException() {
        assertThat(Json.tryParse("<html>")).isEmpty();
        assertThat(Json.tryParse("")).isEmpty();
        assertThat(Json.tryParse("[1]")).isPresent();
    }

    @Test
    void apiError_toJson_isTheOpenAiEnvelopeWithExplicitNulls() {
        ObjectNode json = ApiError.notFound("model_not_found", "no such model").toJson();
        assertThat(Json.text(json)).isEqualTo(
                "{\"error\":{\"message\":\"no such model\",\"type\":\"not_found_error\",\"param\":null,\"code\":\"model_not_found\"}}");
    }

    @org.junit.jupiter.api.Test
    void compactLength_isTheLengthOfTheCompactSerialisation() {
        java.util.Random random = new java.util.Random(11);
        String[] texts = {"", "a", "q\"uote", "back\\slash", "line\nbreak\ttab\r\b\f", "\u0001\u001f", "caf\u00e9", "\u6771",
                "\uD83D\uDE00", "x/y", "\u2028", "<think>"};
        String[] numbers = {"0", "-7", "12345678901234", "1.5", "-0.25", "1e10", "3.0E-5", "123456789012345678901234567890", "2.50"};
        for (int n = 0; n < 1_000; n++) {
            StringBuilder json = new StringBuilder();
            value(random, texts, numbers, json, 0);
            tools.jackson.databind.JsonNode node = Json.tryParse(json.toString()).orElseThrow();
            assertThat(Json.compactLength(node)).as(json.toString()).isEqualTo(node.toString().length());
        }
    }

    private static void value(java.util.Random r, String[] texts, String[] numbers, StringBuilder out, int depth) {
        switch (depth > 3 ? r.nextInt(4) : r.nextInt(6)) {
            case 0 -> out.append(quoted(texts[r.nextInt(texts.length)]));
            case 1 -> out.append(numbers[r.nextInt(numbers.length)]);
            case 2 -> out.append(r.nextBoolean() ? "true" : "false");
            case 3 -> out.append("null");
            case 4 -> {
                out.append('[');
                for (int i = r.nextInt(4); i > 0; i--) {
                    value(r, texts, numbers, out, depth + 1);
                    out.append(i > 1 ? "," : "");
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                for (int i = r.nextInt(4); i > 0; i--) {
                    out.append(quoted(texts[r.nextInt(texts.length)] + i)).append(':');
                    value(r, texts, numbers, out, depth + 1);
                    out.append(i > 1 ? "," : "");
                }
                out.append('}');
            }
        }
    }

    private static String quoted(String s) {
        return Json.text(Json.MAPPER.getNodeFactory().stringNode(s));
    }
}
