package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI message content (a string or an array of parts) as Anthropic content blocks: text →
 * {@code text}, {@code image_url} → {@code image} (a {@code data:} URL as a base64 source, an
 * http(s) URL as a url source), a {@code file} part carrying a PDF data URL → {@code document}.
 * Empty text is left out (Anthropic rejects empty text blocks); a {@code cache_control} on a part
 * is kept; parts without an equivalent (audio, file ids, unknown types) are dropped.
 */
final class Blocks {
    static final String DEFAULT_IMAGE_MIME = "image/jpeg";

    private Blocks() {}

    /** The blocks of one message's content, appended to {@code out}. */
    static void content(JsonNode content, ArrayNode out) {
        if (content.isString()) {
            text(content.stringValue(), out);
            return;
        }
        for (JsonNode part : content) {
            ObjectNode block = switch (part.path("type").asString("")) {
                case "text" -> text(part.path("text").asString(""), out);
                case "refusal" -> text(part.path("refusal").asString(""), out);
                case "image_url" -> {
                    JsonNode url = part.path("image_url");
                    yield image(url.isString() ? url.stringValue() : url.path("url").asString(""), out);
                }
                case "file" -> document(part.path("file").path("file_data").asString(""), out);
                default -> null; // no Anthropic equivalent: dropped
            };
            if (block != null && part.path("cache_control").isObject()) {
                block.set("cache_control", part.get("cache_control").deepCopy());
            }
        }
    }

    /** The plain text of a content value (string or text parts), for system prompts and tool results. */
    static String plainText(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(part.path("text").stringValue());
            }
        }
        return sb.toString();
    }

    static ObjectNode text(String text, ArrayNode out) {
        if (text.isEmpty()) {
            return null;
        }
        return out.addObject().put("type", "text").put("text", text);
    }

    /** A data URL becomes a base64 source, an http(s) URL a url source; anything else is dropped. */
    static ObjectNode image(String url, ArrayNode out) {
        String u = url.strip();
        if (u.regionMatches(true, 0, "http://", 0, 7) || u.regionMatches(true, 0, "https://", 0, 8)) {
            ObjectNode block = out.addObject().put("type", "image");
            block.putObject("source").put("type", "url").put("url", u);
            return block;
        }
        return base64("image", u, DEFAULT_IMAGE_MIME, out);
    }

    /** Only PDFs travel as documents (base64); other files have no Anthropic block. */
    private static ObjectNode document(String dataUrl, ArrayNode out) {
        DataUrl data = DataUrl.parse(dataUrl);
        if (data == null || !data.mime().equals("application/pdf")) {
            return null;
        }
        return base64("document", dataUrl, "application/pdf", out);
    }

    private static ObjectNode base64(String type, String dataUrl, String defaultMime, ArrayNode out) {
        DataUrl data = DataUrl.parse(dataUrl);
        if (data == null) {
            return null;
        }
        ObjectNode block = out.addObject().put("type", type);
        block.putObject("source").put("type", "base64").put("media_type", data.mime().isEmpty() ? defaultMime : data.mime())
                .put("data", data.base64());
        return block;
    }

    /** A {@code data:} URL split into its media type and base64 payload. */
    record DataUrl(String mime, String base64) {
        static DataUrl parse(String url) {
            if (!url.regionMatches(true, 0, "data:", 0, 5)) {
                return null;
            }
            int comma = url.indexOf(',');
            if (comma < 0) {
                return null;
            }
            String meta = url.substring(5, comma);
            String payload = url.substring(comma + 1);
            String mime = (meta.contains(";") ? meta.substring(0, meta.indexOf(';')) : meta).strip().toLowerCase(Locale.ROOT);
            boolean isBase64 = meta.toLowerCase(Locale.ROOT).endsWith(";base64");
            String data = isBase64 ? payload
                    : Base64.getEncoder().encodeToString(URLDecoder.decode(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            return new DataUrl(mime, data);
        }
    }

    /** A tool call's {@code arguments} string as the {@code input} object Anthropic requires ({@code {}} when it is not one). */
    static ObjectNode input(String arguments) {
        String t = arguments.strip();
        if (t.startsWith("{")) {
            var parsed = Json.tryParse(t);
            if (parsed.isPresent() && parsed.get() instanceof ObjectNode object) {
                return object;
            }
        }
        return Json.object();
    }
}
