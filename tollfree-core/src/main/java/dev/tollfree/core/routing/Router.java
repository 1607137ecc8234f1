package dev.tollfree.core.routing;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.Capability;
import java.util.ArrayList;
import java.util.List;

/** Turns a request into the ordered list of routes to try, applying the hard capability filters. */
public final class Router {
    private Router() {}

    public static List<Route> candidates(ChatRequest request, RouteTable table) {
        return candidates(request, table, false);
    }

    /** With {@code webSearch}, only models marked {@code web_search} qualify (else 422 {@code no_web_search_model}). */
    public static List<Route> candidates(ChatRequest request, RouteTable table, boolean webSearch) {
        String model = request.model();
        if (table.isEmpty() && isAuto(model)) {
            throw new ApiException(new ApiError(503, "service_unavailable", "no_providers",
                    "No model can serve: no provider has an enabled key and no keyless provider is enabled, or every model is disabled. "
                            + "Add a provider key (tollfree providers add-key PROVIDER) or enable a model, then retry.", null));
        }
        List<Route> routes = isAuto(model) ? table.chain() : table.named(model);
        if (routes.isEmpty()) {
            throw new ApiException(ApiError.notFound("model_not_found",
                    "The model '" + model + "' does not exist or has no enabled provider. Use 'auto' or one of the models listed by GET /v1/models."));
        }
        if (webSearch) {
            routes = require(routes, Capability.WEB_SEARCH, "no_web_search_model",
                    "No enabled model that can search the web can serve '" + model + "'. Enable one (e.g. a Gemini model or groq/compound) or use /v1/chat/completions.", "model");
        }
        if (request.hasTools()) {
            routes = require(routes, Capability.TOOLS, "no_tools_model",
                    "No enabled model that supports tools can serve '" + model + "'.", "tools");
        }
        if (request.hasImages()) {
            routes = require(routes, Capability.VISION, "no_vision_model",
                    "The request contains images but no enabled vision-capable model can serve '" + model + "'. Enable a vision model or remove the images.", "messages");
        }
        if (request.wantsJson()) {
            List<Route> json = filter(routes, Capability.JSON_MODE);
            if (!json.isEmpty()) {
                routes = json; // prefer models that honour JSON mode; others still follow instructions
            }
        }
        long needed = TokenEstimator.promptTokens(request) + Math.max(request.maxOutputTokens(), 1);
        List<Route> fitting = new ArrayList<>();
        for (Route r : routes) {
            if (r.model().contextWindow() <= 0 || r.model().contextWindow() >= needed) {
                fitting.add(r);
            }
        }
        if (fitting.isEmpty()) {
            throw new ApiException(new ApiError(413, "invalid_request_error", "context_length_exceeded",
                    "The request needs about " + needed + " tokens (prompt estimate plus max output), more than the context window of every model that could serve '" + model + "'.", "messages"));
        }
        return fitting;
    }

    public static boolean isAuto(String model) {
        return RouteTable.AUTO.equals(model) || "tollfree/auto".equals(model);
    }

    private static List<Route> require(List<Route> routes, Capability capability, String code, String message, String param) {
        List<Route> out = filter(routes, capability);
        if (out.isEmpty()) {
            throw new ApiException(ApiError.unprocessable(code, message, param));
        }
        return out;
    }

    private static List<Route> filter(List<Route> routes, Capability capability) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.model().can(capability)) {
                out.add(r);
            }
        }
        return out;
    }
}
