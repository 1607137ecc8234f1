package dev.tollfree.core.adapter;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a caller's web-search intent into each OpenAI-compatible provider's own form. Routing only
 * sends such requests to models marked {@code web_search}, so here it is a matter of dialect:
 * OpenRouter's {@code web} plugin; Groq's compound systems search by themselves (their built-in
 * tools are limited to search and page visits).
 */
final class WebSearch {
    private WebSearch() {}

    static ObjectNode apply(ObjectNode body, UpstreamRequest req) {
        if (!req.webSearch()) {
            return body;
        }
        switch (req.provider().id()) {
            case "openrouter", "kilo" -> {
                // copies: the body shares its nested values with the caller's request
                ArrayNode plugins = body.path("plugins") instanceof ArrayNode a ? (ArrayNode) body.set("plugins", a.deepCopy()).get("plugins")
                        : body.putArray("plugins");
                plugins.addObject().put("id", "web");
            }
            case "groq" -> {
                ObjectNode custom = body.path("compound_custom") instanceof ObjectNode o ? (ObjectNode) body.set("compound_custom", o.deepCopy()).get("compound_custom")
                        : body.putObject("compound_custom");
                ObjectNode tools = custom.path("tools") instanceof ObjectNode o ? o : custom.putObject("tools");
                tools.putArray("enabled_tools").add("web_search").add("visit_website");
            }
            default -> {
                // models marked web_search on other providers search on their own
            }
        }
        return body;
    }
}
