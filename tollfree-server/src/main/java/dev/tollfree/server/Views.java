package dev.tollfree.server;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.service.Models;
import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.RequestRecord;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON views of admin objects. Secrets appear only as masked hints. */
final class Views {
    private Views() {}

    static ObjectNode list(ArrayNode data) {
        ObjectNode o = Json.object();
        o.put("object", "list");
        o.set("data", data);
        return o;
    }

    static ObjectNode gatewayKey(GatewayKey k) {
        ObjectNode o = Json.object();
        o.put("id", k.id());
        o.put("name", k.name());
        o.put("prefix", k.prefix());
        o.put("admin", k.admin());
        o.put("source", k.source());
        o.put("created_at", k.createdAt().toString());
        if (k.revokedAt().isPresent()) {
            o.put("revoked_at", k.revokedAt().get().toString());
        } else {
            o.putNull("revoked_at");
        }
        ObjectNode limits = limits(k.limits());
        limits.remove("uncertain");
        o.set("limits", limits);
        return o;
    }

    static ObjectNode providerKey(ProviderKey k) {
        ObjectNode o = Json.object();
        o.put("id", k.id());
        o.put("provider", k.provider());
        o.put("label", k.label());
        o.put("hint", k.hint());
        o.put("enabled", k.enabled());
        o.put("source", k.source());
        o.put("created_at", k.createdAt().toString());
        k.lastCheck().ifPresentOrElse(c -> {
            ObjectNode check = o.putObject("last_check");
            check.put("at", c.at().toString());
            check.put("status", c.status());
            check.put("detail", c.detail());
            check.put("latency_ms", c.latencyMillis());
        }, () -> o.putNull("last_check"));
        return o;
    }

    static ObjectNode provider(ProviderSpec p, long keys) {
        ObjectNode o = Json.object();
        o.put("id", p.id());
        o.put("name", p.displayName());
        o.put("base_url", p.baseUrl());
        o.put("format", p.format().wireName());
        o.put("auth", p.auth().wireName());
        o.put("keyless", p.keyless());
        o.put("custom", p.custom());
        o.put("keys", keys);
        o.put("models", p.models().size());
        o.set("account_limits", limits(p.accountLimits()));
        return o;
    }

    static ObjectNode model(Models.Entry e) {
        ObjectNode o = Json.object();
        o.put("id", e.name());
        o.put("provider", e.provider().id());
        o.put("model", e.model().id());
        o.put("canonical", e.model().canonical());
        o.put("enabled", e.model().enabled());
        o.put("servable", e.servable());
        o.put("context_window", e.model().contextWindow());
        o.put("max_output", e.model().maxOutput());
        ArrayNode caps = o.putArray("capabilities");
        e.model().capabilities().stream().map(Capability::wireName).sorted().forEach(caps::add);
        o.set("limits", limits(e.model().limits()));
        o.put("intelligence", e.model().intelligence());
        o.put("speed", e.model().speed());
        o.put("free", e.model().free());
        o.put("discovered", e.discovered());
        e.vanishedSince().ifPresentOrElse(v -> o.put("vanished_since", v.toString()), () -> o.putNull("vanished_since"));
        return o;
    }

    static ObjectNode discovery(dev.tollfree.core.service.DiscoveryReport r) {
        ObjectNode o = Json.object();
        o.put("provider", r.provider());
        switch (r) {
            case dev.tollfree.core.service.DiscoveryReport.Listed l -> {
                o.put("status", "listed");
                o.put("known", l.known());
                o.put("new", l.fresh().size());
                o.put("first_seen", l.added().size());
                o.put("vanished", l.vanished().size());
                l.fresh().forEach(o.putArray("new_models")::add);
                l.vanished().forEach(o.putArray("vanished_models")::add);
            }
            case dev.tollfree.core.service.DiscoveryReport.Failed f -> {
                o.put("status", "failed");
                o.put("error", f.reason());
            }
            case dev.tollfree.core.service.DiscoveryReport.Skipped s -> {
                o.put("status", "skipped");
                o.put("reason", s.reason());
            }
        }
        return o;
    }

