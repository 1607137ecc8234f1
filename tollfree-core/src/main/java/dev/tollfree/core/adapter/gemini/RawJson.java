package dev.tollfree.core.adapter.gemini;

/**
 * Collects JSON that arrives outside SSE {@code data:} lines until its braces balance: Gemini can
 * write an error object mid-stream without the prefix, spread over several lines, and the stream
 * endpoint without {@code alt=sse} answers one JSON array of responses ({@code [{…},\n{…}]}).
 * Braces inside strings are not counted. Not thread-safe.
 */
final class RawJson {
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private int depth;
    private boolean inString;
    private boolean escaped;

    RawJson(int maxChars) {
        this.maxChars = maxChars;
    }

    /** A line that is not SSE: it opens (or continues) raw JSON. */
    static boolean isRawLine(String line) {
        String s = line.stripLeading();
        return !s.isEmpty() && (s.charAt(0) == '{' || s.charAt(0) == '[' || s.charAt(0) == ',' || s.charAt(0) == ']');
    }

    boolean active() {
        return !buffer.isEmpty();
    }

    /**
     * Adds one line. Returns the complete JSON text once the outermost object closes, else null.
     * Array punctuation between objects ({@code [}, {@code ,}, {@code ]}) is skipped.
     *
     * @throws IllegalStateException when the object grows past the size limit
     */
    String add(String line) {
        String s = line;
        int start = 0;
        if (!active()) {
            while (start < s.length() && (Character.isWhitespace(s.charAt(start)) || s.charAt(start) == '[' || s.charAt(start) == ',' || s.charAt(start) == ']')) {
                start++;
            }
            if (start == s.length() || s.charAt(start) != '{') {
                return null;
            }
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            buffer.append(c);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                String text = buffer.toString();
                buffer.setLength(0);
                inString = false;
                escaped = false;
                return text; // what follows on this line is array punctuation
            }
            if (buffer.length() > maxChars) {
                throw new IllegalStateException("raw JSON in the stream is longer than " + maxChars + " characters");
            }
        }
        buffer.append('\n');
        return null;
    }
}
