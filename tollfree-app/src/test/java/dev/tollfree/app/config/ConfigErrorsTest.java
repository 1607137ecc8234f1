package dev.tollfree.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of error names the file, the line and the dotted key path, and says what is expected. */
class ConfigErrorsTest {

    static List<String> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    static List<String> errors(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestCatalog.load(yaml, env));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        return e.problems();
    }

    @Test
    void fixtureWithSeveralErrors_reportsAllTogetherInLineOrder() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> TestCatalog.loadFixture("errors.yaml", Map.of()));
        String f = TestCatalog.fixture("errors.yaml").toString();
        assertThat(e.problems()).containsExactly(
                f + ":3: server.prot: unknown key (did you mean 'port'?); expected one of host, port, max_body_size, request_timeout, max_in_flight, queue_timeout",
                f + ":4: server.port: '-1' is out of range; expected a whole number from 0 to 65535",
                f + ":5: server.max_body_size: '10 parsecs' is not a size; expected a number of bytes or a size such as 512KB, 10MB or 1GB",
                f + ":6: server.request_timeout: '30' has no unit; expected a whole number with a unit ms, s, m, h or d, such as 250ms, 30s, 5m, 1h or 1h30m",
                f + ":8: routing.max_attempts: '50' is out of range; expected a whole number from 1 to 20",
                f + ":10: routing.chain[0]: 'groq' is not a chain entry; expected provider/model, such as groq/llama-3.3-70b-versatile",
                f + ":12: logging.level: 'verbose' is not allowed here; expected one of error, warn, info, debug");
        assertThat(e.getMessage().lines()).hasSize(7);
    }

    @Test
    void unknownKey_atTopLevelAndNested() {
        assertThat(errors("servr:\n  port: 1\nrouting:\n  retries: 3\n")).containsExactly(
                "test.yaml:1: servr: unknown key (did you mean 'server'?); expected one of server, data_dir, database, redis, security, gateway, providers, routing, logging",
                "test.yaml:4: routing.retries: unknown key; expected one of chain, max_attempts, connect_timeout, first_byte_timeout, idle_timeout, cooldown, first_byte_timeouts, sticky_sessions, session_ttl");
    }

    @Test
    void wrongType_mappingListOrScalar() {
        assertThat(errors("server: 3001\nrouting:\n  chain: groq/x\n  max_attempts: [1]\nlogging:\n  request_log: yes\n"))
                .containsExactly(
                        "test.yaml:1: server: expected a mapping of keys, found a single value",
                        "test.yaml:3: routing.chain: expected a list, found a single value",
                        "test.yaml:4: routing.max_attempts: expected a single value, found a list",
                        "test.yaml:6: logging.request_log: 'yes' is not a boolean; expected true or false");
    }

    @Test
    void badProviderId() {
        assertThat(errors("providers:\n  My_Provider:\n    enabled: true\n")).containsExactly(
                "test.yaml:2: providers.My_Provider: 'My_Provider' is not a valid provider id; expected lower-case letters, digits, '-' and '_', starting with a letter or digit");
    }

    @Test
    void unknownModelUnderBuiltInProvider() {
        assertThat(errors("providers:\n  groq:\n    models:\n      llama-3.3-70b:\n        enabled: false\n")).containsExactly(
                "test.yaml:4: providers.groq.models.llama-3.3-70b: provider groq has no model 'llama-3.3-70b' (did you mean 'llama-3.3-70b-versatile'?); expected one of its catalog models: llama-3.3-70b-versatile, llama-3.1-8b-instant");
    }

    @Test
    void customOnlyKeyUnderBuiltInProvider() {
        assertThat(errors("providers:\n  groq:\n    format: anthropic\n")).containsExactly(
                "test.yaml:3: providers.groq.format: can only be set for a custom provider; 'groq' is built in and its format comes from the catalog (settable here: enabled, base_url, keys, models, limits)");
    }

    @Test
    void unknownCapabilityAndBadModelFields() {
        assertThat(errors("""
                providers:
                  groq:
                    models:
                      llama-3.1-8b-instant:
                        capabilities: [tools, telepathy]
                        intelligence: 101
                        context_window: 0
                        limits: { rpm: -5, rph: 3 }
                """)).containsExactly(
                "test.yaml:5: providers.groq.models.llama-3.1-8b-instant.capabilities[1]: 'telepathy' is not a capability; expected one of tools, vision, reasoning, json_mode, web_search",
                "test.yaml:6: providers.groq.models.llama-3.1-8b-instant.intelligence: '101' is out of range; expected a whole number from 1 to 100",
                "test.yaml:7: providers.groq.models.llama-3.1-8b-instant.context_window: '0' is out of range; expected a whole number from 1 to 100000000",
                "test.yaml:8: providers.groq.models.llama-3.1-8b-instant.limits.rph: unknown key (did you mean 'rpm'?); expected one of rpm, rpd, tpm, tpd",
                "test.yaml:8: providers.groq.models.llama-3.1-8b-instant.limits.rpm: '-5' is out of range; expected a whole number of at least 0");
    }

    @Test
    void customProviderWithoutBaseUrlOrModels() {
        assertThat(errors("providers:\n  grok:\n    keys: [abc]\n  local:\n    base_url: http://localhost:8080/v1\n    models: []\n"))
                .containsExactly(
                        "test.yaml:2: providers.grok: 'grok' is not a built-in provider (did you mean 'groq'?), so it is a custom provider and needs base_url (such as http://127.0.0.1:8080/v1) and models (a list with at least one '- id: <model>' entry)",
                        "test.yaml:6: providers.local.models: is empty; a custom provider needs at least one '- id: <model>' entry");
    }

    @Test
    void customProviderModelsNeedIdAndContextWindow() {
        assertThat(errors("""
                providers:
                  local:
                    base_url: ftp://localhost/v1
                    format: gemini
                    auth: header
                    models:
                      - context_window: 4096
                      - id: a
                      - id: b
                        context_window: 8k
                """)).containsExactly(
                "test.yaml:2: providers.local: auth: header needs auth_header, the name of the header that carries the key (such as x-api-key)",
                "test.yaml:3: providers.local.base_url: 'ftp://localhost/v1' is not an http(s) URL; expected for example http://127.0.0.1:8080/v1",
                "test.yaml:4: providers.local.format: 'gemini' is not allowed here; expected one of openai, anthropic",
                "test.yaml:7: providers.local.models[0]: needs id: the model name the server expects in requests",
                "test.yaml:8: providers.local.models[1]: needs context_window: the model's context length in tokens, such as 32768",
                "test.yaml:10: providers.local.models[2].context_window: '8k' is not a whole number; expected a whole number from 1 to 100000000");
    }

    @Test
    void chainEntries() {
        assertThat(errors("routing:\n  chain:\n    - groq\n    - groq/llama-9\n    - nope/x\n    - groq/llama-3.1-8b-instant\n    - groq/llama-3.1-8b-instant\n"))
                .containsExactly(
                        "test.yaml:3: routing.chain[0]: 'groq' is not a chain entry; expected provider/model, such as groq/llama-3.3-70b-versatile",
                        "test.yaml:4: routing.chain[1]: 'groq/llama-9' names model 'llama-9', which provider groq does not have",
                        "test.yaml:5: routing.chain[2]: 'nope/x' names provider 'nope', which is neither built in nor declared under providers",
                        "test.yaml:7: routing.chain[4]: 'groq/llama-3.1-8b-instant' is already in the chain on line 6; list each model once");
    }

    @Test
    void chainMayNameModelsWithSlashesAndCustomProviders() {
        GatewayConfig c = TestCatalog.config("""
                providers:
                  local:
                    base_url: http://localhost:8080/v1
                    models: [{id: org/model, context_window: 4096}]
                routing:
                  chain: [cloudflare/@cf/meta/llama-3.1-8b-instruct, local/org/model]
                """);
        assertThat(c.routing().chain()).containsExactly("cloudflare/@cf/meta/llama-3.1-8b-instruct", "local/org/model");
    }

    @Test
    void gatewayKeys() {
        assertThat(errors("""
                gateway:
                  keys:
                    - name: a
                      key: sk-not-ours-0123456789abcdef
                    - name: b
                      key: tf-short
                    - name: c
                      sha256: abc123
                    - name: d
                    - key: tf-0123456789abcdef0123
                    - name: e
                      key: tf-0123456789abcdef0123
                      sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                    - name: f
                      key: tf-0123456789abcdef0123
                    - name: f
                      sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                """)).containsExactly(
                "test.yaml:4: gateway.keys[0].key: the value must start with 'tf-'; generate one with: echo tf-$(openssl rand -hex 24)",
                "test.yaml:6: gateway.keys[1].key: the value must have at least 16 characters after 'tf-' and no spaces; generate one with: echo tf-$(openssl rand -hex 24)",
                "test.yaml:8: gateway.keys[2].sha256: the value is not a SHA-256; expected 64 hex characters (echo -n \"$KEY\" | sha256sum)",
                "test.yaml:9: gateway.keys[3]: needs key (the full tf-... key) or sha256 (its SHA-256 in hex)",
                "test.yaml:10: gateway.keys[4]: needs name: a label such as ci or laptop",
                "test.yaml:11: gateway.keys[5]: give either key or sha256, not both",
                "test.yaml:16: gateway.keys[7]: the name 'f' is already used on line 14; names must be unique");
    }

    @Test
    void unsetVariable_namesVariableFileAndLine() {
        assertThat(errors("server:\n  host: ${BIND_HOST}\ndatabase:\n  url: jdbc:postgresql://${DB_HOST}:${DB_PORT}/x\n"))
                .containsExactly(
                        "test.yaml:2: server.host: environment variable BIND_HOST is not set; set it or write ${NAME:-default}",
                        "test.yaml:4: database.url: environment variables DB_HOST, DB_PORT are not set; set it or write ${NAME:-default}");
    }

    @Test
    void malformedReference() {
        assertThat(errors("server:\n  host: ${BIND_HOST\n  port: ${1X}\n")).containsExactly(
                "test.yaml:2: server.host: the value has an unclosed '${'; write ${NAME}, or $${ for a literal ${",
                "test.yaml:3: server.port: the value has a bad reference '${1X}'; expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'");
    }

    @Test
    void substitutedValueThatIsInvalid_quotesTheFileTextNotTheValue() {
        assertThat(errors("server:\n  port: ${PORT}\n", Map.of("PORT", "eighty"))).containsExactly(
                "test.yaml:2: server.port: '${PORT}' (after substituting environment variables) is not a whole number; expected a whole number from 0 to 65535");
    }

    @Test
    void yamlSyntaxError_namesLine() {
        assertThat(errors("server:\n  port: 1\n   host: x\n")).containsExactly(
                "test.yaml:3: YAML syntax error: mapping values are not allowed here");
        assertThat(errors("a: [1, 2\n")).singleElement().asString().startsWith("test.yaml:2: YAML syntax error: ");
    }

    @Test
    void duplicateKeys_andRootThatIsNotAMapping() {
        assertThat(errors("server:\n  port: 1\n  port: 2\n")).containsExactly(
                "test.yaml:3: server.port: appears twice (first on line 2); keep one");
        assertThat(errors("- server\n")).containsExactly(
                "test.yaml:1: the file must be a mapping of sections (server, data_dir, database, redis, security, gateway, providers, routing, logging); see docs/tollfree.reference.yaml");
    }

    @Test
    void duplicateProviderOrModel_isReportedOnce() {
        assertThat(errors("""
                providers:
                  groq:
                    enabled: true
                    models:
                      llama-3.1-8b-instant: {enabled: false}
                      llama-3.1-8b-instant: {enabled: true}
                  groq:
                    enabled: false
                """)).containsExactly(
                "test.yaml:6: providers.groq.models.llama-3.1-8b-instant: appears twice (first on line 5); keep one",
                "test.yaml:7: providers.groq: appears twice (first on line 2); keep one");
    }

    @Test
    void customProviderAuth() {
        assertThat(errors("""
                providers:
                  local:
                    base_url: http://localhost:8080/v1
                    auth: none
                    auth_header: x-key
                    keys: [abc]
                    models: [{id: m, context_window: 1024}]
                  other:
                    base_url: http://localhost:8081/v1
                    auth: header
                    auth_header: "bad header"
                    models: [{id: m, context_window: 1024}]
                """)).containsExactly(
                "test.yaml:5: providers.local.auth_header: is only used with auth: header; remove it or set auth: header",
                "test.yaml:6: providers.local.keys: keys are listed but auth is none; remove the keys or set auth: bearer or auth: header",
                "test.yaml:11: providers.other.auth_header: 'bad header' is not an HTTP header name; expected for example x-api-key");
    }

    @Test
    void providerKeys() {
        assertThat(errors("""
                providers:
                  groq:
                    keys:
                      - "Bearer gsk_abc"
                      - {label: a, key: gsk_1}
                      - {label: a, key: gsk_2}
                      - {label: b, key: gsk_1}
                      - {label: c}
                      - {label: d, key: x, extra: 1}
                  cloudflare:
                    keys: [token-without-account]
                """)).containsExactly(
                "test.yaml:4: providers.groq.keys[0]: the key contains spaces or control characters; give the bare key (no 'Bearer ' prefix)",
                "test.yaml:6: providers.groq.keys[2]: label 'a' is already used on line 5; labels must be unique per provider",
                "test.yaml:7: providers.groq.keys[3]: is the same key as the one on line 5",
                "test.yaml:8: providers.groq.keys[4]: needs key (the provider API key, usually ${SOME_ENV_VAR})",
                "test.yaml:9: providers.groq.keys[5].extra: unknown key; expected one of label, key, account_id",
                "test.yaml:11: providers.cloudflare.keys[0]: needs account_id: provider cloudflare puts the account id into its URL; write {label: ..., key: ..., account_id: ...}");
    }

    @Test
    void badEnvironmentOverrides_nameTheVariable() {
        assertThat(errors("", Map.of("TOLLFREE_PORT", "http", "TOLLFREE_LOG_LEVEL", "loud",
                "TOLLFREE_MAX_BODY_SIZE", "-1", "TOLLFREE_DATABASE_URL", "mysql://u:pw@h/db")))
                .containsExactlyInAnyOrder(
                        "environment variable TOLLFREE_PORT: 'http' is not a whole number; expected a whole number from 0 to 65535",
                        "environment variable TOLLFREE_MAX_BODY_SIZE: '-1' is not a size; expected a number of bytes or a size such as 512KB, 10MB or 1GB",
                        "environment variable TOLLFREE_DATABASE_URL: the value must start with jdbc:sqlite: or jdbc:postgresql: (for example jdbc:postgresql://db:5432/tollfree), or be empty for the SQLite file in data_dir",
                        "environment variable TOLLFREE_LOG_LEVEL: 'loud' is not allowed here; expected one of error, warn, info, debug");
    }

    @Test
    void fileAndEnvironmentErrors_areReportedTogether_fileFirst() {
        assertThat(errors("server:\n  port: x\n", Map.of("TOLLFREE_HOST", "a b"))).containsExactly(
                "test.yaml:2: server.port: 'x' is not a whole number; expected a whole number from 0 to 65535",
                "environment variable TOLLFREE_HOST: 'a b' is not a host; expected an address such as 127.0.0.1, 0.0.0.0 or ::1");
    }

    @Test
    void redisSection_badValues_nameTheKeyAndTheLine() {
        assertThat(errors("redis:\n  url: http://cache:6379\n  prefix: 'my prefix'\n  timeout: 0ms\n  pool: 4\n")).containsExactly(
                "test.yaml:2: redis.url: the value must start with redis:// or rediss:// (for example redis://127.0.0.1:6379), or be empty to keep shared state in this process",
                "test.yaml:3: redis.prefix: 'my prefix' may hold only letters, digits, '-', '_' and '.' (1 to 64 of them)",
                "test.yaml:4: redis.timeout: '0ms' must be greater than zero; expected a whole number with a unit ms, s, m, h or d, such as 250ms, 30s, 5m, 1h or 1h30m",
                "test.yaml:5: redis.pool: unknown key; expected one of url, prefix, timeout");
    }
}
