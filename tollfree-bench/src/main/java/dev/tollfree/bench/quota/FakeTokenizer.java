package dev.tollfree.bench.quota;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * How the fake providers count tokens: {@code cl100k_base} (the closest public stand-in for the
 * Llama-family tokenizers most free providers run; the gateway counts with {@code o200k_base}),
 * plus OpenAI's framing of 4 tokens per message and 3 for the reply. The harness counts requests
 * the same way to know what each provider would have admitted.
 */
final class FakeTokenizer {
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private FakeTokenizer() {}

    static long prompt(List<String> messageTexts) {
        long n = 3;
        for (String t : messageTexts) {
            n += 4 + CL100K.countTokensOrdinary(t);
        }
        return n;
    }

    static long text(String s) {
        return CL100K.countTokensOrdinary(s);
    }
}
