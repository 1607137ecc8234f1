package dev.tollfree.app.config;

import static dev.tollfree.app.config.TestCatalog.CWD;
import static dev.tollfree.app.config.TestCatalog.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} references in the file and {@code TOLLFREE_*} overrides. */
class EnvironmentTest {

    @Test
    void references_areReplacedInAnyScalar_withDefaults() {
        GatewayConfig c = load("""
                server:
                  host: ${BIND:-0.0.0.0}
                  port: ${PORT}
                  request_timeout: ${TIMEOUT:-45s}
                data_dir: ${HOME_DIR}/tollfree
                database:
                  user: ${DB_USER:-}
                logging:
                  request_log: ${LOG_REQUESTS:-true}
                """, Map.of("PORT", "4000", "HOME_DIR", "/home/op", "LOG_REQUESTS", "false")).config();
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.server().port()).isEqualTo(4000);
        assertThat(c.server().requestTimeout()).hasSeconds(45);
        assertThat(c.dataDir()).isEqualTo(Path.of("/home/op/tollfree"));
        assertThat(c.database().user()).isEmpty();
        assertThat(c.logging().requestLog()).isFalse();
    }

    @Test
    void dollarDollarBrace_isALiteral() {
        GatewayConfig c = load("database:\n  password: \"pa$$${x}word$\"\n").config();
        assertThat(c.database().password()).contains("pa$${x}word$");
    }

    @Test
    void keysAreNeverSubstituted() {
        assertThat(ConfigErrorsTest.errors("server:\n  ${X}: 1\n", Map.of("X", "port")))
                .singleElement().asString().startsWith("test.yaml:2: server.${X}: unknown key");
    }

    @Test
    void providerKeyWithUnsetVariable_isSkippedWithAWarning() {
        ConfigResult r = load("""
                providers:
                  groq:
                    keys:
                      - ${GROQ_API_KEY}
                      - label: backup
                        key: ${GROQ_KEY_2}
                      - ${GROQ_KEY_3}
                """, Map.of("GROQ_KEY_2", "gsk_two", "GROQ_KEY_3", ""));
        assertThat(r.config().provider("groq").orElseThrow().keys())
                .containsExactly(new ProviderKeyConfig("backup", "gsk_two", Optional.empty()));
        assertThat(r.warnings()).containsExactly(
                "test.yaml:4: providers.groq.keys[0]: environment variable GROQ_API_KEY is not set; this groq key is skipped",
                "test.yaml:7: providers.groq.keys[2]: the key's environment variable is empty; this groq key is skipped");
    }

    @Test
    void providerWhoseKeysAreAllSkipped_loadsWithASummaryWarning() {
        ConfigResult r = load("""
                providers:
                  cloudflare:
                    keys:
                      - label: main
                        key: ${CF_TOKEN}
                        account_id: ${CF_ACCOUNT}
                """);
        assertThat(r.config().provider("cloudflare").orElseThrow().keys()).isEmpty();
        assertThat(r.warnings()).containsExactly(
                "test.yaml:2: providers.cloudflare: provider cloudflare has no usable key from this file (all 1 skipped); it can still use keys added with the CLI or dashboard",
                "test.yaml:5: providers.cloudflare.keys[0].key: environment variable CF_TOKEN is not set; this cloudflare key is skipped");
    }

    @Test
    void unsetVariableOutsideProviderKeys_isStillAnError_evenInTheSameEntry() {
        assertThat(ConfigErrorsTest.errors("""
                providers:
                  cloudflare:
                    keys:
                      - label: main
                        key: ${CF_TOKEN}
                        account_id: ${CF_ACCOUNT}
                """, Map.of("CF_TOKEN", "tok"))).containsExactly(
                "test.yaml:6: providers.cloudflare.keys[0].account_id: environment variable CF_ACCOUNT is not set; set it or write ${NAME:-default}");
    }

    @Test
    void overrides_winOverTheFile() {
        String master = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        GatewayConfig c = load("""
                server: {host: 127.0.0.1, port: 3001, max_body_size: 1MB}
                data_dir: ./file-data
                database: {url: "jdbc:sqlite:/tmp/x.db", user: a, password: b}
                logging: {level: warn}
                """, Map.of(
                "TOLLFREE_HOST", "0.0.0.0",
                "TOLLFREE_PORT", "8080",
                "TOLLFREE_MAX_BODY_SIZE", "2MB",
                "TOLLFREE_DATA_DIR", "env-data",
                "TOLLFREE_DATABASE_URL", "jdbc:postgresql://db/tf",
                "TOLLFREE_DATABASE_USER", "tf",
                "TOLLFREE_DATABASE_PASSWORD", "pw",
                "TOLLFREE_MASTER_KEY", master,
                "TOLLFREE_LOG_LEVEL", "DEBUG")).config();
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, 2 << 20, ServerConfig.DEFAULTS.requestTimeout()));
        assertThat(c.dataDir()).isEqualTo(CWD.resolve("env-data"));
        assertThat(c.masterKeyFile()).isEqualTo(CWD.resolve("env-data/master.key"));
        assertThat(c.database()).isEqualTo(new DatabaseConfig(Optional.of("jdbc:postgresql://db/tf"), Optional.of("tf"), Optional.of("pw")));
        assertThat(c.security().masterKey()).contains(master);
        assertThat(c.logging().level()).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void overrides_applyWithoutAFile_andEmptyValuesAreIgnored() {
        ConfigResult r = ConfigLoader.load(Optional.empty(),
                Map.of("TOLLFREE_PORT", "0", "TOLLFREE_HOST", "", "UNRELATED", "x"), TestCatalog.CATALOG, CWD);
        assertThat(r.config().server().port()).isZero();
        assertThat(r.config().server().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void overrideDataDir_movesTheDefaultSqliteFile() {
        GatewayConfig c = load("", Map.of("TOLLFREE_DATA_DIR", "/data")).config();
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/tollfree.db");
    }

    @Test
    void everyDocumentedOverrideIsRead() {
        assertThat(EnvOverrides.ALL).containsExactlyInAnyOrder("TOLLFREE_HOST", "TOLLFREE_PORT", "TOLLFREE_DATA_DIR",
                "TOLLFREE_DATABASE_URL", "TOLLFREE_DATABASE_USER", "TOLLFREE_DATABASE_PASSWORD", "TOLLFREE_MASTER_KEY",
                "TOLLFREE_LOG_LEVEL", "TOLLFREE_MAX_BODY_SIZE", "TOLLFREE_REDIS_URL", "TOLLFREE_REDIS_PREFIX");
    }

    @Test
    void redis_fromTheFile_andOverriddenByTheEnvironment() {
        GatewayConfig file = load("redis:\n  url: redis://cache:6379/2\n  prefix: staging\n  timeout: 250ms\n", Map.of()).config();
        assertThat(file.redis().url()).contains("redis://cache:6379/2");
        assertThat(file.redis().prefix()).isEqualTo("staging");
        assertThat(file.redis().timeout()).isEqualTo(java.time.Duration.ofMillis(250));

        GatewayConfig env = load("redis:\n  url: redis://cache:6379/2\n", Map.of("TOLLFREE_REDIS_URL", "rediss://:pw-0123@other:6380",
                "TOLLFREE_REDIS_PREFIX", "prod")).config();
        assertThat(env.redis().url()).contains("rediss://:pw-0123@other:6380");
        assertThat(env.redis().prefix()).isEqualTo("prod");
        assertThat(env.redis().toString()).contains("rediss://:****@other:6380").doesNotContain("pw-0123");
        assertThat(load("", Map.of()).config().redis().enabled()).isFalse();
    }

    @Test
    void redis_aBadUrlFromTheEnvironment_namesTheVariable_notTheSecret() {
        assertThatThrownBy(() -> load("", Map.of("TOLLFREE_REDIS_URL", "http://:pw-0123@cache")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TOLLFREE_REDIS_URL")
                .hasMessageContaining("must start with redis:// or rediss://")
                .message().doesNotContain("pw-0123");
    }
}
