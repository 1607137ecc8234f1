package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LauncherFlagsTest {
    private static final Pattern DEFAULT_OPTS = Pattern.compile("jvm_opts=\\(\\$\\{TOLLFREE_JAVA_OPTS:-([^}]*)}\\)");

    @Test
    void harnessStartsTheGatewayWithTheLaunchersDefaultFlags() throws IOException {
        String script = Files.readString(Path.of("..", "tollfree"));
        Matcher m = DEFAULT_OPTS.matcher(script);
        assertThat(m.find()).as("the launcher's default JVM options line").isTrue();
        assertThat(LauncherFlags.base()).containsExactlyElementsOf(Arrays.asList(m.group(1).trim().split("\\s+")));
    }
}
