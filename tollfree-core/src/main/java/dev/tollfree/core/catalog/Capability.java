package dev.tollfree.core.catalog;

/** What a model can do; hard filters in routing. */
public enum Capability {
    TOOLS,
    VISION,
    REASONING,
    JSON_MODE,
    WEB_SEARCH;

    /** The lower-case name used in YAML files and the admin API. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Capability fromWireName(String name) {
        for (Capability c : values()) {
            if (c.wireName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown capability '" + name + "' (expected one of tools, vision, reasoning, json_mode, web_search)");
    }
}
