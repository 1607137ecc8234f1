package dev.tollfree.app.config;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A small hand-made catalog and load helpers, so config tests do not depend on the shipped catalog. */
final class TestCatalog {
    static final Path CWD = Path.of("/srv/tollfree");

    static final ModelSpec LLAMA_70B = new ModelSpec("llama-3.3-70b-versatile", "llama-3.3-70b", 131072, 32768,
            Set.of(Capability.TOOLS), new Limits(30, 1000, 6000, 100000, true), 60, 80, true, true, List.of());
    static final ModelSpec LLAMA_8B = new ModelSpec("llama-3.1-8b-instant", "llama-3.1-8b", 131072, 8192,
            Set.of(Capability.TOOLS, Capability.JSON_MODE), new Limits(30, 14400, 6000, 500000, false), 30, 95, true, true, List.of());
    static final ProviderSpec GROQ = new ProviderSpec("groq", "Groq", "https://api.groq.com/openai/v1", AuthStyle.BEARER, "",
            WireFormat.OPENAI, false, new Limits(0, 0, 0, 0, false), List.of(LLAMA_70B, LLAMA_8B), false);
    static final ProviderSpec CLOUDFLARE = new ProviderSpec("cloudflare", "Cloudflare Workers AI",
            "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1", AuthStyle.BEARER_WITH_ACCOUNT, "",
            WireFormat.OPENAI, false, new Limits(0, 0, 0, 0, false),
            List.of(new ModelSpec("@cf/meta/llama-3.1-8b-instruct", null, 8192, 0, Set.of(), Limits.NONE, 25, 50, true, true, List.of())),
            false);
    static final Catalog CATALOG = new Catalog(List.of(GROQ, CLOUDFLARE));

    private TestCatalog() {}

    static ConfigResult load(String yaml) {
        return load(yaml, Map.of());
    }

    static ConfigResult load(String yaml, Map<String, String> env) {
        return ConfigLoader.loadText("test.yaml", yaml, env, CATALOG, CWD);
    }

    static GatewayConfig config(String yaml) {
        return load(yaml).config();
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/config", name).toAbsolutePath();
    }

    static ConfigResult loadFixture(String name, Map<String, String> env) {
        return ConfigLoader.load(Optional.of(fixture(name)), env, CATALOG, CWD);
    }
}
