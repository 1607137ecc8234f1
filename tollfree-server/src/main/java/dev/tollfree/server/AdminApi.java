package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.service.DiscoveryReport;
import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.service.ModelDiscovery;
import dev.tollfree.core.service.Models;
import dev.tollfree.core.service.ProviderKeys;
import dev.tollfree.core.service.RoutingState;
import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.RequestRecord;
import dev.tollfree.core.store.StoreException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The admin API under {@code /api}: gateway keys, provider keys, models and their discovery, chain, request log. Admin keys only. */
final class AdminApi {
    private final Auth auth;
    private final GatewayKeys gatewayKeys;
    private final ProviderKeys providerKeys;
    private final Models models;
    private final ModelDiscovery discovery;
    private final RoutingState routing;
    private final RequestLogStore requestLog;
    private final dev.tollfree.core.quota.QuotaLedger ledger;
    private final dev.tollfree.core.routing.Cooldowns cooldowns;
    private final long maxBody;

    AdminApi(Auth auth, GatewayKeys gatewayKeys, ProviderKeys providerKeys, Models models, ModelDiscovery discovery,
             RoutingState routing, RequestLogStore requestLog, dev.tollfree.core.quota.QuotaLedger ledger,
             dev.tollfree.core.routing.Cooldowns cooldowns, long maxBody) {
        this.auth = auth;
        this.gatewayKeys = gatewayKeys;
        this.providerKeys = providerKeys;
        this.models = models;
        this.discovery = discovery;
        this.routing = routing;
        this.requestLog = requestLog;
        this.ledger = ledger;
        this.cooldowns = cooldowns;
        this.maxBody = maxBody;
    }

    void register(HttpRouting.Builder r) {
        r.get("/api/keys", admin(this::listGatewayKeys))
                .post("/api/keys", admin(this::createGatewayKey))
                .delete("/api/keys/{id}", admin(this::revokeGatewayKey))
                .patch("/api/keys/{id}", admin(this::patchGatewayKey))
                .get("/api/providers", admin(this::listProviders))
                .get("/api/provider-keys", admin(this::listProviderKeys))
                .post("/api/provider-keys", admin(this::addProviderKey))
                .patch("/api/provider-keys/{id}", admin(this::patchProviderKey))
                .delete("/api/provider-keys/{id}", admin(this::removeProviderKey))
                .post("/api/provider-keys/{id}/test", admin(this::testProviderKey))
                .get("/api/models", admin(this::listModels))
                .patch("/api/models", admin(this::patchModel))
                .post("/api/models/discover", admin(this::discoverModels))
                .get("/api/chain", admin(this::getChain))
                .put("/api/chain", admin(this::putChain))
                .get("/api/requests", admin(this::recentRequests))
                .get("/api/quota", admin(this::quota))
                .get("/api/benches", admin(this::benches));
    }

    private io.helidon.webserver.http.Handler admin(io.helidon.webserver.http.Handler h) {
        return (req, res) -> {
            auth.requireAdmin(req);
            try {
                h.handle(req, res);
            } catch (IllegalArgumentException e) {
                throw Fields.badRequest(e);
            } catch (StoreException e) {
                if (e.conflict()) {
                    throw new ApiException(new ApiError(409, "invalid_request_error", "conflict", e.getMessage(), null));
                }
                throw e;
            }
        };
    }

    private ObjectNode body(ServerRequest req) {
        return Json.parseObject(Bodies.read(req, maxBody));
    }

