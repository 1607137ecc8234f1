package dev.tollfree.core.adapter;

import static dev.tollfree.core.adapter.ChunkScan.NEEDS_TREE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which stream chunks may be relayed as sent, and that those are exactly the ones the tree path would leave alone. */
class ChunkScanTest {
    private static final ChunkScan.ContentGate PLAIN = (i, startsPlain) -> true;
    private static final ChunkScan.ContentGate NOT_YET = (i, startsPlain) -> false;

    private static long scan(String json, ChunkScan.ContentGate plain) {
        return ChunkScan.passThrough(json.getBytes(StandardCharsets.UTF_8), plain);
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}";
    }

    @Test
    void plainContentChunk_passes_withItsTextLength() {
        assertThat(scan(chunk("{\"content\":\"Hello\"}", "null"), PLAIN)).isEqualTo(5);
    }

    @Test
    void escapedText_countsTheDecodedCharacters() {
        assertThat(scan(chunk("{\"content\":\"a\\u00e9\\n\\\"\"}", "null"), PLAIN)).isEqualTo(4);
        assertThat(scan(chunk("{\"content\":\"日本\"}", "null"), PLAIN)).isEqualTo(2);
    }

    @Test
    void reasoningContent_countsWithTheContent() {
        assertThat(scan(chunk("{\"content\":null,\"reasoning_content\":\"think\"}", "null"), NOT_YET)).isEqualTo(5);
    }

    @Test
    void contentWhileTheThinkSplitterIsUndecided_needsTheTree() {
        assertThat(scan(chunk("{\"content\":\"<think>\"}", "null"), NOT_YET)).isEqualTo(NEEDS_TREE);
    }

    @Test
    void contentThatCannotBeginAThinkTag_isReportedAsStartingPlain() {
        java.util.List<Boolean> seen = new java.util.ArrayList<>();
        ChunkScan.ContentGate record = (i, startsPlain) -> seen.add(startsPlain) && false;
        for (String content : new String[] {"Hello", "  \\n Hi", "\\u2003x", "<think>", " <", "\\u003cthink>", "   "}) {
            scan(chunk("{\"content\":\"" + content + "\"}", "null"), record);
        }
        assertThat(seen).containsExactly(true, true, true, false, false, false, false);
    }

    @Test
    void theStreamsFirstContent_passesWhenItCannotBeginAThinkTag_andLeavesTheSplitterAsTheTreeWould() {
        StreamNormalizer gate = new StreamNormalizer();
        assertThat(scan(chunk("{\"content\":\" Hello\"}", "null"), gate::plainContent)).isEqualTo(6);
        assertThat(gate.plainContent(0, false)).as("settled: later content passes whatever it starts with").isTrue();
        StreamNormalizer thinking = new StreamNormalizer();
        assertThat(scan(chunk("{\"content\":\"<think>plan\"}", "null"), thinking::plainContent)).isEqualTo(NEEDS_TREE);
        assertThat(thinking.plainContent(0, false)).isFalse();
        StreamNormalizer spaces = new StreamNormalizer();
        assertThat(scan(chunk("{\"content\":\"  \"}", "null"), spaces::plainContent)).as("whitespace is held").isEqualTo(NEEDS_TREE);
    }

    @Test
    void contentGivenTwiceInOneDelta_needsTheTree() {
        assertThat(scan(chunk("{\"content\":\"a\",\"content\":\"<think>\"}", "null"), PLAIN)).isEqualTo(NEEDS_TREE);
    }

    @Test
    void emptyOrNullContent_passesWhateverTheSplitterState() {
        assertThat(scan(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"), NOT_YET)).isZero();
        assertThat(scan(chunk("{\"content\":null}", "null"), NOT_YET)).isZero();
    }

    @Test
    void theChoiceIndexDecides_evenWhenItComesAfterTheDelta() {
        String late = "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"index\":1}]}";
        assertThat(scan(late, (i, s) -> i == 1)).isEqualTo(1);
        assertThat(scan(late, (i, s) -> i == 0)).isEqualTo(NEEDS_TREE);
        assertThat(scan("{\"choices\":[{\"delta\":{\"content\":\"ab\"}}]}", (i, s) -> i == 0)).isEqualTo(2); // no index: choice 0
    }

    @Test
    void toolCallsAndUnknownFields_areSkipped() {
        String tools = chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}", "null");
        assertThat(scan(tools, NOT_YET)).isZero();
        assertThat(scan("{\"x_groq\":{\"id\":\"q\",\"usage\":{\"a\":1}},\"choices\":[]}", PLAIN)).isZero();
    }

    @Test
    void nullUsage_passes() {
        assertThat(scan("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"usage\":null}", PLAIN)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}",
            "{\"error\":{\"message\":\"overloaded\"}}",
            "{\"error\":\"overloaded\"}",
            "{\"base_resp\":{\"status_code\":1002},\"choices\":[]}",
            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"choices\":[{\"index\":0,\"error\":{\"message\":\"x\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"r\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"r\"}]}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content_blocks\":[]}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":7}}]}",
            "{\"choices\":[{\"index\":\"0\",\"delta\":{}}]}",
            "{\"choices\":[{\"index\":99999999999,\"delta\":{}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":\"text\"}]}",
            "{\"choices\":[\"x\"]}",
            "{\"choices\":{}}",
            "[]",
            "\"text\"",
            "{\"choices\":[]} trailing",
            "{\"choices\":[]}{\"choices\":[]}",
            "{\"choices\":[",
            "{\"choices\":[]",
            "not json",
            ""})
    void anythingToActOnOrNotUnderstood_needsTheTree(String json) {
        assertThat(scan(json, PLAIN)).isEqualTo(NEEDS_TREE);
    }

    /**
     * Chunks built at random from the fields providers send, in random order: every chunk the
     * scan passes is one that parses, that the stream's normaliser leaves unchanged, that carries
     * no usage, error or finish, and whose text length is what the relay would count in the tree.
     */
    @Test
    void everyPassedChunk_isOneTheTreePathWouldLeaveAlone() {
        Random random = new Random(20261207);
        int passed = 0;
        int refused = 0;
        for (int n = 0; n < 5_000; n++) {
            String json = randomChunk(random);
            boolean plainFirst = random.nextBoolean();
            // the stream's own gate: choice 1 past any think block, choice 0 only with plainFirst,
            // and content that cannot begin a think tag settles a splitter still at its start
            long chars = scan(json, primed(plainFirst)::plainContent);
            if (chars == NEEDS_TREE) {
                refused++;
                continue;
            }
            passed++;
            ObjectNode tree = (ObjectNode) Json.tryParse(json).orElseThrow(() -> new AssertionError("passed but does not parse: " + json));
            ObjectNode before = tree.deepCopy();
            StreamNormalizer normalizer = primed(plainFirst);
            assertThat(Normalizer.inBandError(tree)).as(json).isNull();
            assertThat(Normalizer.usage(tree, Usage.NONE)).as(json).isSameAs(Usage.NONE);
            normalizer.chunk(tree);
            assertThat(tree).as(json).isEqualTo(before);
            long counted = 0;
            for (JsonNode choice : tree.path("choices")) {
                assertThat(choice.path("finish_reason").isString()).as(json).isFalse();
                counted += choice.path("delta").path("content").asString("").length()
                        + choice.path("delta").path("reasoning_content").asString("").length();
            }
            assertThat(chars).as(json).isEqualTo(counted);
        }
        assertThat(passed).as("chunks passed").isGreaterThan(500);
        assertThat(refused).as("chunks refused").isGreaterThan(500);
    }

    /**
     * Whole streams of content pieces, through the relay's way (scan with the stream's own gate,
     * the tree only for what it refuses) and through the tree alone: every chunk comes out the same.
     */
    @Test
    void wholeStreams_comeOutTheSameThroughTheScanAsThroughTheTreeAlone() {
        String[] pieces = {"<think>", "plan", "</think>", " ", "\\n", "Hello", "<b>", "x", "<thi", "nk>", "\\u2003", "é"};
        Random random = new Random(20261208);
        int passed = 0;
        for (int n = 0; n < 2_000; n++) {
            StreamNormalizer relay = new StreamNormalizer();
            StreamNormalizer tree = new StreamNormalizer();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                String json = chunk("{\"content\":\"" + pieces[random.nextInt(pieces.length)] + "\"}", "null");
                ObjectNode expected = (ObjectNode) Json.tryParse(json).orElseThrow();
                tree.chunk(expected);
                ObjectNode relayed = (ObjectNode) Json.tryParse(json).orElseThrow();
                if (scan(json, relay::plainContent) == NEEDS_TREE) {
                    relay.chunk(relayed);
                } else {
                    passed++; // relayed as sent: what the tree path made of it must be the same
                }
                assertThat(relayed).as(json).isEqualTo(expected);
            }
            assertThat(relay.flush()).isEqualTo(tree.flush());
        }
        assertThat(passed).as("chunks passed as sent").isGreaterThan(500);
    }

    /** A normaliser whose splitter for choice 1 is past any think block, and for choice 0 only when asked. */
    private static StreamNormalizer primed(boolean plainFirst) {
        StreamNormalizer normalizer = new StreamNormalizer();
        normalizer.chunk((ObjectNode) Json.tryParse("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"go\"}}"
                + (plainFirst ? ",{\"index\":0,\"delta\":{\"content\":\"go\"}}" : "") + "]}").orElseThrow());
        assertThat(normalizer.plainContent(1, false)).isTrue();
        assertThat(normalizer.plainContent(0, false)).isEqualTo(plainFirst);
        return normalizer;
    }

    private static String randomChunk(Random r) {
        List<String> top = new ArrayList<>();
        top.add("\"id\":\"chatcmpl-1\"");
        if (r.nextInt(4) == 0) {
            top.add("\"object\":\"chat.completion.chunk\"");
        }
        if (r.nextInt(8) == 0) {
            top.add("\"usage\":" + pick(r, "null", "{\"prompt_tokens\":3,\"completion_tokens\":4}"));
        }
        if (r.nextInt(12) == 0) {
            top.add("\"error\":" + pick(r, "null", "{\"message\":\"boom\"}", "\"boom\""));
        }
        if (r.nextInt(12) == 0) {
            top.add("\"base_resp\":" + pick(r, "null", "{\"status_code\":0}", "{\"status_code\":1008}"));
        }
        if (r.nextInt(6) == 0) {
            top.add("\"x_extra\":" + pick(r, "{\"usage\":{\"a\":1},\"error\":\"no\"}", "[1,{\"finish_reason\":\"stop\"}]", "7"));
        }
        if (r.nextInt(10) != 0) {
            List<String> choices = new ArrayList<>();
            int count = r.nextInt(5) == 0 ? 2 : 1;
            for (int i = 0; i < count; i++) {
                choices.add(randomChoice(r, i));
            }
            top.add("\"choices\":[" + String.join(",", choices) + "]");
        }
        java.util.Collections.shuffle(top, r);
        return "{" + String.join(",", top) + "}";
    }

    private static String randomChoice(Random r, int index) {
        List<String> fields = new ArrayList<>();
        if (r.nextInt(5) != 0) {
            fields.add("\"index\":" + index);
        }
        if (r.nextInt(3) != 0) {
            fields.add("\"finish_reason\":" + pick(r, "null", "null", "null", "\"stop\"", "\"error\"", "\"sensitive\""));
        }
        if (r.nextInt(15) == 0) {
            fields.add("\"error\":" + pick(r, "null", "{\"message\":\"x\"}"));
        }
        if (r.nextInt(4) == 0) {
            fields.add("\"logprobs\":" + pick(r, "null", "{\"content\":[{\"token\":\"a\"}]}"));
        }
        List<String> delta = new ArrayList<>();
        if (r.nextInt(3) != 0) {
            delta.add("\"content\":" + pick(r, "\"hello \"", "\"\"", "null", "\"  \"", "\"<think>a\"", "\"é\\u00e9\\n\"",
                    "[{\"type\":\"text\",\"text\":\"a\"}]", "[]"));
        }
        if (r.nextInt(4) == 0) {
            delta.add("\"reasoning_content\":" + pick(r, "\"why\"", "\"\"", "null"));
        }
        if (r.nextInt(12) == 0) {
            delta.add("\"reasoning\":" + pick(r, "\"why\"", "null"));
        }
        if (r.nextInt(12) == 0) {
            delta.add("\"reasoning_details\":" + pick(r, "[{\"type\":\"reasoning.text\",\"text\":\"r\"}]", "null", "[]"));
        }
        if (r.nextInt(15) == 0) {
            delta.add("\"content_blocks\":" + pick(r, "[{\"type\":\"thinking\",\"thinking\":\"t\"}]", "null"));
        }
        if (r.nextInt(5) == 0) {
            delta.add("\"role\":\"assistant\"");
        }
        if (r.nextInt(6) == 0) {
            delta.add("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}}]");
        }
        java.util.Collections.shuffle(delta, r);
        if (r.nextInt(10) != 0) {
            fields.add("\"delta\":{" + String.join(",", delta) + "}");
        }
        java.util.Collections.shuffle(fields, r);
        return "{" + String.join(",", fields) + "}";
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
