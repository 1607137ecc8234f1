package dev.tollfree.core;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.store.ProviderKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small catalog, key and request values for core tests. */
public final class Fixtures {
    private Fixtures() {}

    /** A 128k-context text model with tools and JSON mode, intelligence 50. */
    public static ModelSpec model(String id) {
        return model(id, id, 50, 128_000, Set.of(Capability.TOOLS, Capability.JSON_MODE));
    }

    public static ModelSpec model(String id, String canonical, int intelligence, int contextWindow, Set<Capability> capabilities) {
        return new ModelSpec(id, canonical, contextWindow, 0, capabilities, Limits.NONE, intelligence, 50, true, true, List.of());
    }

    public static ModelSpec withAliases(ModelSpec m, String... aliases) {
        return new ModelSpec(m.id(), m.canonical(), m.contextWindow(), m.maxOutput(), m.capabilities(), m.limits(),
                m.intelligence(), m.speed(), m.free(), m.enabled(), List.of(aliases));
    }

    public static ModelSpec disabled(ModelSpec m) {
        return new ModelSpec(m.id(), m.canonical(), m.contextWindow(), m.maxOutput(), m.capabilities(), m.limits(),
                m.intelligence(), m.speed(), m.free(), false, m.aliases());
    }

    /** An OpenAI-format Bearer provider. */
    public static ProviderSpec provider(String id, String baseUrl, ModelSpec... models) {
        return new ProviderSpec(id, id, baseUrl, AuthStyle.BEARER, "", WireFormat.OPENAI, false, Limits.NONE, List.of(models), false);
    }

    public static ProviderSpec keyless(String id, String baseUrl, ModelSpec... models) {
        return new ProviderSpec(id, id, baseUrl, AuthStyle.NONE, "", WireFormat.OPENAI, true, Limits.NONE, List.of(models), false);
    }

    public static ProviderSpec withAuth(ProviderSpec p, AuthStyle auth, String header) {
        return new ProviderSpec(p.id(), p.displayName(), p.baseUrl(), auth, header, p.format(), p.keyless(), p.accountLimits(), p.models(), p.custom());
    }

    /** An enabled key whose "sealed" secret is the plain secret (tests open keys with an identity opener). */
    public static ProviderKey key(long id, String provider, String secret) {
        return new ProviderKey(id, provider, "k" + id, secret, "…" + id, true, "admin", Instant.EPOCH, Optional.empty());
    }

    public static ChatRequest request(String json) {
        return ChatRequest.parse(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code {"model":model,"messages":[{"role":"user","content":text}]}} */
    public static ChatRequest chat(String model, String text) {
        var body = Json.object().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return ChatRequest.parse(body);
    }

    public static ChatRequest chatStream(String model, String text) {
        var body = Json.object().put("model", model).put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return ChatRequest.parse(body);
    }
}