    private void listGatewayKeys(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (GatewayKey k : gatewayKeys.list()) {
            data.add(Views.gatewayKey(k));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void createGatewayKey(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req);
        GatewayKeys.Created created = gatewayKeys.create(Fields.requiredString(body, "name"),
                Fields.optionalBoolean(body, "admin").orElse(false), "admin");
        var limits = Fields.limits(body, "limits");
        if (limits.isPresent()) {
            gatewayKeys.setLimits(created.key().id(), limits.get());
        }
        ObjectNode out = Views.gatewayKey(gatewayKeys.list().stream().filter(k -> k.id() == created.key().id()).findFirst().orElse(created.key()));
        out.put("key", created.plain());
        Responses.json(res, 201, out);
    }

    private void revokeGatewayKey(ServerRequest req, ServerResponse res) {
        long id = Fields.id(req.path().pathParameters().get("id"));
        if (!gatewayKeys.revoke(id)) {
            throw new ApiException(ApiError.notFound("key_not_found", "No active gateway key with id " + id + "."));
        }
        routing.changed(); // other instances drop their authentication cache on their next refresh
        res.status(204).send();
    }

    private void patchGatewayKey(ServerRequest req, ServerResponse res) {
        long id = Fields.id(req.path().pathParameters().get("id"));
        var limits = Fields.limits(body(req), "limits")
                .orElseThrow(() -> new ApiException(ApiError.invalidRequest("limits", "Missing required parameter: 'limits'.")));
        if (!gatewayKeys.setLimits(id, limits)) {
            throw new ApiException(ApiError.notFound("key_not_found", "No gateway key with id " + id + "."));
        }
        routing.changed(); // other instances reload their authentication cache
        Responses.json(res, 200, Views.gatewayKey(gatewayKeys.list().stream().filter(k -> k.id() == id).findFirst().orElseThrow()));
    }

    private void listProviders(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (ProviderSpec p : routing.catalog().providers()) {
            long keys = providerKeys.list().stream().filter(k -> k.provider().equals(p.id())).count();
            data.add(Views.provider(p, keys));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void listProviderKeys(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (ProviderKey k : providerKeys.list()) {
            data.add(Views.providerKey(k));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void addProviderKey(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req);
        String provider = Fields.requiredString(body, "provider");
        String label = Fields.optionalString(body, "label").orElseGet(() -> providerKeys.freeLabel(provider));
        ProviderKey key = providerKeys.add(provider, label, Fields.requiredString(body, "key"),
                Fields.optionalString(body, "account_id"), "admin");
        providerKeys.validateLater(key.id());
        Responses.json(res, 201, Views.providerKey(key));
    }

    private void patchProviderKey(ServerRequest req, ServerResponse res) {
        long id = Fields.id(req.path().pathParameters().get("id"));
        boolean enabled = Fields.optionalBoolean(body(req), "enabled")
                .orElseThrow(() -> new ApiException(ApiError.invalidRequest("enabled", "Missing required parameter: 'enabled'.")));
        if (!providerKeys.setEnabled(id, enabled)) {
            throw new ApiException(ApiError.notFound("key_not_found", "No provider key with id " + id + "."));
        }
        Responses.json(res, 200, Views.providerKey(providerKeys.find(id).orElseThrow()));
    }

    private void removeProviderKey(ServerRequest req, ServerResponse res) {
        long id = Fields.id(req.path().pathParameters().get("id"));
        if (!providerKeys.remove(id)) {
            throw new ApiException(ApiError.notFound("key_not_found", "No provider key with id " + id + "."));
        }
        res.status(204).send();
    }

    private void testProviderKey(ServerRequest req, ServerResponse res) {
        long id = Fields.id(req.path().pathParameters().get("id"));
        if (providerKeys.find(id).isEmpty()) {
            throw new ApiException(ApiError.notFound("key_not_found", "No provider key with id " + id + "."));
        }
        KeyValidation v = providerKeys.validate(id);
        ObjectNode out = Json.object();
        out.put("status", v.status());
        out.put("detail", v.detail());
        out.put("latency_ms", v.latencyMillis());
        Responses.json(res, 200, out);
    }

    private void listModels(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (Models.Entry e : models.list()) {
            data.add(Views.model(e));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void patchModel(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req);
        String model = Fields.requiredString(body, "model");
        var enabled = Fields.optionalBoolean(body, "enabled");
        var limits = Fields.limits(body, "limits");
        if (enabled.isEmpty() && limits.isEmpty()) {
            throw new ApiException(ApiError.invalidRequest("enabled", "Give 'enabled' and/or 'limits' to change."));
        }
        boolean known = enabled.map(e -> models.setEnabled(model, e)).orElse(true)
                && limits.map(l -> models.setLimits(model, l)).orElse(true);
        if (!known) {
            throw new ApiException(ApiError.notFound("model_not_found", "No model '" + model + "'; expected provider/model as listed by GET /api/models."));
        }
        Responses.json(res, 200, Views.model(models.list().stream().filter(e -> e.name().equals(model)).findFirst().orElseThrow()));
    }

    /** Reads the model lists now: of {@code provider} when the body names one, else of every provider with a key or keyless. */
    private void discoverModels(ServerRequest req, ServerResponse res) {
        byte[] raw = Bodies.read(req, maxBody);
        java.util.Optional<String> provider = new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()
                ? java.util.Optional.empty() : Fields.optionalString(Json.parseObject(raw), "provider");
        if (provider.isPresent() && routing.configuredCatalog().provider(provider.get()).isEmpty()) {
            throw new ApiException(ApiError.notFound("provider_not_found", "No provider '" + provider.get() + "'; see GET /api/providers."));
        }
        java.util.List<DiscoveryReport> reports = provider.map(p -> java.util.List.of(discovery.discover(p))).orElseGet(discovery::discoverAll);
        ArrayNode data = Json.array();
        for (DiscoveryReport r : reports) {
            data.add(Views.discovery(r));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void quota(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (dev.tollfree.core.quota.QuotaStatus q : ledger.status()) {
            data.add(Views.quota(q));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private void benches(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (dev.tollfree.core.routing.Cooldowns.Held h : cooldowns.inForce()) {
            data.add(Views.bench(h));
        }
        Responses.json(res, 200, Views.list(data));
    }

    private static int limit(String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.invalidRequest("limit", "Invalid 'limit': expected an integer from 1 to 1000, got '" + raw + "'."));
        }
    }

    private void getChain(ServerRequest req, ServerResponse res) {
        ObjectNode out = Json.object();
        ArrayNode chain = out.putArray("chain");
        models.chain().forEach(chain::add);
        ArrayNode effective = out.putArray("effective");
        routing.table().chain().forEach(r -> effective.add(r.name()));
        Responses.json(res, 200, out);
    }

    private void putChain(ServerRequest req, ServerResponse res) {
        models.setChain(Fields.stringList(body(req), "chain"));
        getChain(req, res);
    }

    private void recentRequests(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").map(AdminApi::limit).orElse(50);
        ArrayNode data = Json.array();
        for (RequestRecord r : requestLog.recent(Math.max(1, Math.min(limit, 1000)))) {
            data.add(Views.request(r));
        }
        Responses.json(res, 200, Views.list(data));
    }

}
