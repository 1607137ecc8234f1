package dev.tollfree.core.adapter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happens to the reasoning a caller sends back on earlier assistant turns. Tollfree hands
 * reasoning out as {@code reasoning_content}, so that is the field callers echo; providers differ
 * in what they accept (shared/providers/README.md, "Where reasoning text lives").
 */
public enum ReasoningReplay {
    /** Sent as the caller wrote it: Moonshot and new DeepSeek thinking mode require it on tool-call turns; Z.ai wants it back. */
    KEEP,
    /** Removed: Mistral's strict schema and old {@code deepseek-reasoner} reject it. */
    STRIP,
    /** Moved into the content as a leading {@code <think>…</think>} block (MiniMax-style replay). */
    AS_THINK_TAGS,
    /** Renamed to {@code reasoning}, the field Ollama's OpenAI layer reads back as thinking. */
    AS_REASONING;

    private static final String[] FIELDS = {"reasoning_content", "reasoning", "reasoning_details"};

    /** Applies this policy to one assistant message of the upstream copy. */
    void apply(ObjectNode message) {
        switch (this) {
            case KEEP -> { }
            case STRIP -> strip(message);
            case AS_THINK_TAGS -> {
                String text = text(message);
                strip(message);
                JsonNode content = message.path("content");
                String body = content.isString() ? content.stringValue() : "";
                if (!text.isEmpty() && (content.isString() || content.isNull() || content.isMissingNode())
                        && !body.stripLeading().startsWith("<think>")) {
                    message.put("content", "<think>" + text + "</think>" + body);
                }
            }
            case AS_REASONING -> {
                String text = text(message);
                strip(message);
                if (!text.isEmpty()) {
                    message.put("reasoning", text);
                }
            }
        }
    }

    private static void strip(ObjectNode message) {
        for (String field : FIELDS) {
            message.remove(field);
        }
    }

    /** The reasoning text of a message: {@code reasoning_content}, else {@code reasoning}. */
    private static String text(ObjectNode message) {
        JsonNode rc = message.path("reasoning_content");
        if (rc.isString() && !rc.stringValue().isEmpty()) {
            return rc.stringValue();
        }
        JsonNode r = message.path("reasoning");
        return r.isString() ? r.stringValue() : "";
    }
}
