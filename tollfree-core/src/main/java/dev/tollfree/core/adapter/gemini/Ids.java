package dev.tollfree.core.adapter.gemini;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers Gemini does not send: tool-call ids ({@code call_…}) and completion ids. */
final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    static String toolCall() {
        return "call_" + random(24);
    }

    /** {@code chatcmpl-<responseId>} when Gemini sent one, else a random id. */
    static String completion(String responseId) {
        return "chatcmpl-" + (responseId == null || responseId.isBlank() ? random(24) : responseId);
    }

    private static String random(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
