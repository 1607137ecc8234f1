package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {
    private static final Path JAVA = ProcessHandle.current().info().command().map(Path::of).orElseThrow();

    @Test
    void noCacheBesideTheJar_isNoCheck(@TempDir Path dir) throws Exception {
        Path jar = emptyJar(dir);

        assertThat(AotCache.check(JAVA, List.of(), jar)).isEmpty();
    }

    @Test
    void aCacheTheJvmCannotUse_isReportedAsRefused_andAddsNoFlags(@TempDir Path dir) throws Exception {
        Path jar = emptyJar(dir);
        Files.writeString(dir.resolve("tollfree.aot"), "not a cache");

        AotCache.Check c = AotCache.check(JAVA, List.of("-Xshare:auto"), jar).orElseThrow();

        assertThat(c.usable()).isFalse();
        assertThat(c.refusal().orElseThrow()).isNotBlank();
        assertThat(c.flags()).isEmpty();
        assertThat(c.words()).startsWith("without its AOT cache, which the JVM refused (");
    }

    @Test
    void theLineNamingTheMismatch_isTheOneReported() {
        String out = """
                [0.042s][error  ][aot] An error has occurred while processing the AOT cache. Run with -Xlog:aot for details.
                [0.042s][error  ][aot] shared class paths mismatch (hint: enable -Xlog:class+path=info to diagnose the failure)
                [0.045s][error  ][aot] Unable to map shared spaces
                """;

        assertThat(AotCache.firstError(out, 1)).isEqualTo("shared class paths mismatch (hint: enable -Xlog:class+path=info to diagnose the failure)");
        assertThat(AotCache.firstError("[0.01s][error][aot] Unable to map shared spaces\n", 1)).isEqualTo("Unable to map shared spaces");
        assertThat(AotCache.firstError("Error: no main class\n", 1)).isEqualTo("the JVM exited with status 1");
    }

    @Test
    void aUsableCheck_startsWithTheCache_andQuietsItsLog() {
        AotCache.Check c = new AotCache.Check(Path.of("/opt/tf/tollfree.aot"), java.util.Optional.empty());

        assertThat(c.flags()).containsExactly("-XX:AOTCache=/opt/tf/tollfree.aot", "-Xlog:aot*=off", "-Xlog:cds*=off");
        assertThat(c.words()).isEqualTo("and its AOT cache");
    }

    private static Path emptyJar(Path dir) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "does.not.Exist");
        Path jar = dir.resolve("tollfree.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }
}
