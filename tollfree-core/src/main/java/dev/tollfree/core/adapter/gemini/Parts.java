package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI message content (a string or an array of parts) as Gemini parts: text, images
 * ({@code data:} URLs inline, other URLs as {@code fileData}), {@code input_audio} and {@code file}
 * parts that carry a data URL. Empty text is left out (Gemini rejects empty text parts); part
 * types Gemini has no equivalent for ({@code file_id} references and unknown types) are dropped.
 */
final class Parts {
    static final String DEFAULT_IMAGE_MIME = "image/jpeg";
    private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("bmp", "image/bmp"), Map.entry("pdf", "application/pdf"));

    private Parts() {}

    /** The Gemini parts of one message's content, appended to {@code out}. */
    static void content(JsonNode content, ArrayNode out) {
        if (content.isString()) {
            text(content.stringValue(), out);
            return;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text", "refusal" -> text(part.path(part.has("text") ? "text" : "refusal").asString(""), out);
                case "image_url" -> {
                    JsonNode url = part.path("image_url");
                    media(url.isString() ? url.stringValue() : url.path("url").asString(""), out);
                }
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    String data = audio.path("data").asString("");
                    if (!data.isEmpty()) {
                        inline("audio/" + audio.path("format").asString("wav").toLowerCase(Locale.ROOT), data, out);
                    }
                }
                case "file" -> {
                    String data = part.path("file").path("file_data").asString("");
                    if (data.startsWith("data:")) {
                        media(data, out);
                    }
                }
                default -> {
                    // no Gemini equivalent: dropped
                }
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

    static void text(String text, ArrayNode out) {
        if (!text.isEmpty()) {
            out.addObject().put("text", text);
        }
    }

    /** A data URL becomes {@code inlineData}; any other URL {@code fileData} with a mime type guessed from its extension. */
    static void media(String url, ArrayNode out) {
        if (url.isBlank()) {
            return;
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            if (comma < 0) {
                return;
            }
            String meta = url.substring(5, comma);
            String payload = url.substring(comma + 1);
            String mime = meta.contains(";") ? meta.substring(0, meta.indexOf(';')) : meta;
            boolean base64 = meta.toLowerCase(Locale.ROOT).endsWith(";base64");
            String data = base64 ? payload
                    : Base64.getEncoder().encodeToString(URLDecoder.decode(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            inline(mime.isBlank() ? DEFAULT_IMAGE_MIME : mime, data, out);
            return;
        }
        ObjectNode file = out.addObject().putObject("fileData");
        file.put("mimeType", guessMime(url));
        file.put("fileUri", url);
    }

    private static void inline(String mime, String data, ArrayNode out) {
        ObjectNode inline = out.addObject().putObject("inlineData");
        inline.put("mimeType", mime);
        inline.put("data", data);
    }

    /** From the URL path's extension (query and fragment ignored); {@value #DEFAULT_IMAGE_MIME} when unknown. */
    static String guessMime(String url) {
        String path = url;
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0) {
                path = path.substring(0, at);
            }
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < slash) {
            return DEFAULT_IMAGE_MIME;
        }
        return MIME_BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_IMAGE_MIME);
    }

    /** A tool result as a {@code functionResponse.response} Struct: a JSON object as is, anything else under {@code output}. */
    static ObjectNode toolResponse(String text) {
        String t = text.strip();
        if (t.startsWith("{")) {
            var parsed = Json.tryParse(t);
            if (parsed.isPresent() && parsed.get() instanceof ObjectNode object) {
                return object;
            }
        }
        return Json.object().put("output", text);
    }
}
