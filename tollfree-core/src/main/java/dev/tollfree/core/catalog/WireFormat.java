package dev.tollfree.core.catalog;

/** The request/response dialect an adapter speaks upstream. */
public enum WireFormat {
    OPENAI,
    GEMINI,
    COHERE,
    COMMANDCODE,
    ANTHROPIC;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
