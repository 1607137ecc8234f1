package dev.tollfree.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the jar: it loads, and its facts keep the shape the rest of the gateway relies on. */
class CatalogLoaderTest {

    private static final List<String> FREE_PROVIDERS = List.of("gemini", "groq", "cerebras", "sambanova", "nvidia",
            "mistral", "codestral", "openrouter", "github", "huggingface", "cohere", "cloudflare", "zhipu", "zai",
            "ollama", "ovh", "pollinations", "llm7", "kilo", "commandcode");

    private final Catalog catalog = CatalogLoader.loadBuiltIn();

    private ProviderSpec provider(String id) {
        return catalog.provider(id).orElseThrow(() -> new AssertionError("no provider " + id));
    }

    private List<ModelSpec> allModels() {
        return catalog.providers().stream().flatMap(p -> p.models().stream()).toList();
    }

    @Test
    void builtIn_loads_withEveryProviderThatHasAFreeOffering() {
        assertThat(catalog.providers()).extracting(ProviderSpec::id).containsExactlyInAnyOrderElementsOf(FREE_PROVIDERS);
        assertThat(Catalog.builtIn().providers()).hasSameSizeAs(FREE_PROVIDERS);
    }

    @Test
    void builtIn_isParsedOnceAndCached() {
        assertThat(CatalogLoader.loadBuiltIn()).isSameAs(Catalog.builtIn());
    }

    @Test
    void builtIn_leavesOutPaidOnlyProviders() {
        for (String paid : List.of("openai", "moonshot", "minimax", "deepseek")) {
            assertThat(catalog.provider(paid)).as(paid).isEmpty();
        }
    }

