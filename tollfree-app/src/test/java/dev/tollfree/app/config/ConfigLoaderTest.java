package dev.tollfree.app.config;

import static dev.tollfree.app.config.TestCatalog.CATALOG;
import static dev.tollfree.app.config.TestCatalog.CWD;
import static dev.tollfree.app.config.TestCatalog.config;
import static dev.tollfree.app.config.TestCatalog.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String CI_KEY = "tf-ci0123456789abcdef0123";
    static final String MASTER = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Map<String, String> FULL_ENV = Map.of(
            "PGPASSWORD", "pg-secret-1", "MASTER_KEY", MASTER, "TOLLFREE_CI_KEY", CI_KEY,
            "GROQ_API_KEY", "gsk_first_key", "GROQ_KEY_2", "gsk_second_key", "CF_TOKEN", "cf-token-1",
            "CORP_KEY", "corp-key-1");

    @Test
    void load_withoutFile_givesDefaults() {
        ConfigResult r = ConfigLoader.load(Optional.empty(), Map.of(), CATALOG, CWD);

        assertThat(r.config()).isEqualTo(GatewayConfig.defaults(CWD));
        assertThat(r.warnings()).isEmpty();
        GatewayConfig c = r.config();
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 3001, 10 * 1024 * 1024, Duration.ofSeconds(300)));
        assertThat(c.dataDir()).isEqualTo(CWD.resolve("data"));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:" + CWD.resolve("data/tollfree.db"));
        assertThat(c.masterKeyFile()).isEqualTo(CWD.resolve("data/master.key"));
        assertThat(c.routing().maxAttempts()).isEqualTo(5);
        assertThat(c.logging()).isEqualTo(new LoggingConfig(LogLevel.INFO, true, Duration.ofDays(30)));
        assertThat(c.source()).isEmpty();
    }

    @Test
    void load_emptyFileOrCommentsOnly_givesDefaults() {
        assertThat(config("")).isEqualTo(GatewayConfig.defaults(CWD));
        assertThat(config("# nothing yet\n")).isEqualTo(GatewayConfig.defaults(CWD));
        assertThat(config("server:\nproviders:\n")).isEqualTo(GatewayConfig.defaults(CWD));
    }

    @Test
    void load_fullExample_readsEverySection() {
        ConfigResult r = TestCatalog.loadFixture("full.yaml", FULL_ENV);
        GatewayConfig c = r.config();

        assertThat(r.warnings()).isEmpty();
        assertThat(c.source()).contains(TestCatalog.fixture("full.yaml"));
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 8088, 512 * 1024, Duration.ofMinutes(2)));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/tollfree"));
        assertThat(c.database()).isEqualTo(new DatabaseConfig(
                Optional.of("jdbc:postgresql://db:5432/tollfree"), Optional.of("tollfree"), Optional.of("pg-secret-1")));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/tollfree");
        assertThat(c.security().masterKey()).contains(MASTER);
        assertThat(c.masterKeyFile()).isEqualTo(CWD.resolve("keys/master.key"));

        assertThat(c.gatewayKeys()).containsExactly(
                new GatewayKeyConfig("ci", GatewayKeyConfig.sha256Hex(CI_KEY), Optional.of("tf-ci01"), false),
                new GatewayKeyConfig("laptop", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Optional.empty(), true));

        assertThat(c.providers()).extracting(ProviderConfig::id).containsExactly("groq", "cloudflare", "my-llama", "corp-proxy");
        BuiltInProviderConfig groq = (BuiltInProviderConfig) c.provider("groq").orElseThrow();
        assertThat(groq.custom()).isFalse();
        assertThat(groq.baseUrl()).contains("https://proxy.example.com/groq/v1");
        assertThat(groq.keys()).containsExactly(
                new ProviderKeyConfig("key-1", "gsk_first_key", Optional.empty()),
                new ProviderKeyConfig("backup", "gsk_second_key", Optional.empty()));
        assertThat(groq.limits()).contains(new Limits(0, 1000, 0, 0, false));
        assertThat(groq.models()).containsExactly(new ModelOverride("llama-3.3-70b-versatile", Optional.of(false),
                Optional.of(131072), Optional.of(Set.of(Capability.TOOLS, Capability.JSON_MODE)),
                Optional.of(new Limits(30, 1000, 12000, 100000, false)), Optional.of(70)));

        assertThat(c.provider("cloudflare").orElseThrow().keys())
                .containsExactly(new ProviderKeyConfig("main", "cf-token-1", Optional.of("acc-default")));

        CustomProviderConfig llama = (CustomProviderConfig) c.provider("my-llama").orElseThrow();
        assertThat(llama.custom()).isTrue();
        assertThat(llama.name()).isEqualTo("Local llama.cpp");
        assertThat(llama.auth()).isEqualTo(AuthStyle.NONE);
        assertThat(llama.keys()).isEmpty();
        assertThat(llama.models()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("qwen3-8b");
            assertThat(m.contextWindow()).isEqualTo(32768);
            assertThat(m.maxOutput()).isEqualTo(8192);
            assertThat(m.capabilities()).containsExactly(Capability.TOOLS);
            assertThat(m.limits()).isEqualTo(Limits.NONE);
            assertThat(m.intelligence()).isEqualTo(50);
            assertThat(m.speed()).isEqualTo(60);
            assertThat(m.enabled()).isTrue();
        });

        CustomProviderConfig corp = (CustomProviderConfig) c.provider("corp-proxy").orElseThrow();
        assertThat(corp.format()).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(corp.auth()).isEqualTo(AuthStyle.HEADER);
        assertThat(corp.authHeader()).isEqualTo("x-api-key");
        assertThat(corp.name()).isEqualTo("corp-proxy");
        assertThat(corp.keys()).extracting(ProviderKeyConfig::key).containsExactly("corp-key-1");
        assertThat(corp.models().getFirst().enabled()).isFalse();
        assertThat(corp.models().getFirst().intelligence()).isEqualTo(50);

        assertThat(c.routing()).isEqualTo(new RoutingConfig(
                List.of("groq/llama-3.3-70b-versatile", "my-llama/qwen3-8b"), 3, Duration.ofSeconds(5),
                Duration.ofSeconds(45), Duration.ofSeconds(90), Duration.ofMillis(250)));
        assertThat(c.logging()).isEqualTo(new LoggingConfig(LogLevel.DEBUG, false, Duration.ofDays(7)));
    }

    @Test
    void load_customProviderWithKeys_defaultsToBearer() {
        GatewayConfig c = config("""
                providers:
                  vllm:
                    base_url: http://10.0.0.5:8000/v1
                    keys: [abc-key]
                    models:
                      - id: m1
                        context_window: 4096
                """);
        CustomProviderConfig p = (CustomProviderConfig) c.providers().getFirst();
        assertThat(p.auth()).isEqualTo(AuthStyle.BEARER);
        assertThat(p.format()).isEqualTo(WireFormat.OPENAI);
        assertThat(p.toSpec().keyless()).isFalse();
    }

    @Test
    void load_relativeDataDir_resolvesAgainstWorkingDirectory() {
        assertThat(config("data_dir: state/../db\n").dataDir()).isEqualTo(CWD.resolve("db"));
        assertThat(config("data_dir: /abs/dir\n").jdbcUrl()).isEqualTo("jdbc:sqlite:/abs/dir/tollfree.db");
    }

    @Test
    void load_missingExplicitFile_isAnErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), CATALOG, CWD))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found (named by --config or TOLLFREE_CONFIG); create it or fix the path");
    }

    @Test
    void load_directoryInsteadOfFile_isAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir), Map.of(), CATALOG, CWD))
                .hasMessageContaining(dir + ": is a directory");
    }

    @Test
    void load_realFile_recordsSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tollfree.yaml");
        Files.writeString(file, "server:\n  port: 9000\n");
        GatewayConfig c = ConfigLoader.load(Optional.of(file), Map.of(), CATALOG, CWD).config();
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.source()).contains(file);
    }

    @Test
    void nullValues_meanDefault() {
        GatewayConfig c = config("""
                server:
                  port:
                  host: ~
                logging:
                  level: null
                """);
        assertThat(c).isEqualTo(GatewayConfig.defaults(CWD));
    }
}
