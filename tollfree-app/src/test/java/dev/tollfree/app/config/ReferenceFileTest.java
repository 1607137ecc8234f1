package dev.tollfree.app.config;

import static dev.tollfree.app.config.TestCatalog.CATALOG;
import static dev.tollfree.app.config.TestCatalog.CWD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** docs/tollfree.reference.yaml is the one place defaults are written down; keep it true. */
class ReferenceFileTest {
    static final Path REFERENCE = Path.of("../docs/tollfree.reference.yaml").toAbsolutePath().normalize();
    static final Map<String, String> EXAMPLE_ENV = Map.of(
            "TOLLFREE_CI_KEY", "tf-0123456789abcdef01234567",
            "GROQ_API_KEY", "gsk_a", "GROQ_KEY_2", "gsk_b",
            "CLOUDFLARE_API_TOKEN", "cf", "CLOUDFLARE_ACCOUNT_ID", "acc");

    @Test
    void referenceFile_loadsToExactlyTheDefaults() {
        ConfigResult r = ConfigLoader.load(Optional.of(REFERENCE), Map.of(), CATALOG, CWD);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.config().source()).contains(REFERENCE);
        assertThat(r.config().withSource(Optional.empty())).isEqualTo(GatewayConfig.defaults(CWD));
    }

    @Test
    void referenceFile_namesEveryOption() throws Exception {
        Node root = new Compose(LoadSettings.builder().build()).composeString(Files.readString(REFERENCE)).orElseThrow();
        Set<String> paths = new TreeSet<>();
        collect(root, "", paths);
        assertThat(paths).containsExactlyInAnyOrder(
                "server.host", "server.port", "server.max_body_size", "server.request_timeout", "server.max_in_flight", "server.queue_timeout",
                "data_dir",
                "database.url", "database.user", "database.password",
                "redis.url", "redis.prefix", "redis.timeout",
                "security.master_key", "security.master_key_file",
                "gateway.keys",
                "providers",
                "routing.chain", "routing.max_attempts", "routing.connect_timeout", "routing.first_byte_timeout",
                "routing.idle_timeout", "routing.cooldown", "routing.first_byte_timeouts", "routing.sticky_sessions", "routing.session_ttl",
                "logging.level", "logging.request_log", "logging.request_log_retention");
        assertThat(paths.stream().map(p -> p.split("\\.")[0]).distinct()).containsExactlyInAnyOrderElementsOf(ConfigLoader.SECTIONS);
    }

    @Test
    void referenceFile_documentsEveryProviderAndModelKey() throws Exception {
        String text = Files.readString(REFERENCE);
        List<String> keys = new ArrayList<>(ProvidersSection.CUSTOM_KEYS);
        keys.addAll(ModelsSection.CUSTOM_KEYS);
        keys.addAll(List.of("label", "key", "account_id", "sha256", "admin", "name", "rpm", "rpd", "tpm", "tpd"));
        for (String key : keys) {
            assertThat(text).as("reference mentions %s", key).containsPattern("#.*\\b" + key + "\\b");
        }
        for (String capability : Values.names(dev.tollfree.core.catalog.Capability.values()).split(", ")) {
            assertThat(text).contains(capability);
        }
    }

    @Test
    void commentedExamples_areValidWhenUncommented() throws Exception {
        String uncommented = uncommentExamples(Files.readString(REFERENCE));
        ConfigResult r = ConfigLoader.loadText("reference-uncommented.yaml", uncommented, EXAMPLE_ENV, CATALOG, CWD);
        GatewayConfig c = r.config();
        assertThat(r.warnings()).isEmpty();
        assertThat(c.gatewayKeys()).extracting(GatewayKeyConfig::name).containsExactly("ci", "laptop");
        assertThat(c.providers()).extracting(ProviderConfig::id).containsExactly("groq", "cloudflare", "my-llama");
        assertThat(c.routing().chain()).containsExactly("groq/llama-3.3-70b-versatile", "my-llama/qwen3-8b");
    }

    @Test
    void commentedExamples_matchTheShippedCatalog() throws Exception {
        Catalog shipped = Catalog.builtIn();
        String uncommented = uncommentExamples(Files.readString(REFERENCE));
        ConfigResult r = ConfigLoader.loadText("reference-uncommented.yaml", uncommented, EXAMPLE_ENV, shipped, CWD);
        assertThat(r.config().providers()).extracting(ProviderConfig::custom).containsExactly(false, false, true);
        assertThat(ConfigLoader.load(Optional.of(REFERENCE), Map.of(), shipped, CWD).config().withSource(Optional.empty()))
                .isEqualTo(GatewayConfig.defaults(CWD));
    }

    /**
     * Replaces each live {@code key: []} / {@code key: {}} line that is directly followed by a
     * commented block at the same indentation ({@code # key:} ...) with that block, uncommented.
     */
    static String uncommentExamples(String text) {
        List<String> lines = text.lines().toList();
        List<String> out = new ArrayList<>();
        Pattern empty = Pattern.compile("^(\\s*)([a-z_]+): (\\[\\]|\\{\\})\\s*$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = empty.matcher(lines.get(i));
            String prefix = m.matches() ? m.group(1) + "# " : null;
            if (prefix != null && i + 1 < lines.size() && lines.get(i + 1).startsWith(prefix + m.group(2) + ":")) {
                int j = i + 1;
                while (j < lines.size() && lines.get(j).startsWith(prefix)) {
                    out.add(m.group(1) + lines.get(j).substring(prefix.length()));
                    j++;
                }
                i = j - 1;
            } else {
                out.add(lines.get(i));
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static void collect(Node node, String path, Set<String> out) {
        if (!(node instanceof MappingNode m) || m.getValue().isEmpty()) {
            out.add(path);
            return;
        }
        for (NodeTuple t : m.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            collect(t.getValueNode(), path.isEmpty() ? key : path + "." + key, out);
        }
    }
}
