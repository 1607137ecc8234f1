package dev.tollfree.core.adapter;

import dev.tollfree.api.Sha256;
import dev.tollfree.core.adapter.ProviderDescriptor.Params;
import dev.tollfree.core.adapter.ProviderDescriptor.ToolIds;
import dev.tollfree.core.adapter.ProviderDescriptor.Tweak;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The message part of the provider policy: content shape, names, replayed reasoning and tool-call ids. */
final class MessageRewriter {
    private static final Pattern NINE_ALNUM = Pattern.compile("[A-Za-z0-9]{9}");
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private MessageRewriter() {}

    /** The provider's policy may change a message: {@link #rewrite} then needs a copy of them. */
    static boolean changes(ProviderDescriptor d) {
        Params p = d.params();
        return d.reasoningReplay() != ReasoningReplay.KEEP || p.has(Tweak.STRING_CONTENT) || p.has(Tweak.EMPTY_TOOL_TURN_CONTENT)
                || p.has(Tweak.DROP_MESSAGE_NAMES) || p.has(Tweak.NAME_ONLY_ON_TOOL_MESSAGES) || p.has(Tweak.DROP_EMPTY_ASSISTANT_TURNS)
                || d.tools().ids() == ToolIds.NINE_ALPHANUMERIC || !p.messageFields().isEmpty();
    }

    static void rewrite(ArrayNode messages, ProviderDescriptor d) {
        Params p = d.params();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (!(messages.get(i) instanceof ObjectNode m)) {
                continue;
            }
            String role = m.path("role").asString("");
            boolean assistant = "assistant".equals(role);
            if (assistant) {
                d.reasoningReplay().apply(m);
            }
            if (p.has(Tweak.STRING_CONTENT)) {
                flattenText(m);
            }
            if (p.has(Tweak.EMPTY_TOOL_TURN_CONTENT) && assistant && hasToolCalls(m)
                    && (m.path("content").isNull() || m.path("content").isMissingNode())) {
                m.put("content", "");
            }
            if (p.has(Tweak.DROP_MESSAGE_NAMES) || (p.has(Tweak.NAME_ONLY_ON_TOOL_MESSAGES) && !"tool".equals(role))) {
                m.remove("name");
            }
            if (d.tools().ids() == ToolIds.NINE_ALPHANUMERIC) {
                nineCharIds(m);
            }
            if (!p.messageFields().isEmpty()) {
                m.retain(p.messageFields());
            }
            if (p.has(Tweak.DROP_EMPTY_ASSISTANT_TURNS) && assistant && !hasToolCalls(m) && isEmpty(m.path("content"))) {
                messages.remove(i);
            }
        }
    }

    /**
     * A tool-call id in the form Mistral accepts: exactly 9 characters {@code [A-Za-z0-9]}. Ids that
     * already fit are kept; others map to 9 characters of their SHA-256, so one id maps the same way in
     * the assistant turn and the tool result, and in every later request of the conversation.
     */
    static String nineCharId(String id) {
        if (NINE_ALNUM.matcher(id).matches()) {
            return id;
        }
        byte[] hash = Sha256.of(id);
        StringBuilder out = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            out.append(ALPHABET[(hash[i] & 0xff) % ALPHABET.length]);
        }
        return out.toString();
    }

    private static void nineCharIds(ObjectNode m) {
        if (m.path("tool_call_id").isString()) {
            m.put("tool_call_id", nineCharId(m.path("tool_call_id").stringValue()));
        }
        for (JsonNode call : m.path("tool_calls")) {
            if (call instanceof ObjectNode c && c.path("id").isString()) {
                c.put("id", nineCharId(c.path("id").stringValue()));
            }
        }
    }

    /** Turns a text-only content array into a plain string; arrays holding images stay as they are. */
    private static void flattenText(ObjectNode m) {
        JsonNode content = m.path("content");
        if (!content.isArray()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asString(""))) {
                return;
            }
            text.append(part.path("text").asString(""));
        }
        m.put("content", text.toString());
    }

    private static boolean hasToolCalls(JsonNode m) {
        return m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty();
    }

    private static boolean isEmpty(JsonNode content) {
        return content.isMissingNode() || content.isNull() || (content.isString() && content.stringValue().isBlank())
                || (content.isArray() && content.isEmpty());
    }
}
