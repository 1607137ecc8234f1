package dev.tollfree.app.config;

import static dev.tollfree.app.config.TestCatalog.CATALOG;
import static dev.tollfree.app.config.TestCatalog.GROQ;
import static dev.tollfree.app.config.TestCatalog.LLAMA_70B;
import static dev.tollfree.app.config.TestCatalog.LLAMA_8B;
import static dev.tollfree.app.config.TestCatalog.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Converting provider sections into catalog {@link ProviderSpec}s. */
class ProviderConfigTest {

    @Test
    void builtIn_applyTo_overridesUrlAccountLimitsAndModels() {
        BuiltInProviderConfig groq = (BuiltInProviderConfig) config("""
                providers:
                  groq:
                    base_url: https://proxy.example.com/v1/
                    limits: { rpd: 2000 }
                    models:
                      llama-3.3-70b-versatile:
                        enabled: false
                        context_window: 65536
                        capabilities: [tools, vision]
                        limits: { rpm: 10, tpd: 0 }
                        intelligence: 75
                """).providers().getFirst();

        ProviderSpec spec = groq.applyTo(GROQ);

        assertThat(spec.baseUrl()).isEqualTo("https://proxy.example.com/v1");
        assertThat(spec.accountLimits()).isEqualTo(new Limits(0, 2000, 0, 0, false));
        assertThat(spec.auth()).isEqualTo(GROQ.auth());
        assertThat(spec.custom()).isFalse();
        ModelSpec m = spec.model("llama-3.3-70b-versatile").orElseThrow();
        assertThat(m.enabled()).isFalse();
        assertThat(m.contextWindow()).isEqualTo(65536);
        assertThat(m.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.VISION);
        assertThat(m.limits()).isEqualTo(new Limits(10, 1000, 6000, 100000, false));
        assertThat(m.intelligence()).isEqualTo(75);
        assertThat(m.speed()).isEqualTo(LLAMA_70B.speed());
        assertThat(m.canonical()).isEqualTo(LLAMA_70B.canonical());
        assertThat(spec.model("llama-3.1-8b-instant")).contains(LLAMA_8B);
    }

    @Test
    void builtIn_withNothingSet_leavesTheCatalogSpecUnchanged() {
        BuiltInProviderConfig groq = (BuiltInProviderConfig) config("providers:\n  groq:\n    enabled: false\n").providers().getFirst();
        assertThat(groq.enabled()).isFalse();
        assertThat(groq.applyTo(GROQ)).isEqualTo(GROQ);
    }

