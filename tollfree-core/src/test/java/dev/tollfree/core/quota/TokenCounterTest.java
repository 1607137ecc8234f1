package dev.tollfree.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.Fixtures;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Token estimates, and the measurements behind the error margins in docs/quota.md: the fast path
 * against the exact count, and {@code o200k_base} against {@code cl100k_base}, the closest
 * stand-in available offline for the Llama-family tokenizers most free providers run.
 */
class TokenCounterTest {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    private static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
    private static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("english", "Large language models are trained on vast corpora of text. When a gateway forwards a request, it must"
                + " estimate how many tokens the prompt will use, because providers enforce per-minute token limits and daily caps"
                + " that reset at midnight UTC. A careful estimate avoids needless rate-limit errors.");
        SAMPLES.put("code", "public final class Index {\n    private final Map<String, List<Integer>> index = new HashMap<>();\n\n"
                + "    public int size() {\n        return index.values().stream().mapToInt(List::size).sum();\n    }\n\n"
                + "    void add(String word, int position) {\n        index.computeIfAbsent(word, w -> new ArrayList<>()).add(position);\n    }\n}\n");
        SAMPLES.put("json", "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\","
                + "\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"]}}}");
        SAMPLES.put("german", "Die Gateway-Software schätzt vor jedem Aufruf, wie viele Token die Eingabe verbraucht, weil Anbieter"
                + " Tageslimits und Minutenlimits durchsetzen, die um Mitternacht koordinierter Weltzeit zurückgesetzt werden.");
        SAMPLES.put("chinese", "大型语言模型在海量文本上进行训练。网关在转发请求时，必须估算提示词将使用多少个令牌，因为服务商会限制每分钟的令牌数量和每日的调用次数。");
        SAMPLES.put("russian", "Шлюз оценивает количество токенов до отправки запроса, потому что поставщики ограничивают число токенов в минуту"
                + " и число запросов в сутки.");
    }

    private final TokenCounter counter = TokenCounter.create();

    @Test
    void textTokens_isTheExactO200kCount_belowTheFastPath() {
        SAMPLES.values().forEach(text -> assertThat(counter.textTokens(text)).isEqualTo(O200K.countTokensOrdinary(text)));
        assertThat(counter.textTokens("")).isZero();
        assertThat(counter.textTokens("<|endoftext|> counts as text")).isEqualTo(O200K.countTokensOrdinary("<|endoftext|> counts as text"));
    }

    @Test
    void theFastPath_staysWithinFivePercentOfTheExactCount_onHugeTexts() {
        StringBuilder mixed = new StringBuilder();
        StringBuilder halves = new StringBuilder();
        List<String> texts = List.copyOf(SAMPLES.values());
        for (int i = 0; mixed.length() < 300_000; i++) {
            mixed.append(texts.get(i % texts.size())).append(" #").append(i).append('\n');
        }
        while (halves.length() < 150_000) {
            halves.append(SAMPLES.get("english")).append('\n');
        }
        while (halves.length() < 300_000) {
            halves.append(SAMPLES.get("chinese")).append('\n');
        }
        for (String huge : List.of(mixed.toString(), halves.toString())) {
            long exact = O200K.countTokensOrdinary(huge);
            long estimate = counter.textTokens(huge);
            double error = (double) estimate / exact - 1;
            System.out.printf("fast path: %d chars, exact %d, estimate %d, error %+.2f%%%n", huge.length(), exact, estimate, error * 100);
            assertThat(Math.abs(error)).isLessThan(0.05);
        }
    }

    @Test
    void theSafetyFactor_coversCl100kForLatinTextAndCode_butNotForCjkOrCyrillic() {
        SAMPLES.forEach((name, text) -> {
            long o200k = O200K.countTokensOrdinary(text);
            long cl100k = CL100K.countTokensOrdinary(text);
            boolean covered = Math.ceil(o200k * TokenCounter.SAFETY_FACTOR) >= cl100k;
            System.out.printf("%-8s o200k %3d, cl100k %3d, cl100k/o200k %.2f%n", name, o200k, cl100k, (double) cl100k / o200k);
            assertThat(covered).as(name).isEqualTo(!name.equals("chinese") && !name.equals("russian") && !name.equals("german"));
        });
    }

    @Test
    void promptTokens_countsTextNamesToolCallsToolsAndFraming_timesTheSafetyFactor() {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]";
        String toolCalls = "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]";
        ChatRequest request = Fixtures.request("{\"model\":\"auto\",\"tools\":" + tools + ",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"name\":\"ada\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Paris?\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":" + toolCalls + "},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 C, cloudy\"}]}");
        long raw = 3 + 4 * 4 + tokens("Be brief.") + tokens("ada") + tokens("Weather in Paris?") + tokens("18 C, cloudy")
                + tokens(request.body().path("messages").get(2).path("tool_calls").toString())
                + tokens(request.body().path("tools").toString());

        assertThat(counter.promptTokens(request)).isEqualTo((long) Math.ceil(raw * 1.10));
    }

    @Test
    void eachImage_countsAFixedCost() {
        ChatRequest oneImage = Fixtures.request("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                + "A".repeat(50_000) + "\"}}]}]}");
        ChatRequest twoImages = Fixtures.request("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":\"https://x/a.png\"},"
                + "{\"type\":\"image_url\",\"image_url\":\"https://x/b.png\"}]}]}");
        long text = 3 + 4 + tokens("What is this?");

        assertThat(counter.promptTokens(oneImage)).isEqualTo((long) Math.ceil((text + 765) * 1.10));
        assertThat(counter.promptTokens(twoImages)).isEqualTo((long) Math.ceil((text + 2 * 765) * 1.10));
    }

    @Test
    void aJsonSchemaResponseFormat_isCounted_aPlainJsonObjectIsNot() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        ChatRequest plain = Fixtures.request("{\"model\":\"auto\"," + messages + ",\"response_format\":{\"type\":\"json_object\"}}");
        ChatRequest schema = Fixtures.request("{\"model\":\"auto\"," + messages + ",\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"r\",\"schema\":{\"type\":\"object\"}}}}");

        assertThat(counter.promptTokens(plain)).isEqualTo((long) Math.ceil((3 + 4 + tokens("hi")) * 1.10));
        assertThat(counter.promptTokens(schema)).isGreaterThan(counter.promptTokens(plain) + 5);
    }

    @Test
    void outputTokens_areMaxTokens_elseTheDefault_cutAtTheModelsMaxOutput() {
        ModelSpec unknownMax = Fixtures.model("m");
        ModelSpec max1k = new ModelSpec("m", "m", 8_192, 1_000, Set.of(), Limits.NONE, 50, 50, true, true, List.of());
        ChatRequest none = Fixtures.request("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest maxTokens = Fixtures.request("{\"model\":\"auto\",\"max_tokens\":4000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest maxCompletion = Fixtures.request("{\"model\":\"auto\",\"max_completion_tokens\":300,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(counter.outputTokens(none, unknownMax)).isEqualTo(512);
        assertThat(TokenCounter.create(2_048).outputTokens(none, unknownMax)).isEqualTo(2_048);
        assertThat(TokenCounter.create(2_048).outputTokens(none, max1k)).isEqualTo(1_000);
        assertThat(counter.outputTokens(maxTokens, unknownMax)).isEqualTo(4_000);
        assertThat(counter.outputTokens(maxTokens, max1k)).isEqualTo(1_000);
        assertThat(counter.outputTokens(maxCompletion, max1k)).isEqualTo(300);
        assertThatThrownBy(() -> TokenCounter.create(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    private static long tokens(String text) {
        return O200K.countTokensOrdinary(text);
    }
}
