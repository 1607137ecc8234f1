package dev.tollfree.app.config;

import static dev.tollfree.app.config.TestCatalog.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secret values never appear in exception messages, warnings or {@code toString()}. */
class SecretsTest {
    static final String SECRET = "s3cr3t-V4LUE-xyzzy";

    static String message(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, env));
        assertThat(e).isNotNull();
        return e.getMessage();
    }

    /** Fields that hold secrets; a non-secret field written literally is quoted, which helps fix it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "gateway:\n  keys:\n    - name: a\n      key: %s\n",
            "gateway:\n  keys:\n    - name: a\n      key: tf-%s %s\n",
            "gateway:\n  keys:\n    - name: a\n      sha256: %s\n",
            "security:\n  master_key: %s\n",
            "database:\n  url: jdbc:mysql://u:%s@host/db\n",
            "database:\n  password: \"%s\n",
            "providers:\n  groq:\n    keys: [\"Bearer %s\"]\n",
            "providers:\n  groq:\n    keys: [%s, %s]\n",
            "providers:\n  groq:\n    keys:\n      - label: a\n        key: %s\n        extra: 1\n",
            "server:\n  host: ${%s\n",
            "providers:\n  my:\n    keys: [%s]\n",
    })
    void literalSecretInABadFile_isNotInTheMessage(String template) {
        String yaml = template.replace("%s", SECRET);
        assertThat(message(yaml, Map.of())).doesNotContain(SECRET).doesNotContain(SECRET.substring(4, 14));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "gateway:\n  keys:\n    - name: a\n      key: ${S}\n",
            "security:\n  master_key: ${S}\n",
            "database:\n  url: ${S}\n",
            "server:\n  port: ${S}\n",
            "server:\n  max_body_size: ${S}\n",
            "data_dir: \"${S}\"\nserver:\n  port: x\n",
            "routing:\n  chain: [\"${S}\"]\n",
            "providers:\n  groq:\n    base_url: ${S}\n",
            "providers:\n  groq:\n    keys: [\"${S}\", \"${S}\"]\n",
            "providers:\n  groq:\n    keys: [\"${S} extra\"]\n",
    })
    void substitutedSecretInABadFile_isNotInTheMessage(String yaml) {
        assertThat(message(yaml, Map.of("S", SECRET))).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOLLFREE_MASTER_KEY", "TOLLFREE_DATABASE_URL"})
    void badSecretOverride_isNotInTheMessage(String variable) {
        String m = message("", Map.of(variable, SECRET));
        assertThat(m).startsWith("environment variable " + variable + ": the value ").doesNotContain(SECRET);
    }

    @Test
    void loadedConfig_toStringMasksEverySecret() {
        String master = "c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=";
        String gatewayKey = "tf-" + SECRET + "-gateway";
        ConfigResult r = load("""
                database:
                  url: jdbc:postgresql://db/tf?password=${DBPW}
                  user: tf
                  password: ${DBPW}
                security:
                  master_key: ${MK}
                gateway:
                  keys:
                    - name: ci
                      key: ${GK}
                providers:
                  groq:
                    keys: ["${PK}", {label: b, key: "${PK}-2"}]
                  local:
                    base_url: http://localhost:1/v1
                    keys: ["${PK}-3"]
                    models: [{id: m, context_window: 100}]
                  cloudflare:
                    keys: [{label: x, key: "${MISSING}", account_id: acc}]
                """, Map.of("DBPW", SECRET + "-db", "MK", master, "GK", gatewayKey, "PK", SECRET));
        String all = r.toString() + r.warnings();
        assertThat(all).doesNotContain(SECRET).doesNotContain(master).doesNotContain(gatewayKey.substring(7));
        assertThat(all).contains("jdbc:postgresql://db/tf?****", "password=****", "masterKey=****", "key=****");
        assertThat(r.config().database().password()).contains(SECRET + "-db");
    }

    @Test
    void providerKeyConfig_toStringMasksTheKey() {
        ProviderKeyConfig k = new ProviderKeyConfig("main", SECRET, Optional.of("acc-1"));
        assertThat(k.toString()).isEqualTo("ProviderKeyConfig[label=main, key=****, accountId=acc-1]");
    }
}