    @Test
    void builtIn_applyTo_rejectsAnotherProvider() {
        BuiltInProviderConfig groq = new BuiltInProviderConfig("groq", true, Optional.empty(), List.of(), Optional.empty(), List.of());
        assertThatThrownBy(() -> groq.applyTo(TestCatalog.CLOUDFLARE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void custom_toSpec() {
        CustomProviderConfig local = (CustomProviderConfig) config("""
                providers:
                  my-llama:
                    name: Local llama.cpp
                    base_url: http://127.0.0.1:8080/v1
                    limits: { rpm: 60 }
                    models:
                      - id: qwen3-8b
                        context_window: 32768
                """).providers().getFirst();

        ProviderSpec spec = local.toSpec();

        assertThat(spec).isEqualTo(new ProviderSpec("my-llama", "Local llama.cpp", "http://127.0.0.1:8080/v1", AuthStyle.NONE, "",
                WireFormat.OPENAI, true, new Limits(60, 0, 0, 0, false),
                List.of(new ModelSpec("qwen3-8b", "qwen3-8b", 32768, 0, Set.of(), Limits.NONE, 50, 50, true, true, List.of())),
                true));
    }

    @Test
    void effectiveCatalog_appliesOverridesAndAppendsCustomProviders() {
        GatewayConfig c = config("""
                providers:
                  local:
                    base_url: http://127.0.0.1:8080/v1
                    models: [{id: m, context_window: 4096}]
                  groq:
                    models:
                      llama-3.1-8b-instant: {enabled: false}
                """);

        Catalog effective = c.effectiveCatalog(CATALOG);

        assertThat(effective.providers()).extracting(ProviderSpec::id).containsExactly("groq", "cloudflare", "local");
        assertThat(effective.provider("groq").orElseThrow().model("llama-3.1-8b-instant").orElseThrow().enabled()).isFalse();
        assertThat(effective.provider("local").orElseThrow().custom()).isTrue();
        assertThat(c.provider("local").orElseThrow().spec(CATALOG)).isEqualTo(effective.provider("local").orElseThrow());
    }

    @Test
    void anIdThatIsBuiltInElsewhere_isCustomWhenTheGivenCatalogLacksIt() {
        GatewayConfig c = ConfigLoader.loadText("t.yaml", """
                providers:
                  groq:
                    base_url: http://127.0.0.1:9/v1
                    models: [{id: m, context_window: 10}]
                """, java.util.Map.of(), new Catalog(List.of()), TestCatalog.CWD).config();
        assertThat(c.providers().getFirst().custom()).isTrue();
    }

    @Test
    void records_validateAtConstruction() {
        ModelSpec m = new ModelSpec("m", null, 10, 0, Set.of(), Limits.NONE, 50, 50, true, true, List.of());
        assertThatThrownBy(() -> new CustomProviderConfig("x", "x", WireFormat.OPENAI, "http://h/v1", AuthStyle.NONE, "",
                true, List.of(), Limits.NONE, List.of())).hasMessageContaining("at least one model");
        assertThatThrownBy(() -> new CustomProviderConfig("x", "x", WireFormat.GEMINI, "http://h/v1", AuthStyle.NONE, "",
                true, List.of(), Limits.NONE, List.of(m))).hasMessageContaining("openai or anthropic");
        assertThatThrownBy(() -> new CustomProviderConfig("x", "x", WireFormat.OPENAI, "http://h/v1", AuthStyle.HEADER, "",
                true, List.of(), Limits.NONE, List.of(m))).hasMessageContaining("auth_header");
        assertThatThrownBy(() -> new BuiltInProviderConfig("Bad", true, Optional.empty(), List.of(), Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerConfig("h", 70000, 1, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingConfig(List.of("no-slash"), 5, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecurityConfig(Optional.of("short"), Optional.empty()))
                .hasMessageStartingWith("master key ").message().doesNotContain("short");
        assertThatThrownBy(() -> new GatewayConfig(ServerConfig.DEFAULTS, Path.of("relative"), DatabaseConfig.DEFAULTS, RedisConfig.DEFAULTS,
                SecurityConfig.DEFAULTS, List.of(), List.of(), RoutingConfig.DEFAULTS, LoggingConfig.DEFAULTS, Optional.empty()))
                .hasMessageContaining("absolute");
    }

    @Test
    void gatewayKey_fromKey_hashesAndKeepsAShortPrefix() {
        GatewayKeyConfig k = GatewayKeyConfig.fromKey("ci", "tf-abcdefghijklmnopqrst", true);
        assertThat(k.sha256()).isEqualTo(GatewayKeyConfig.sha256Hex("tf-abcdefghijklmnopqrst")).hasSize(64);
        assertThat(k.prefix()).contains("tf-abcd");
        assertThat(k.toString()).doesNotContain("efghijklmnop");
    }

    @Test
    void databaseJdbcUrl_defaultsToSqliteInTheDataDir() {
        assertThat(DatabaseConfig.DEFAULTS.jdbcUrl(Path.of("/d"))).isEqualTo("jdbc:sqlite:/d/tollfree.db");
        assertThat(new DatabaseConfig(Optional.of("jdbc:sqlite:/x.db"), Optional.empty(), Optional.empty()).jdbcUrl(Path.of("/d")))
                .isEqualTo("jdbc:sqlite:/x.db");
    }
}
