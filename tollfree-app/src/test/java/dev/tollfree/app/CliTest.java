package dev.tollfree.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, run in-process against a temporary data directory. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result run(String stdin, Map<String, String> extraEnv, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new java.util.HashMap<>(Map.of("TOLLFREE_DATA_DIR", dir.toString()));
        env.putAll(extraEnv);
        int code = Main.run(args, new Cli(env, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        return new Result(code, out.toString(), err.toString());
    }

    private Result run(String... args) {
        return run("", Map.of(), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "keys", "keys list", "keys create", "keys revoke", "providers", "providers list",
            "providers keys", "providers add-key", "providers remove-key", "providers enable-key", "providers disable-key",
            "providers test-key", "models", "models list", "models enable", "models disable", "models discover", "config", "config check"})
    void everyCommand_hasHelp(String command) {
        String[] args = (command + " --help").strip().split(" ");
        Result r = run(args);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: tollfree");
    }

    @Test
    void keys_createListRevoke_showTheKeyOnlyOnce() {
        Result created = run("keys", "create", "ci-bot", "--admin");
        assertThat(created.code()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("tf-[A-Za-z0-9]{40}");

        Result listed = run("keys", "list");
        assertThat(listed.out()).contains("ci-bot").contains("active").doesNotContain(key);
        String id = listed.out().lines().filter(l -> l.contains("ci-bot")).findFirst().orElseThrow().split("\\s+")[0];

        assertThat(run("keys", "revoke", id).code()).isZero();
        assertThat(run("keys", "list").out()).contains("revoked");
        Result again = run("keys", "revoke", id);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("no active gateway key");
    }

    @Test
    void providers_addKeyFromStdin_isMaskedEverywhere_andCanBeDisabledAndRemoved() {
        String secret = "gsk_live_0123456789abcdefXYZW";
        Result added = run(secret + "\n", Map.of(), "providers", "add-key", "groq", "--label", "main", "--no-test");
        assertThat(added.code()).isZero();
        assertThat(added.out() + added.err()).doesNotContain(secret).contains("XYZW");

        Result keys = run("providers", "keys");
        assertThat(keys.out()).contains("groq").contains("main").contains("gsk_…XYZW").doesNotContain(secret);

        assertThat(run("providers", "disable-key", "1").out()).contains("Disabled");
        assertThat(run("providers", "keys").out().lines().filter(l -> l.contains("main")).findFirst().orElseThrow()).contains(" no ");
        assertThat(run("providers", "remove-key", "1").code()).isZero();
        assertThat(run("providers", "keys").out()).doesNotContain("main");
    }

    @Test
    void providers_addKeyFromEnvironmentVariable() {
        Result added = run("", Map.of("MY_GROQ", "gsk_from_env_value_9876"), "providers", "add-key", "groq", "--key-env", "MY_GROQ", "--no-test");
        assertThat(added.code()).isZero();
        assertThat(added.out()).doesNotContain("gsk_from_env_value_9876");
        Result missing = run("providers", "add-key", "groq", "--key-env", "NOT_SET", "--no-test");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("NOT_SET is not set");
    }

    @Test
    void providers_unknownProvider_isAClearError() {
        Result r = run("sk-x\n", Map.of(), "providers", "add-key", "nosuch", "--no-test");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown provider 'nosuch'").doesNotContain("sk-x");
    }

    @Test
    void models_enableAndDisable() {
        assertThat(run("models", "list", "--all").out()).contains("groq").contains("llama-3.3-70b-versatile");
        assertThat(run("models", "disable", "groq/llama-3.3-70b-versatile").code()).isZero();
        assertThat(run("models", "list", "--all", "--provider", "groq").out().lines()
                .filter(l -> l.contains("llama-3.3-70b-versatile")).findFirst().orElseThrow()).startsWith("off");
        Result bad = run("models", "enable", "groq/nope");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no model groq/nope");
    }

    @Test
    void models_discover_reportsAndListsNewAndVanishedModels() throws Exception {
        try (var up = dev.tollfree.testkit.FakeUpstream.start()) {
            up.setDefault(dev.tollfree.testkit.Script.models("m1", "m2"));
            Path config = dir.resolve("tollfree.yaml");
            Files.writeString(config, """
                    providers:
                      local:
                        base_url: %s/v1
                        models:
                          - { id: m1, context_window: 8192 }
                          - { id: m-old, context_window: 8192 }
                    """.formatted(up.baseUrl()));

            Result found = run("models", "discover", "--provider", "local", "--config", config.toString());
            assertThat(found.code()).isZero();
            assertThat(found.out()).contains("local: 1 known, 1 new (1 first seen), 1 vanished")
                    .contains("new: local/m2").contains("vanished: local/m-old");

            List<String> rows = run("models", "list", "--all", "--provider", "local", "--config", config.toString()).out().lines().toList();
            assertThat(rows).anyMatch(l -> l.startsWith("new") && l.contains("m2"));
            assertThat(rows).anyMatch(l -> l.startsWith("vanished") && l.contains("m-old"));
            assertThat(run("models", "enable", "local/m2", "--config", config.toString()).code()).isZero();
        }
    }

    @Test
    void configCheck_validAndInvalidFiles() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "server:\n  port: 3005\n");
        Result ok = run("config", "check", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("OK");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "server:\n  prot: 3005\n");
        Result r = run("config", "check", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:2").contains("server.prot");
    }

    @Test
    void unknownCommandOrOption_isAUsageError() {
        Result r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument");
        assertThat(List.of(run("keys", "create").code())).containsExactly(2);
    }

    @Test
    void serve_withAtMostAConfigFile_startsWithoutPicocli_andEverythingElseStillGoesThroughIt() {
        assertThat(Main.plainServe(new String[] {"serve"})).isNotNull();
        assertThat(Main.plainServe(new String[] {"serve"}).config.file).isNull();
        assertThat(Main.plainServe(new String[] {"serve", "-c", "a.yaml"}).config.file).isEqualTo(Path.of("a.yaml"));
        assertThat(Main.plainServe(new String[] {"serve", "--config", "a.yaml"}).config.file).isEqualTo(Path.of("a.yaml"));
        assertThat(Main.plainServe(new String[] {"serve", "--config=a.yaml"}).config.file).isEqualTo(Path.of("a.yaml"));
        for (String line : List.of("keys list", "serve --help", "serve -V", "serve -c", "serve --config=", "serve -c -h",
                "serve extra", "serve -c a.yaml extra", "serve --port 3001")) {
            assertThat(Main.plainServe(line.split(" "))).as(line).isNull();
        }
        assertThat(Main.plainServe(new String[0])).isNull();
    }

    @Test
    void serve_withABadConfigFile_namesTheProblem_eitherWay() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "server:\n  prot: 3005\n");
        for (String[] args : List.of(new String[] {"serve", "--config", bad.toString()}, new String[] {"serve", "--config=" + bad})) {
            Result r = run(args);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("bad.yaml:2").contains("server.prot").doesNotContain("Exception");
        }
        Result usage = run("serve", "--port", "3001");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option");
    }

    @Test
    void warmup_servesThroughItsStandInProvider() {
        Result r = run("warmup");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("20 of 20 chat completions answered");
    }
}
