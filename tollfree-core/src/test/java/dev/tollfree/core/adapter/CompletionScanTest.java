package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scan may only pass an answer that the tree path would also send on unchanged, with the same
 * usage: checked against that path on the provider fixtures and on generated answers.
 */
class CompletionScanTest {
    /** What the tree path decides: the usage when it would send the provider's bytes on, else null. */
    static Usage treeVerdict(byte[] raw) {
        Optional<JsonNode> parsed = Json.tryParse(raw);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode root)) {
            return null;
        }
        if (Normalizer.inBandError(root) != null) {
            return null;
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            return null;
        }
        boolean changed = false;
        for (JsonNode choice : root.path("choices")) {
            changed |= Normalizer.message(choice.path("message"));
        }
        if (changed || !Normalizer.hasPayload(message)) {
            return null;
        }
        return Normalizer.usage(root, Usage.NONE);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertAgreesWithTheTree(byte[] raw) {
        Usage scanned = CompletionScan.passThrough(raw);
        if (scanned != null) {
            assertThat(treeVerdict(raw)).as(new String(raw, StandardCharsets.UTF_8)).isEqualTo(scanned);
        }
    }

    @Test
    void aPlainAnswer_passesWithItsUsage() {
        byte[] raw = utf8("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                "message":{"role":"assistant","content":"Hello!","refusal":null},"logprobs":null,"finish_reason":"stop"}],
                "usage":{"prompt_tokens":12,"completion_tokens":11,"total_tokens":23,"prompt_tokens_details":{"cached_tokens":0}},
                "system_fingerprint":null}""");
        assertThat(CompletionScan.passThrough(raw)).isEqualTo(new Usage(12, 11, false)).isEqualTo(treeVerdict(raw));
    }

    @Test
    void anAnswerWithoutUsage_passesWithNone() {
        byte[] raw = utf8("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}");
        assertThat(CompletionScan.passThrough(raw)).isEqualTo(Usage.NONE);
    }

    @Test
    void toolCallsWithNullContent_pass() {
        byte[] raw = utf8("{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"c2\"}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}");
        assertThat(CompletionScan.passThrough(raw)).isEqualTo(new Usage(3, 4, false)).isEqualTo(treeVerdict(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"choices\":[{\"message\":{\"content\":\"<think>a</think>b\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"  <thi\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"4\",\"reasoning\":\"2+2\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"4\",\"reasoning_details\":[{\"text\":\"r\"}]}}]}",
            "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"},\"finish_reason\":\"error\"}]}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"},\"finish_reason\":\"sensitive\"}]}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"},\"error\":{\"message\":\"x\"}}]}",
            "{\"error\":{\"message\":\"x\"},\"choices\":[{\"message\":{\"content\":\"a\"}}]}",
            "{\"base_resp\":{\"status_code\":1002},\"choices\":[{\"message\":{\"content\":\"a\"}}]}",
            "{\"choices\":[]}",
            "{\"choices\":[{\"index\":0}]}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":1},\"usage\":{\"prompt_tokens\":2}}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":99999999999999999999}}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":\"12\"}}",
            "{\"choices\":[{\"message\":{\"content\":\"a\",\"content\":\"\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"a\"}}]} {}",
            "[{\"choices\":[{\"message\":{\"content\":\"a\"}}]}]",
            "{\"choices\":[{\"message\":{\"content\":\"a\"}}]",
    })
    void answersTheTreeMustJudge_needIt(String body) {
        assertThat(CompletionScan.passThrough(utf8(body))).isNull();
    }

    @Test
    void everyProviderFixtureAnswer_isJudgedAsTheTreeJudgesIt() throws IOException {
        Path fixtures = Path.of("src/test/resources/fixtures");
        List<byte[]> answers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fixtures)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                JsonNode root = Json.parseObject(Files.readAllBytes(f));
                for (String field : List.of("chat", "toolCall")) {
                    JsonNode n = root.path(field);
                    for (JsonNode answer : n.isArray() ? n : List.of(n)) {
                        if (answer.isObject()) {
                            answers.add(Json.bytes(answer));
                        }
                    }
                }
            }
        }
        assertThat(answers).hasSizeGreaterThan(20);
        long passed = answers.stream().filter(a -> CompletionScan.passThrough(a) != null).count();
        answers.forEach(CompletionScanTest::assertAgreesWithTheTree);
        assertThat(passed).as("fixture answers the scan passes").isPositive();
    }

    @Test
    void generatedAnswers_passOnlyWhereTheTreeWouldSendTheBytesOnWithTheSameUsage() {
        Random random = new Random(20261207);
        int passed = 0;
        int cases = 20_000;
        for (int i = 0; i < cases; i++) {
            byte[] raw = utf8(new Generator(random, random.nextBoolean() ? 0.03 : 0.5).root());
            assertAgreesWithTheTree(raw);
            if (CompletionScan.passThrough(raw) != null) {
                passed++;
            }
        }
        // the generator reaches both sides of the decision often enough for the agreement to mean something
        assertThat(passed).isBetween(cases / 20, cases - cases / 20);
    }

    /** Random answers in the OpenAI shape, with the fields and values the decision turns on, repeats included. */
    private record Generator(Random r, double hazard) {
        private static final String[] STRINGS = {"\"\"", "\"Hello!\"", "\"  \"", "\"<think>r</think>a\"", "\" <b>bold</b>\"",
                "\"<thi\"", "\"safe\"", "\"stop\"", "\"error\"", "\"sensitive\"", "\"network_error\"", "\"length\""};
        private static final String[] SCALARS = {"null", "0", "7", "-3", "1.5", "1e30", "99999999999999999999", "true", "false",
                "[]", "{}", "[{}]", "[\"x\"]", "{\"status_code\":0}", "{\"status_code\":1}", "{\"message\":\"x\"}"};

        String root() {
            StringBuilder sb = new StringBuilder("{");
            List<String> fields = new ArrayList<>();
            fields.add(pair("choices", risky() ? value() : choices()));
            addSome(fields, new String[] {"id", "object", "model", "usage", "error", "base_resp", "system_fingerprint", "choices", "usage"},
                    name -> switch (name) {
                        case "usage" -> risky() ? value() : usage();
                        case "choices" -> choices();
                        case "error", "base_resp" -> risky() ? value() : "null";
                        default -> value();
                    }, 0.25);
            java.util.Collections.shuffle(fields, r);
            sb.append(String.join(",", fields)).append('}');
            if (r.nextInt(100) == 0) {
                sb.append(r.nextBoolean() ? " {}" : "]");
            }
            return sb.toString();
        }

        String choices() {
            int n = risky() ? 0 : 1 + r.nextInt(2);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(risky() ? value() : choice());
            }
            return "[" + String.join(",", items) + "]";
        }

        String choice() {
            List<String> fields = new ArrayList<>();
            if (!risky()) {
                fields.add(pair("message", risky() ? value() : message()));
            }
            addSome(fields, new String[] {"index", "finish_reason", "error", "logprobs", "message"},
                    name -> switch (name) {
                        case "finish_reason" -> risky() ? value() : string();
                        case "error" -> risky() ? value() : "null";
                        case "message" -> message();
                        default -> value();
                    }, 0.35);
            java.util.Collections.shuffle(fields, r);
            return "{" + String.join(",", fields) + "}";
        }

        String message() {
            List<String> fields = new ArrayList<>();
            fields.add(pair("role", "\"assistant\""));
            if (!risky()) {
                fields.add(pair("content", risky() ? value() : string()));
            }
            addSome(fields, new String[] {"content", "reasoning_content", "reasoning", "reasoning_details", "content_blocks",
                    "tool_calls", "refusal", "function_call", "audio"},
                    name -> switch (name) {
                        case "reasoning", "reasoning_details", "content_blocks" -> risky() ? value() : "null";
                        case "tool_calls" -> r.nextBoolean() ? "[{\"id\":\"c\",\"function\":{\"name\":\"f\"}}]" : value();
                        default -> risky() ? value() : string();
                    }, 0.15);
            java.util.Collections.shuffle(fields, r);
            return "{" + String.join(",", fields) + "}";
        }

        String usage() {
            List<String> fields = new ArrayList<>();
            addSome(fields, new String[] {"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details", "prompt_tokens"},
                    name -> risky() ? value() : Integer.toString(r.nextInt(5000)), 0.6);
            java.util.Collections.shuffle(fields, r);
            return "{" + String.join(",", fields) + "}";
        }

        void addSome(List<String> fields, String[] names, java.util.function.Function<String, String> valueOf, double chance) {
            for (String name : names) {
                if (r.nextDouble() < chance) {
                    fields.add(pair(name, valueOf.apply(name)));
                }
            }
        }

        /** Whether this spot gets a value that may send the answer to the tree. */
        boolean risky() {
            return r.nextDouble() < hazard;
        }

        String value() {
            return r.nextInt(3) == 0 ? string() : SCALARS[r.nextInt(SCALARS.length)];
        }

        String string() {
            return risky() ? STRINGS[r.nextInt(STRINGS.length)] : "\"Hello!\"";
        }

        static String pair(String name, String value) {
            return "\"" + name + "\":" + value;
        }
    }
}
