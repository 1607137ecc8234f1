package dev.tollfree.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions bodies the fake upstream answers with, built once as bytes. The text is
 * fixed so that every run moves the same number of bytes.
 */
final class WireBodies {
    static final String MODEL = "m1";
    private static final long CREATED = 1_700_000_000L;

    private WireBodies() {}

    static byte[] completion() {
        return utf8("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":" + CREATED + ",\"model\":\"" + MODEL + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the fake upstream. This answer has a few words.\","
                + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":11,\"total_tokens\":23,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}},"
                + "\"system_fingerprint\":\"fp_bench\"}");
    }

    /**
     * The SSE events of one streamed answer, each as {@code data: ...\n\n}: {@code chunks} content
     * chunks (the first also carries the role, so the first event is the first token), a finish
     * chunk, a usage chunk and {@code [DONE]}.
     */
    static List<byte[]> streamEvents(int chunks) {
        List<byte[]> out = new ArrayList<>(chunks + 3);
        for (int i = 0; i < chunks; i++) {
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"tok0 \"}" : "{\"content\":\"tok" + i + " \"}";
            out.add(event(chunk(delta, "null")));
        }
        out.add(event(chunk("{}", "\"stop\"")));
        out.add(event("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED + ",\"model\":\"" + MODEL
                + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (12 + chunks) + "}}"));
        out.add(utf8("data: [DONE]\n\n"));
        return out;
    }

    static byte[] rateLimited() {
        return utf8("{\"error\":{\"message\":\"Rate limit reached for requests (bench). Please retry.\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    }

    static byte[] unavailable() {
        return utf8("{\"error\":{\"message\":\"The server is overloaded (bench).\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    }

    static byte[] models() {
        return utf8("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"created\":" + CREATED + ",\"owned_by\":\"bench\"}]}");
    }

    static byte[] notFound() {
        return utf8("{\"error\":{\"message\":\"unknown path\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}");
    }

    /** A chat request body as a client sends it; about 300 bytes, two messages. */
    static byte[] request(String model, boolean stream) {
        return utf8("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a terse assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello in one short sentence, please. This prompt is a fixed benchmark prompt.\"}],"
                + "\"temperature\":0.2,\"max_tokens\":64" + (stream ? ",\"stream\":true" : "") + "}");
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED + ",\"model\":\"" + MODEL
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}],\"usage\":null}";
    }

    private static byte[] event(String json) {
        return utf8("data: " + json + "\n\n");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
