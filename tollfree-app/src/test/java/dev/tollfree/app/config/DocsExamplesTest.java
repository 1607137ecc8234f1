package dev.tollfree.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every {@code ```yaml} block of docs/configuration.md is a valid configuration. */
class DocsExamplesTest {
    static final Path PAGE = Path.of("../docs/configuration.md").toAbsolutePath().normalize();
    static final Map<String, String> ENV = Map.of(
            "PGPASSWORD", "pw", "GROQ_API_KEY", "gsk_a", "GROQ_KEY_2", "gsk_b", "CORP_LLM_KEY", "corp",
            "TOLLFREE_CI_KEY", "tf-0123456789abcdef01234567");

    @Test
    void yamlBlocksOfTheUserPage_load() throws Exception {
        List<String> blocks = yamlBlocks(Files.readString(PAGE));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        for (int i = 0; i < blocks.size(); i++) {
            ConfigResult r = ConfigLoader.loadText("configuration.md#yaml" + (i + 1), blocks.get(i), ENV,
                    TestCatalog.CATALOG, TestCatalog.CWD);
            assertThat(r.warnings()).as("block %d", i + 1).isEmpty();
        }
    }

    static List<String> yamlBlocks(String markdown) {
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
