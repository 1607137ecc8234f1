package dev.tollfree.bench.quota;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The requests of a run, fixed before it starts: phases at constant rates, each request due at
 * {@code phase start + i × 60 s / rate} whatever happened to earlier ones (open loop). Prompts are
 * English prose, 60 to 150 words, and every eighth one about 900 words, so that the 6,000-token
 * minute of the Groq-like fake binds now and then. Every request is {@code model: auto} with
 * {@code max_tokens: 64}, and no two prompts are alike.
 */
final class Workload {
    static final long MAX_TOKENS = 64;
    private static final String[] WORDS = ("the a of to and in is that it for on with as was be by this are from at or an have not "
            + "gateway provider request minute limit token budget model answer route quota window rate free tier key server client "
            + "time second count rolling header retry after learn known served share mean rank fake load open loop phase steady "
            + "overload capacity estimate prompt completion window bucket ledger reserve commit release learned configured catalog "
            + "river mountain garden library kitchen window morning evening winter summer teacher student letter story picture "
            + "question simple careful quiet bright early later often never always between before during under over").split(" ");

    /** A stretch of constant offered load. */
    record Phase(String name, double perMinute, Duration length) {
        Phase {
            if (perMinute <= 0 || length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("phase " + name + " needs a positive rate and length, got " + perMinute + "/min for " + length);
            }
        }

        int count() {
            return (int) Math.round(perMinute * length.toMillis() / 60_000.0);
        }
    }

    /**
     * One request of the plan.
     *
     * @param offsetMs when it is due, from the start of the run
     * @param promptTokens the prompt as the fakes count it
     */
    record Planned(int seq, int phase, long offsetMs, long promptTokens, byte[] body) {
        /** What a fake reserves to decide: prompt plus {@code max_tokens}. */
        long requestedTokens() {
            return promptTokens + MAX_TOKENS;
        }

        /** What a fake keeps counted after answering: prompt plus its fixed answer. */
        long chargedTokens() {
            return promptTokens + FakeTokenizer.text(FakeProvider.ANSWER);
        }
    }

    private Workload() {}

    static List<Planned> plan(List<Phase> phases) {
        List<Planned> out = new ArrayList<>();
        long phaseStart = 0;
        int seq = 0;
        for (int p = 0; p < phases.size(); p++) {
            Phase ph = phases.get(p);
            double gap = 60_000.0 / ph.perMinute();
            for (int i = 0; i < ph.count(); i++) {
                String text = prose(seq);
                String body = "{\"model\":\"auto\",\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
                out.add(new Planned(seq, p, phaseStart + Math.round(i * gap), FakeTokenizer.prompt(List.of(text)),
                        body.getBytes(StandardCharsets.UTF_8)));
                seq++;
            }
            phaseStart += ph.length().toMillis();
        }
        return List.copyOf(out);
    }

    static String prose(int seq) {
        SplittableRandom r = new SplittableRandom(seq * 7919L + 17);
        int words = seq % 8 == 7 ? 900 : 60 + r.nextInt(91);
        StringBuilder b = new StringBuilder("Request ").append(seq).append(" of the quota benchmark:");
        for (int i = 0; i < words; i++) {
            b.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(12) == 0) {
                b.append('.');
            }
        }
        return b.append('.').toString();
    }
}
