package dev.tollfree.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged versions of a valid file either load or fail with a {@link ConfigException} whose every
 * line has the documented shape: never another exception, never a secret.
 */
class RobustnessTest {
    static final List<String> GARBAGE = List.of("", "~", "-1", "0", "[]", "{}", "[a, b]", "{x: 1}", "\"\"", "yes",
            "99999999999999999999", "${UNSET}", "${", "tf-", "http://", "1.5", "'quoted'", "a/b", "!!binary AAAA",
            "&a x", "*undefined", "|\n  block", ">-", "\"\\u0000\"", "@cf/x", "NaN");

    @Test
    void everyLineReplacedOrRemoved_failsOnlyWithConfigException() throws Exception {
        List<String> lines = Files.readAllLines(TestCatalog.fixture("full.yaml"));
        Random random = new Random(42);
        int failures = 0;
        for (int i = 0; i < lines.size(); i++) {
            List<String> variants = new ArrayList<>();
            List<String> removed = new ArrayList<>(lines);
            removed.remove(i);
            variants.add(String.join("\n", removed));
            String line = lines.get(i);
            int colon = line.indexOf(": ");
            for (int k = 0; k < 4; k++) {
                List<String> changed = new ArrayList<>(lines);
                String junk = GARBAGE.get(random.nextInt(GARBAGE.size()));
                changed.set(i, colon > 0 ? line.substring(0, colon + 2) + junk : line + junk);
                variants.add(String.join("\n", changed));
            }
            variants.add(String.join("\n", lines).substring(0, random.nextInt(String.join("\n", lines).length())));
            for (String yaml : variants) {
                failures += check(yaml);
            }
        }
        assertThat(failures).isPositive();
    }

    private static int check(String yaml) {
        try {
            TestCatalog.load(yaml, ConfigLoaderTest.FULL_ENV);
            return 0;
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                assertThat(p).matches("(test\\.yaml:\\d+: .+|environment variable TOLLFREE_\\w+: .+)");
            }
            for (String secret : ConfigLoaderTest.FULL_ENV.values()) {
                if (secret.length() > 8) {
                    assertThat(e.getMessage()).as(yaml).doesNotContain(secret);
                }
            }
            return 1;
        }
    }
}
