package dev.tollfree.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} references in a scalar with values from the
 * environment. <code>$${</code> is a literal <code>${</code>; a {@code $} not followed by an opening
 * brace is kept as is. As in a POSIX shell, {@code :-default} applies when the variable is unset or
 * empty. The default is taken literally (no nested references) and cannot contain a closing brace.
 */
final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param value       the text after substitution; meaningless when {@code missing} is not empty
     * @param missing     variables referenced without a default that are not set
     * @param substituted true when the text contained at least one reference
     */
    record Result(String value, List<String> missing, boolean substituted) {
        Result {
            missing = List.copyOf(missing);
        }
    }

    private Interpolation() {}

    /** @throws IllegalArgumentException for a malformed reference; the message starts with "has" */
    static Result resolve(String raw, Map<String, String> env) {
        if (raw.indexOf('$') < 0) {
            return new Result(raw, List.of(), false);
        }
        StringBuilder out = new StringBuilder(raw.length());
        List<String> missing = new ArrayList<>();
        boolean substituted = false;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("has an unclosed '${'; write ${NAME}, or $${ for a literal ${");
                }
                String inner = raw.substring(i + 2, end);
                int colon = inner.indexOf(":-");
                String name = colon < 0 ? inner : inner.substring(0, colon);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("has a bad reference '${" + (colon < 0 ? name : name + ":-…")
                            + "}'; expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'");
                }
                String value = env.get(name);
                if (colon >= 0 && (value == null || value.isEmpty())) {
                    value = inner.substring(colon + 2);
                }
                if (value == null) {
                    missing.add(name);
                } else {
                    out.append(value);
                }
                substituted = true;
                i = end + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        return new Result(out.toString(), missing, substituted);
    }
}
