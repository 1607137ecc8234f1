package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A rewritten body written from the received bytes is the same JSON as the rewritten tree serialised. */
class ReceivedJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode shallowCopy(ObjectNode original) {
        ObjectNode copy = original.objectNode();
        copy.setAll(original);
        return copy;
    }

    /** Same members in the same order with equal values, as the tree path would send. */
    private static void assertSameJson(byte[] written, ObjectNode rewritten) {
        ObjectNode back = Json.parseObject(written);
        assertThat(back).isEqualTo(rewritten);
        assertThat(back.propertyNames()).containsExactlyElementsOf(rewritten.propertyNames());
    }

    @Test
    void unchangedMembers_areTheCallersBytes_changedOnesAreSerialised() {
        byte[] bytes = utf8("{ \"model\" : \"auto\",\n  \"temperature\" : 1.50, \"messages\":[ {\"role\":\"user\",\"content\":\"h\\u00e9\"} ] ,\"stream\":false}");
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode rewritten = shallowCopy(tree);
        rewritten.put("model", "llama-3.3-70b");
        rewritten.remove("stream");

        byte[] out = new ReceivedJson(bytes, tree).write(rewritten);

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(
                "{\"model\":\"llama-3.3-70b\",\"temperature\" : 1.50,\"messages\":[ {\"role\":\"user\",\"content\":\"h\\u00e9\"} ]}");
        assertSameJson(out, rewritten);
    }

    @Test
    void aMemberAdded_goesAtTheEnd_asTheTreeWouldWriteIt() {
        byte[] bytes = utf8("{\"model\":\"auto\",\"messages\":[]}");
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode rewritten = shallowCopy(tree);
        rewritten.put("stream", true);
        rewritten.putObject("stream_options").put("include_usage", true);

        byte[] out = new ReceivedJson(bytes, tree).write(rewritten);

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"auto\",\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"a\",\"model\":\"b\",\"x\":1}", // a key given twice: the tree keeps the last, the bytes both
        "{\"mo\\u0064el\":\"a\",\"x\":1}", // an escaped name
        "\uFEFF{\"model\":\"a\",\"x\":1}", // a byte-order mark
    })
    void whatTheScanDoesNotRecognise_isSerialisedFromTheTree(String body) {
        byte[] bytes = utf8(body);
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode rewritten = shallowCopy(tree);
        rewritten.put("model", "m");

        byte[] out = new ReceivedJson(bytes, tree).write(rewritten);

        assertThat(out).isEqualTo(Json.bytes(rewritten));
    }

    @Test
    void utf16_isSerialisedFromTheTree() {
        byte[] bytes = "{\"model\":\"a\",\"x\":1}".getBytes(StandardCharsets.UTF_16LE);
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode rewritten = shallowCopy(tree);
        rewritten.put("model", "m");

        assertThat(new ReceivedJson(bytes, tree).write(rewritten)).isEqualTo(Json.bytes(rewritten));
    }

    @Test
    void bytesAfterTheObject_areNotPassedOn() {
        // the parser refuses such a body; should one get through, only the object goes on
        byte[] bytes = utf8("{\"model\":\"a\",\"x\":{\"y\":[1,2]}}  {\"model\":\"smuggled\"}");
        ObjectNode tree = Json.parseObject(utf8("{\"model\":\"a\",\"x\":{\"y\":[1,2]}}"));
        ObjectNode rewritten = shallowCopy(tree);

        byte[] out = new ReceivedJson(bytes, tree).write(rewritten);

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"a\",\"x\":{\"y\":[1,2]}}");
    }

    @Test
    void anEmptyObject() {
        byte[] bytes = utf8(" { } ");
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode rewritten = shallowCopy(tree);
        rewritten.put("model", "m");

        assertSameJson(new ReceivedJson(bytes, tree).write(rewritten), rewritten);
    }

    @Test
    void membersInAnotherOrder_orMany_areStillFoundByName() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": [").append(i).append(']');
        }
        byte[] bytes = utf8(b.append('}').toString());
        ObjectNode tree = Json.parseObject(bytes);
        ObjectNode reversed = tree.objectNode();
        List<String> names = new ArrayList<>(tree.propertyNames());
        for (int i = names.size() - 1; i >= 0; i -= 7) {
            reversed.set(names.get(i), tree.get(names.get(i)));
        }
        ReceivedJson received = new ReceivedJson(bytes, tree);

        assertSameJson(received.write(shallowCopy(tree)), tree);
        byte[] out = received.write(reversed);
        assertSameJson(out, reversed);
        assertThat(new String(out, StandardCharsets.UTF_8)).startsWith("{\"k19999\": [19999],\"k19992\": [19992],");
    }

    /** Generated objects (strings with quotes, escapes and brackets, nesting, odd spacing), rewritten at random. */
    @Test
    void generatedBodiesAndRewrites_agreeWithTheTree() {
        Random random = new Random(20261207);
        int reused = 0;
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = utf8(object(random, 0));
            ObjectNode tree = Json.parseObject(bytes);
            ObjectNode rewritten = shallowCopy(tree);
            List<String> names = new ArrayList<>(tree.propertyNames());
            for (String name : names) {
                switch (random.nextInt(5)) {
                    case 0 -> rewritten.remove(name);
                    case 1 -> rewritten.put(name, "replaced \"" + n + "\"");
                    default -> { }
                }
            }
            if (random.nextBoolean()) {
                rewritten.put("added_" + random.nextInt(3), random.nextInt());
            }
            ReceivedJson received = new ReceivedJson(bytes, tree);
            byte[] out = received.write(rewritten);
            assertSameJson(out, rewritten);
            assertThat(received.write(rewritten)).isEqualTo(out); // the scan is kept, the answer does not change
            if (!java.util.Arrays.equals(out, Json.bytes(rewritten))) {
                reused++;
            }
        }
        assertThat(reused).as("bodies written with the caller's spelling").isGreaterThan(2_500);
    }

    private static final String[] WHITE = {"", " ", "\n", " \t ", "\r\n  "};
    private static final String[] STRINGS = {"plain", "with \\\"quotes\\\"", "brackets {[}]", "back\\\\slash", "uni \\u00e9 é 😀",
        "colon: comma, end}", "\\\\\\\"", ""};

    private static String ws(Random r) {
        return WHITE[r.nextInt(WHITE.length)];
    }

    private static String object(Random r, int depth) {
        StringBuilder b = new StringBuilder(ws(r)).append('{');
        int members = r.nextInt(depth == 0 ? 9 : 4);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                b.append(ws(r)).append(',');
            }
            // distinct top-level names, so that the scan applies (duplicates are tested above)
            b.append(ws(r)).append("\"k").append(i).append(r.nextBoolean() ? " é" : "").append('"').append(ws(r)).append(':')
                    .append(ws(r)).append(value(r, depth + 1));
        }
        return b.append(ws(r)).append('}').append(ws(r)).toString();
    }

    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 1 -> Integer.toString(r.nextInt(2_000_001) - 1_000_000);
            case 2 -> List.of("1.50", "-0.0", "1e2", "2.5E-3", "12345678901234567890123").get(r.nextInt(5));
            case 3 -> List.of("true", "false", "null").get(r.nextInt(3));
            case 4 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + STRINGS[r.nextInt(STRINGS.length)] + "\"";
            case 5 -> object(r, depth);
            default -> {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(ws(r)).append(value(r, depth + 1));
                }
                yield b.append(ws(r)).append(']').toString();
            }
        };
    }

    @Test
    void chatRequestParsedFromBytes_writesWithThem_andOneBuiltFromATreeSerialises() {
        byte[] bytes = utf8("{\"model\":\"auto\",  \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest fromBytes = ChatRequest.parse(bytes);
        ChatRequest fromTree = ChatRequest.parse(Json.parseObject(bytes));
        ObjectNode rewritten = shallowCopy(fromBytes.body());
        rewritten.put("model", "m");
        ObjectNode rewrittenTree = shallowCopy(fromTree.body());
        rewrittenTree.put("model", "m");

        assertThat(new String(fromBytes.bytesOf(rewritten), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(fromTree.bytesOf(rewrittenTree)).isEqualTo(Json.bytes(rewrittenTree));
        JsonNode unchanged = fromBytes.body();
        assertThat(unchanged.path("model").stringValue()).isEqualTo("auto");
    }
}
