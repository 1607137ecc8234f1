package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.ErrorDecoder;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini {@code GenerateContentResponse} as an OpenAI {@code chat.completion}: text parts →
 * {@code content}, {@code thought} parts → {@code reasoning_content}, {@code functionCall} parts →
 * {@code tool_calls} (with generated {@code call_…} ids and the thought signature under
 * {@code extra_content.google.thought_signature}). A blocked prompt or an empty, blocked answer is
 * a failure, not an empty completion.
 */
final class ResponseTranslator {
    /** Finish reasons that mean a safety or policy filter stopped the answer. */
    static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT");

    /** The readable pieces of one candidate's parts. */
    record Pieces(String text, String reasoning, List<ObjectNode> toolCalls) {
        boolean isEmpty() {
            return text.isEmpty() && reasoning.isEmpty() && toolCalls.isEmpty();
        }
    }

    private ResponseTranslator() {}

    static ChatResult completion(ObjectNode root, String modelId, long created, SignatureCache signatures,
                                 RateLimitSnapshot limits, long firstByteMillis) {
        if (root.path("error").isObject()) {
            return failure(inBandError(root));
        }
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            return failure(root.path("promptFeedback").path("blockReason").isString() ? blockedPrompt(root.path("promptFeedback"))
                    : malformed("the provider answered 200 without candidates", "no_candidates"));
        }
        ArrayNode choices = Json.array();
        Pieces firstPieces = null;
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            Pieces pieces = pieces(candidate.path("content").path("parts"), signatures, false);
            firstPieces = firstPieces == null ? pieces : firstPieces;
            ObjectNode choice = choices.addObject().put("index", candidate.path("index").asInt(i));
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (pieces.text().isEmpty() && !pieces.toolCalls().isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", pieces.text());
            }
            if (!pieces.reasoning().isEmpty()) {
                message.put("reasoning_content", pieces.reasoning());
            }
            if (!pieces.toolCalls().isEmpty()) {
                message.putArray("tool_calls").addAll(pieces.toolCalls());
            }
            choice.put("finish_reason", finishReason(candidate.path("finishReason").asString(""), !pieces.toolCalls().isEmpty()));
        }
        String reason = candidates.get(0).path("finishReason").asString("");
        if (firstPieces.isEmpty()) {
            return failure(FILTERED.contains(reason) ? blockedAnswer(reason)
                    : malformed("the provider answered 200 with an empty completion" + (reason.isEmpty() ? "" : " (finishReason " + reason + ")"),
                    "empty_completion"));
        }
        ObjectNode body = Json.object();
        body.put("id", Ids.completion(root.path("responseId").asString("")));
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", root.path("modelVersion").asString(GeminiHttp.bareModel(modelId)));
        body.set("choices", choices);
        ObjectNode usage = usageJson(root.path("usageMetadata"));
        if (usage != null) {
            body.set("usage", usage);
        }
        return new ChatResult.Success(body, usage(root.path("usageMetadata")), limits, firstByteMillis);
    }

    /**
     * Text, thoughts and function calls of one candidate. Each function call gets a fresh id; its
     * thought signature is remembered for replay. {@code indexed} adds the stream-delta
     * {@code index} (numbered from 0 within this call; the stream renumbers).
     */
    static Pieces pieces(JsonNode parts, SignatureCache signatures, boolean indexed) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ObjectNode> calls = new ArrayList<>();
        for (JsonNode part : parts) {
            JsonNode call = part.path("functionCall");
            if (call.isObject()) {
                String id = Ids.toolCall();
                ObjectNode toolCall = Json.object();
                if (indexed) {
                    toolCall.put("index", calls.size());
                }
                toolCall.put("id", id).put("type", "function");
                JsonNode args = call.path("args");
                toolCall.putObject("function").put("name", call.path("name").asString(""))
                        .put("arguments", args.isObject() ? Json.text(args) : "{}");
                String signature = part.path("thoughtSignature").asString("");
                if (!signature.isEmpty()) {
                    signatures.put(id, signature);
                    toolCall.putObject("extra_content").putObject("google").put("thought_signature", signature);
                }
                calls.add(toolCall);
            } else if (part.path("text").isString()) {
                (part.path("thought").asBoolean(false) ? reasoning : text).append(part.path("text").stringValue());
            }
        }
        return new Pieces(text.toString(), reasoning.toString(), calls);
    }

    /** Gemini has no tool-calls finish reason: any function call means {@code tool_calls}. */
    static String finishReason(String gemini, boolean toolCalls) {
        if (toolCalls) {
            return "tool_calls";
        }
        if (gemini.equals("MAX_TOKENS")) {
            return "length";
        }
        return FILTERED.contains(gemini) ? "content_filter" : "stop";
    }

    /** OpenAI usage: thoughts count as completion tokens and as {@code reasoning_tokens}; null without metadata. */
    static ObjectNode usageJson(JsonNode meta) {
        if (!meta.isObject()) {
            return null;
        }
        Usage u = usage(meta);
        ObjectNode out = Json.object();
        out.put("prompt_tokens", u.promptTokens());
        out.put("completion_tokens", u.completionTokens());
        out.put("total_tokens", u.total());
        out.putObject("completion_tokens_details").put("reasoning_tokens", meta.path("thoughtsTokenCount").asLong(0));
        if (meta.path("cachedContentTokenCount").asLong(0) > 0) {
            out.putObject("prompt_tokens_details").put("cached_tokens", meta.path("cachedContentTokenCount").asLong(0));
        }
        return out;
    }

    static Usage usage(JsonNode meta) {
        if (!meta.isObject()) {
            return Usage.NONE;
        }
        long completion = meta.path("candidatesTokenCount").asLong(0) + meta.path("thoughtsTokenCount").asLong(0);
        return new Usage(meta.path("promptTokenCount").asLong(0), completion, false);
    }

    static UpstreamError inBandError(JsonNode root) {
        byte[] raw = Json.bytes(root);
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, GeminiHttp.withReason(ErrorDecoder.decode(200, raw), raw));
    }

    /** {@code promptFeedback.blockReason} with no candidates: a content-policy refusal of the prompt. */
    static UpstreamError blockedPrompt(JsonNode feedback) {
        String reason = feedback.path("blockReason").asString("");
        String detail = feedback.path("blockReasonMessage").asString("");
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, new ProviderError(
                "Gemini blocked the prompt (blockReason " + reason + ")" + (detail.isBlank() ? "" : ": " + detail),
                "content_filter", reason, Optional.empty()));
    }

    /** A candidate stopped by a filter before it produced anything. */
    static UpstreamError blockedAnswer(String finishReason) {
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, new ProviderError(
                "Gemini blocked the answer (finishReason " + finishReason + ")", "content_filter", finishReason, Optional.empty()));
    }

    static UpstreamError malformed(String message, String code) {
        return UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200, new ProviderError(message, code, "", Optional.empty()));
    }

    private static ChatResult failure(UpstreamError error) {
        return new ChatResult.Failure(error);
    }
}
