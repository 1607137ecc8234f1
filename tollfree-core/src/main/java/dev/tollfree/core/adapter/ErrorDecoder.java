package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Decodes every provider error envelope into a {@link ProviderError}. Parse order (README
 * "Error envelope variants"): {@code error.message} → {@code error} (string) → {@code message}
 * → {@code detail} → {@code title} → {@code errors[0].message} → {@code base_resp.status_msg}
 * → {@code choices[0].error.message} (OpenRouter in-band) → raw text. A JSON array (Gemini
 * OpenAI-compat) is unwrapped to its first object; leading whitespace (DeepSeek keep-alive
 * lines), a byte-order mark and an SSE {@code data:} prefix are skipped.
 */
public final class ErrorDecoder {
    /** Longest message taken from a body that is not a recognised envelope. */
    static final int MAX_RAW = 500;
    private static final int MAX_DEPTH = 8;
    /** MiniMax puts its business code at the end of the message: "invalid params, ... (2013)". */
    private static final Pattern TRAILING_CODE = Pattern.compile("\\((\\d{3,5})\\)\\s*\\.?\\s*$");
    private static final Pattern MARKUP = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->|<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ErrorDecoder() {}

    /** Decodes any of the provider error shapes; never throws; message never empty. */
    public static ProviderError decode(int status, byte[] body) {
        return decode(status, body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    /** Decodes any of the provider error shapes; never throws; message never empty. */
    public static ProviderError decode(int status, String body) {
        String text = clean(body);
        ProviderError found = null;
        try {
            found = root(text).flatMap(node -> fromJson(node, 0)).orElse(null);
        } catch (RuntimeException e) {
            found = null; // hostile input: fall back to the raw text below
        }
        if (found == null) {
            return new ProviderError(rawMessage(text, status), "", "", Optional.empty());
        }
        String message = found.message().isBlank() ? rawMessage(text, status) : found.message();
        String code = found.code();
        if (code.isEmpty()) {
            Matcher m = TRAILING_CODE.matcher(message);
            code = m.find() ? m.group(1) : "";
        }
        return new ProviderError(message, code, found.type(), found.param());
    }

    /** The body as text with BOM, leading whitespace and an SSE {@code data:} prefix removed. */
    static String text(byte[] body) {
        return clean(body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    /** The JSON worth reading: an object or string; an array yields its first object. */
    static Optional<JsonNode> root(String text) {
        if (text.isEmpty() || "{[\"".indexOf(text.charAt(0)) < 0) {
            return Optional.empty();
        }
        return Json.tryParse(text).flatMap(node -> {
            if (node.isArray()) {
                for (JsonNode element : node) {
                    if (element.isObject()) {
                        return Optional.of(element);
                    }
                }
                return Optional.empty();
            }
            return node.isObject() || node.isString() ? Optional.of(node) : Optional.empty();
        });
    }

    /** A JSON scalar as text: strings stripped, numbers plain; empty for null, missing, containers. */
    static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return "";
        }
        if (node.isNumber()) {
            if (node.isIntegralNumber()) {
                return node.asString();
            }
            java.math.BigDecimal d = node.decimalValue().stripTrailingZeros();
            return d.scale() < -20 ? d.toString() : d.toPlainString(); // 1e999999999 must not expand
        }
        return node.asString().strip();
    }

    private static String clean(String body) {
        if (body == null) {
            return "";
        }
        String s = body.startsWith("\uFEFF") ? body.substring(1) : body;
        s = s.strip();
        if (s.startsWith("data:")) {
            s = s.substring(5).strip();
        }
        return s;
    }

    private static Optional<ProviderError> fromJson(JsonNode n, int depth) {
        if (n.isString()) {
            return Optional.of(new ProviderError(n.stringValue().strip(), "", "", Optional.empty()));
        }
        JsonNode err = n.path("error");
        JsonNode cloudflare = n.path("errors").path(0);
        JsonNode baseResp = n.path("base_resp");
        JsonNode inBand = n.path("choices").path(0).path("error");
        String message = first(
                err.isObject() ? errorObjectMessage(err, depth) : "",
                err.isString() ? err.stringValue().strip() : "",
                messageOf(n.get("message"), 0),
                messageOf(n.get("detail"), 0),
                messageOf(n.get("title"), 0),
                messageOf(cloudflare.get("message"), 0),
                messageOf(baseResp.get("status_msg"), 0),
                inBand.isObject() ? errorObjectMessage(inBand, depth) : "");
        String code = first(scalar(err.get("code")), scalar(n.get("code")), scalar(cloudflare.get("code")),
                scalar(baseResp.get("status_code")), scalar(inBand.get("code")));
        String rootType = scalar(n.get("type"));
        String type = first(scalar(err.get("type")), scalar(err.get("status")), scalar(err.path("metadata").get("error_type")),
                "about:blank".equals(rootType) || "error".equals(rootType) ? "" : rootType,
                scalar(inBand.get("type")), scalar(inBand.path("metadata").get("error_type")));
        String param = first(scalar(err.get("param")), scalar(n.get("param")));
        if (message.isEmpty() && code.isEmpty() && type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderError(message, code, type, param.isEmpty() ? Optional.empty() : Optional.of(param)));
    }

    /**
     * {@code error.message} (GitHub repeats it in a string {@code details}); OpenRouter adds the
     * upstream's own words from {@code metadata.raw} ("Provider returned error: ...").
     */
    private static String errorObjectMessage(JsonNode err, int depth) {
        JsonNode details = err.get("details");
        String message = first(messageOf(err.get("message"), 0), details != null && details.isString() ? details.stringValue().strip() : "");
        JsonNode raw = err.path("metadata").get("raw");
        if (raw == null || raw.isNull() || depth >= MAX_DEPTH) {
            return message;
        }
        String rawText = clean(raw.isString() ? raw.stringValue() : Json.text(raw));
        String upstream = root(rawText).flatMap(node -> fromJson(node, depth + 1)).map(ProviderError::message)
                .filter(s -> !s.isBlank()).orElseGet(() -> rawMessage(rawText, 0));
        if (rawText.isEmpty() || upstream.isBlank() || message.contains(upstream)) {
            return message;
        }
        return message.isEmpty() ? upstream : message + ": " + upstream;
    }

    /** Human text of a node: strings as is, pydantic detail lists joined, objects by their message. */
    private static String messageOf(JsonNode node, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (!node.isContainer()) {
            return scalar(node);
        }
        if (depth >= MAX_DEPTH) {
            return cut(Json.text(node));
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode element : node) {
                String part = messageOf(element, depth + 1);
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            return String.join("; ", parts);
        }
        String msg = messageOf(node.get("msg"), depth + 1);
        if (!msg.isEmpty()) {
            String loc = location(node.get("loc"));
            return loc.isEmpty() ? msg : loc + ": " + msg;
        }
        String nested = first(messageOf(node.get("message"), depth + 1), messageOf(node.get("detail"), depth + 1),
                messageOf(node.get("error"), depth + 1));
        return nested.isEmpty() ? cut(Json.text(node)) : nested;
    }

    /** Pydantic {@code loc}: {@code ["body","messages",0,"content"]} → {@code body.messages.0.content}. */
    private static String location(JsonNode loc) {
        if (loc == null || !loc.isArray()) {
            return scalar(loc);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : loc) {
            String s = scalar(part);
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return String.join(".", parts);
    }

    private static String rawMessage(String text, int status) {
        if (text.isBlank()) {
            return "HTTP " + status;
        }
        String s = text;
        if (s.startsWith("<")) {
            String stripped = SPACES.matcher(unescape(MARKUP.matcher(s).replaceAll(" "))).replaceAll(" ").strip();
            s = stripped.isEmpty() ? s : stripped;
        }
        return cut(s);
    }

    private static String unescape(String s) {
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String cut(String s) {
        String t = s.strip();
        if (t.length() <= MAX_RAW) {
            return t;
        }
        int end = Character.isHighSurrogate(t.charAt(MAX_RAW - 1)) ? MAX_RAW - 1 : MAX_RAW;
        return t.substring(0, end).strip();
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (!c.isEmpty()) {
                return c;
            }
        }
        return "";
    }
}
