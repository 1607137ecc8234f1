package dev.tollfree.core.routing;

import static dev.tollfree.core.Fixtures.disabled;
import static dev.tollfree.core.Fixtures.key;
import static dev.tollfree.core.Fixtures.keyless;
import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static dev.tollfree.core.Fixtures.withAliases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.ProviderKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableBuilderTest {
    private static final Set<WireFormat> OPENAI = Set.of(WireFormat.OPENAI);

    private static RouteTable build(Catalog catalog, List<ProviderKey> keys) {
        return RouteTableBuilder.build(catalog, keys, List.of(), List.of(), OPENAI);
    }

    private static List<String> names(RouteTable table) {
        return table.chain().stream().map(Route::name).toList();
    }

    @Test
    void build_keylessProvider_appearsWithTheAnonymousKeyOnly() {
        RouteTable table = build(new Catalog(List.of(keyless("ovh", "http://ovh.invalid/v1", model("m")))), List.of());
        assertThat(names(table)).containsExactly("ovh/m");
        assertThat(table.chain().getFirst().keys()).containsExactly(KeyRef.anonymous("ovh"));
    }

    @Test
    void build_keylessProviderWithAKey_usesTheKey() {
        RouteTable table = build(new Catalog(List.of(keyless("llm7", "http://llm7.invalid/v1", model("m")))),
                List.of(key(5, "llm7", "secret")));
        assertThat(table.chain().getFirst().keys()).extracting(KeyRef::id).containsExactly(5L);
    }

    @Test
    void build_providerWithoutKeys_isLeftOut() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("a")),
                provider("cerebras", "http://cerebras.invalid/v1", model("b"))));
        assertThat(names(build(catalog, List.of(key(1, "cerebras", "csk-1"))))).containsExactly("cerebras/b");
    }

    @Test
    void build_disabledKey_doesNotCount() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("a"))));
        assertThat(build(catalog, List.of(key(1, "groq", "gsk-1").withEnabled(false))).isEmpty()).isTrue();
    }

    @Test
    void build_keysOfAProvider_keepTheirOrderOnEveryRoute() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("a"), model("b"))));
        RouteTable table = build(catalog, List.of(key(3, "groq", "x"), key(1, "groq", "y"), key(2, "other", "z")));
        for (Route r : table.chain()) {
            assertThat(r.keys()).extracting(KeyRef::id).containsExactly(3L, 1L);
        }
    }

    @Test
    void build_unsupportedWireFormat_isLeftOut() {
        ProviderSpec cohere = new ProviderSpec("cohere", "Cohere", "http://cohere.invalid/v2", dev.tollfree.core.catalog.AuthStyle.BEARER, "",
                WireFormat.COHERE, false, Limits.NONE, List.of(model("command")), false);
        assertThat(build(new Catalog(List.of(cohere)), List.of(key(1, "cohere", "k"))).isEmpty()).isTrue();
    }

    @Test
    void build_disabledModels_areLeftOut() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("on"), disabled(model("off")))));
        assertThat(names(build(catalog, List.of(key(1, "groq", "k"))))).containsExactly("groq/on");
    }

    @Test
    void build_overrides_disableAndEnableModels() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("on"), disabled(model("off")))));
        RouteTable table = RouteTableBuilder.build(catalog, List.of(key(1, "groq", "k")),
                List.of(ModelSetting.empty("groq", "on").withEnabled(false), ModelSetting.empty("groq", "off").withEnabled(true)),
                List.of(), OPENAI);
        assertThat(names(table)).containsExactly("groq/off");
    }

    @Test
    void build_overrideOfContextAndCapabilities_isApplied() {
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", model("m"))));
        ModelSetting s = new ModelSetting("groq", "m", Optional.empty(), Optional.empty(), Optional.of(4096),
                Optional.of(Set.of(Capability.VISION)), Optional.of(99));
        ModelSpec effective = RouteTableBuilder.build(catalog, List.of(key(1, "groq", "k")), List.of(s), List.of(), OPENAI)
                .chain().getFirst().model();
        assertThat(effective.contextWindow()).isEqualTo(4096);
        assertThat(effective.capabilities()).containsExactly(Capability.VISION);
        assertThat(effective.intelligence()).isEqualTo(99);
    }

    @Test
    void build_order_explicitChainFirstThenIntelligenceThenSpeedThenName() {
        ModelSpec smart = model("smart", "smart", 90, 128_000, Set.of());
        ModelSpec dull = model("dull", "dull", 10, 128_000, Set.of());
        ModelSpec midSlow = new ModelSpec("mid-slow", null, 128_000, 0, Set.of(), Limits.NONE, 50, 10, true, true, List.of());
        ModelSpec midFast = new ModelSpec("mid-fast", null, 128_000, 0, Set.of(), Limits.NONE, 50, 90, true, true, List.of());
        Catalog catalog = new Catalog(List.of(
                provider("a", "http://a.invalid/v1", dull, midSlow),
                provider("b", "http://b.invalid/v1", smart, midFast, model("mid-b", "mid-b", 50, 128_000, Set.of()))));
        RouteTable table = RouteTableBuilder.build(catalog, List.of(key(1, "a", "k"), key(2, "b", "k")), List.of(),
                List.of("a/dull", "nope/unknown", "a/mid-slow"), OPENAI);
        assertThat(names(table)).containsExactly("a/dull", "a/mid-slow", "b/smart", "b/mid-fast", "b/mid-b");
    }

    @Test
    void named_resolvesProviderSlashModelIdCanonicalAndAlias() {
        ModelSpec groqLlama = withAliases(model("llama-3.3-70b-versatile", "llama-3.3-70b", 70, 128_000, Set.of()), "llama70");
        ModelSpec cerebrasLlama = model("llama3.3-70b", "llama-3.3-70b", 70, 128_000, Set.of());
        Catalog catalog = new Catalog(List.of(provider("groq", "http://groq.invalid/v1", groqLlama),
                provider("cerebras", "http://cerebras.invalid/v1", cerebrasLlama)));
        RouteTable table = build(catalog, List.of(key(1, "groq", "k"), key(2, "cerebras", "k")));

        assertThat(table.named("llama-3.3-70b")).extracting(Route::name).containsExactlyInAnyOrder("groq/llama-3.3-70b-versatile", "cerebras/llama3.3-70b");
        assertThat(table.named("llama70")).extracting(Route::name).containsExactly("groq/llama-3.3-70b-versatile");
        assertThat(table.named("llama3.3-70b")).extracting(Route::name).containsExactly("cerebras/llama3.3-70b");
        assertThat(table.named("groq/llama-3.3-70b-versatile")).hasSize(1);
        assertThat(table.named("gpt-5")).isEmpty();
        assertThat(table.publicNames()).startsWith("llama-3.3-70b").contains("groq/llama-3.3-70b-versatile", "cerebras/llama3.3-70b")
                .doesNotHaveDuplicates();
    }
}