    @Test
    void builtIn_providerIds_areUnique() {
        List<String> ids = catalog.providers().stream().map(ProviderSpec::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void builtIn_modelIds_areUniqueWithinEachProvider() {
        for (ProviderSpec p : catalog.providers()) {
            assertThat(p.models()).as(p.id()).extracting(ModelSpec::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void builtIn_baseUrls_areHttpsWithoutTrailingSlash() {
        for (ProviderSpec p : catalog.providers()) {
            assertThat(p.baseUrl()).as(p.id()).startsWith("https://").doesNotEndWith("/");
        }
    }

    @Test
    void builtIn_keylessProviders_areExactlyOvhPollinationsLlm7Kilo() {
        assertThat(catalog.providers().stream().filter(ProviderSpec::keyless).map(ProviderSpec::id))
                .containsExactlyInAnyOrder("ovh", "pollinations", "llm7", "kilo");
    }

    @Test
    void builtIn_onlyOvh_sendsNoCredentialAtAll() {
        assertThat(catalog.providers().stream().filter(p -> p.auth() == AuthStyle.NONE).map(ProviderSpec::id))
                .containsExactly("ovh");
    }

    @Test
    void builtIn_gemini_usesHeaderAuthXGoogApiKeyAndNativeGeminiFormat() {
        ProviderSpec gemini = provider("gemini");
        assertThat(gemini.auth()).isEqualTo(AuthStyle.HEADER);
        assertThat(gemini.authHeader()).isEqualTo("x-goog-api-key");
        assertThat(gemini.format()).isEqualTo(WireFormat.GEMINI);
        assertThat(gemini.baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
    }

    @Test
    void builtIn_authHeader_isSetExactlyForHeaderAuth() {
        for (ProviderSpec p : catalog.providers()) {
            assertThat(p.authHeader().isEmpty()).as(p.id()).isEqualTo(p.auth() != AuthStyle.HEADER);
        }
    }

    @Test
    void builtIn_cloudflare_putsAccountIdPlaceholderInBaseUrl() {
        ProviderSpec cloudflare = provider("cloudflare");
        assertThat(cloudflare.auth()).isEqualTo(AuthStyle.BEARER_WITH_ACCOUNT);
        assertThat(cloudflare.baseUrl()).contains("{account_id}");
        assertThat(catalog.providers().stream().filter(p -> p.baseUrl().contains("{account_id}")).map(ProviderSpec::id))
                .containsExactly("cloudflare");
    }

    @Test
    void builtIn_cohere_usesCompatibilityApiInOpenAiFormat() {
        ProviderSpec cohere = provider("cohere");
        assertThat(cohere.baseUrl()).isEqualTo("https://api.cohere.ai/compatibility/v1");
        assertThat(cohere.format()).isEqualTo(WireFormat.OPENAI);
    }

    @Test
    void builtIn_formats_areOpenAiExceptGeminiAndCommandcode() {
        Map<String, WireFormat> formats = catalog.providers().stream()
                .filter(p -> p.format() != WireFormat.OPENAI)
                .collect(Collectors.toMap(ProviderSpec::id, ProviderSpec::format));
        assertThat(formats).containsExactlyInAnyOrderEntriesOf(
                Map.of("gemini", WireFormat.GEMINI, "commandcode", WireFormat.COMMANDCODE));
    }

    @Test
    void builtIn_zhipuAndZai_areSeparateProvidersOnTheirOwnHosts() {
        assertThat(provider("zhipu").baseUrl()).startsWith("https://open.bigmodel.cn/");
        assertThat(provider("zai").baseUrl()).startsWith("https://api.z.ai/");
        assertThat(provider("codestral").baseUrl()).startsWith("https://codestral.mistral.ai/");
    }

    @Test
    void builtIn_everyProvider_listsBetweenOneAndEightModels() {
        for (ProviderSpec p : catalog.providers()) {
            assertThat(p.models()).as(p.id()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        }
    }

    @Test
    void builtIn_everyModel_hasPositiveContextWindowAndRanksWithin1To100() {
        for (ModelSpec m : allModels()) {
            assertThat(m.contextWindow()).as(m.id()).isPositive();
            assertThat(m.maxOutput()).as(m.id()).isBetween(0, m.contextWindow());
            assertThat(m.intelligence()).as(m.id()).isBetween(1, 100);
            assertThat(m.speed()).as(m.id()).isBetween(1, 100);
        }
    }

    @Test
    void builtIn_everyModel_isFree_andMostAreEnabled() {
        assertThat(allModels()).allMatch(ModelSpec::free);
        assertThat(allModels().stream().filter(ModelSpec::enabled).count()).isGreaterThan(allModels().size() * 3L / 4);
    }

    @Test
    void builtIn_openRouterModels_allEndWithFree() {
        assertThat(provider("openrouter").models()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.id()).endsWith(":free"));
        assertThat(provider("kilo").models()).allSatisfy(m -> assertThat(m.id()).endsWith(":free"));
    }

    @Test
    void builtIn_openRouter_hasAnAccountWideDailyCap() {
        Limits account = provider("openrouter").accountLimits();
        assertThat(account.rpd()).isPositive();
        assertThat(account.rpm()).isPositive();
    }

    @Test
    void builtIn_sameOpenModelOnSeveralProviders_sharesOneCanonicalName() {
        assertThat(provider("groq").model("llama-3.3-70b-versatile").orElseThrow().canonical()).isEqualTo("llama-3.3-70b");
        assertThat(provider("cerebras").model("llama-3.3-70b").orElseThrow().canonical()).isEqualTo("llama-3.3-70b");
        assertThat(provider("groq").model("openai/gpt-oss-120b").orElseThrow().canonical()).isEqualTo("gpt-oss-120b");
        Set<String> servingGptOss120b = catalog.providers().stream()
                .filter(p -> p.models().stream().anyMatch(m -> m.canonical().equals("gpt-oss-120b")))
                .map(ProviderSpec::id).collect(Collectors.toSet());
        assertThat(servingGptOss120b).contains("groq", "cerebras", "ovh", "huggingface", "cloudflare", "ollama");
    }

    @Test
    void builtIn_modelsSharingACanonicalName_rankAlike() {
        Map<String, int[]> range = new HashMap<>();
        for (ModelSpec m : allModels()) {
            range.merge(m.canonical(), new int[] {m.intelligence(), m.intelligence()},
                    (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        range.forEach((canonical, r) -> assertThat(r[1] - r[0]).as(canonical).isLessThanOrEqualTo(5));
    }

    @Test
    void builtIn_everyUncertainLimitsLine_carriesACommentWithASourceDate() throws IOException {
        Pattern dated = Pattern.compile("#.*\\b20\\d\\d\\b");
        List<String> uncertainLines;
        try (InputStream in = CatalogLoader.class.getResourceAsStream(CatalogLoader.BUILT_IN_RESOURCE)) {
            uncertainLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.strip().startsWith("#") && l.contains("uncertain: true")).toList();
        }
        assertThat(uncertainLines).isNotEmpty()
                .allSatisfy(l -> assertThat(dated.matcher(l).find()).as(l).isTrue());
        long uncertainBlocks = catalog.providers().stream()
                .mapToLong(p -> (p.accountLimits().uncertain() ? 1 : 0)
                        + p.models().stream().filter(m -> m.limits().uncertain()).count())
                .sum();
        assertThat(uncertainBlocks).isEqualTo(uncertainLines.size());
    }

    @Test
    void builtIn_conflictingCerebrasAndOvhLimits_areMarkedUncertain() {
        assertThat(provider("cerebras").model("gpt-oss-120b").orElseThrow().limits().uncertain()).isTrue();
        assertThat(provider("ovh").models()).allSatisfy(m -> assertThat(m.limits().uncertain()).isTrue());
        assertThat(provider("groq").model("llama-3.1-8b-instant").orElseThrow().limits())
                .isEqualTo(new Limits(30, 14_400, 6_000, 500_000, false));
    }
}
