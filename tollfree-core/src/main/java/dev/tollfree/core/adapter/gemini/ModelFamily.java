package dev.tollfree.core.adapter.gemini;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the model id tells about wire differences between Gemini generations.
 *
 * @param gemma       Gemma on the Gemini API: no {@code systemInstruction}, no thinking settings
 * @param generation  the major version of a {@code gemini-N…} id, 0 when the id does not say
 * @param pro         a Pro model (Gemini 2.5 Pro cannot switch thinking off)
 * @param latest      a moving {@code …-latest} alias, treated as the newest generation
 */
record ModelFamily(boolean gemma, int generation, boolean pro, boolean latest) {
    private static final Pattern GEMINI = Pattern.compile("^gemini-(\\d+)");

    static ModelFamily of(String modelId) {
        String id = GeminiHttp.bareModel(modelId).toLowerCase(Locale.ROOT);
        Matcher m = GEMINI.matcher(id);
        int generation = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return new ModelFamily(id.startsWith("gemma"), generation, id.contains("-pro"), id.endsWith("-latest"));
    }

    /** Gemini 3 and later take {@code thinkingLevel}; older models {@code thinkingBudget}. */
    boolean thinkingLevels() {
        return generation >= 3 || latest;
    }

    /** Gemini 3 and later reject a replayed function call that lacks its thought signature. */
    boolean requiresSignatures() {
        return generation >= 3 || latest;
    }
}