    static ObjectNode limits(Limits l) {
        ObjectNode o = Json.object();
        o.put("rpm", l.rpm());
        o.put("rpd", l.rpd());
        o.put("tpm", l.tpm());
        o.put("tpd", l.tpd());
        o.put("uncertain", l.uncertain());
        return o;
    }

    static ObjectNode request(RequestRecord r) {
        ObjectNode o = Json.object();
        o.put("id", r.requestId());
        o.put("at", r.at().toString());
        o.put("model_requested", r.requestedModel());
        o.put("stream", r.stream());
        o.put("status", r.status());
        o.put("outcome", r.outcome());
        o.put("error_code", r.errorCode());
        o.put("provider", r.provider());
        o.put("model", r.model());
        o.put("latency_ms", r.latencyMillis());
        o.put("ttfb_ms", r.ttfbMillis());
        o.put("prompt_tokens", r.promptTokens());
        o.put("completion_tokens", r.completionTokens());
        o.put("usage_estimated", r.usageEstimated());
        ArrayNode attempts = o.putArray("attempts");
        for (RequestRecord.Attempt a : r.attempts()) {
            ObjectNode ao = attempts.addObject();
            ao.put("provider", a.provider());
            ao.put("model", a.model());
            ao.put("key_id", a.keyId());
            ao.put("status", a.status());
            ao.put("failure", a.failureClass());
            ao.put("detail", a.detail());
            ao.put("latency_ms", a.latencyMillis());
        }
        return o;
    }

    static ObjectNode quota(dev.tollfree.core.quota.QuotaStatus q) {
        ObjectNode o = Json.object();
        o.put("provider", q.key().provider());
        o.put("key", q.key().key());
        o.put("model", q.key().model());
        o.put("in_flight", q.inFlight());
        for (dev.tollfree.core.quota.QuotaMetric m : dev.tollfree.core.quota.QuotaMetric.values()) {
            dev.tollfree.core.quota.QuotaStatus.Meter meter = q.meter(m);
            ObjectNode mo = o.putObject(m.name().toLowerCase(java.util.Locale.ROOT));
            mo.put("used", meter.used());
            mo.put("limit", meter.limit());
            mo.put("configured", meter.configured());
            mo.put("learned", meter.learned());
            meter.reportedLeft().ifPresent(v -> mo.put("reported_left", v));
            meter.reportedUntil().ifPresent(v -> mo.put("reported_until", v.toString()));
        }
        q.denied().ifPresentOrElse(b -> {
            ObjectNode d = o.putObject("denied");
            d.put("reason", b.reason().name().toLowerCase(java.util.Locale.ROOT));
            d.put("until", b.until().toString());
        }, () -> o.putNull("denied"));
        return o;
    }

    /** One bench: which scope it holds ({@code key}, {@code key_model}, {@code model}), until when and why. */
    static ObjectNode bench(dev.tollfree.core.routing.Cooldowns.Held h) {
        ObjectNode o = Json.object();
        String slot = h.slot();
        if (slot.startsWith("km:")) {
            String rest = slot.substring(3);
            int colon = rest.indexOf(':');
            o.put("scope", "key_model");
            o.put("key", rest.substring(0, colon));
            o.put("route", rest.substring(colon + 1));
        } else if (slot.startsWith("k:")) {
            o.put("scope", "key");
            o.put("key", slot.substring(2));
        } else {
            o.put("scope", "model");
            o.put("route", slot.substring(slot.indexOf(':') + 1));
        }
        o.put("until", h.bench().until().toString());
        o.put("cause", h.bench().cause().name().toLowerCase(java.util.Locale.ROOT));
        o.put("reason", h.bench().reason());
        return o;
    }
}
