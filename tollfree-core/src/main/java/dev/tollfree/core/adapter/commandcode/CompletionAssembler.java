package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.UpstreamStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole CommandCode stream as one {@code chat.completion}: CommandCode always streams, so a
 * non-streaming call reads every chunk and joins the content, the reasoning and the tool calls.
 * A stream that breaks anywhere is a failure, not a partial answer.
 */
final class CompletionAssembler {
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<ObjectNode> toolCalls = new ArrayList<>();
    private String finishReason = "stop";
    private JsonNode usage;

    private CompletionAssembler() {}

    /** Drains {@code stream} (always closed afterwards) into a completion with the translator's id and model. */
    static ChatResult assemble(UpstreamStream stream, StreamTranslator translator) {
        CompletionAssembler a = new CompletionAssembler();
        try (stream) {
            stream.head().forEach(c -> a.add(c.json()));
            while (true) {
                switch (stream.next()) {
                    case StreamItem.Chunk c -> a.add(c.json());
                    case StreamItem.Broken b -> {
                        return new ChatResult.Failure(b.error());
                    }
                    case StreamItem.End end -> {
                        return new ChatResult.Success(a.body(translator), end.usage(), stream.limits(), stream.firstByteMillis());
                    }
                }
            }
        }
    }

    private void add(JsonNode chunk) {
        if (chunk.path("usage").isObject()) {
            usage = chunk.path("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        content.append(delta.path("content").asString(""));
        reasoning.append(delta.path("reasoning_content").asString(""));
        for (JsonNode call : delta.path("tool_calls")) {
            ObjectNode copy = (ObjectNode) call.deepCopy();
            copy.remove("index");
            toolCalls.add(copy);
        }
        if (choice.path("finish_reason").isString()) {
            finishReason = choice.path("finish_reason").stringValue();
        }
    }

    private ObjectNode body(StreamTranslator translator) {
        ObjectNode body = Json.object();
        body.put("id", translator.id()).put("object", "chat.completion").put("created", translator.created()).put("model", translator.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (content.isEmpty() && !toolCalls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", content.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!toolCalls.isEmpty()) {
            message.putArray("tool_calls").addAll(toolCalls);
        }
        choice.put("finish_reason", finishReason);
        if (usage != null) {
            body.set("usage", usage);
        }
        return body;
    }
}
