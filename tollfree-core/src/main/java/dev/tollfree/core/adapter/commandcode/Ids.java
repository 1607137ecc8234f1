package dev.tollfree.core.adapter.commandcode;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers CommandCode does not send: completion ids and tool-call ids ({@code call_…}). */
final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    static String toolCall() {
        return "call_" + random(24);
    }

    static String completion() {
        return "chatcmpl-" + random(24);
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
