package dev.tollfree.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping node of a catalog file, read strictly: only known keys, typed accessors, and errors that
 * name the source, line, owner ({@code where}, e.g. "provider 'groq', model 'x'") and key.
 */
final class YamlFields {
    final String source;
    final String where;
    final Node node;
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Map<String, Node> values = new LinkedHashMap<>();

    YamlFields(Node node, String source, String where) {
        this.node = node;
        this.source = source;
        this.where = where;
        if (!(node instanceof MappingNode mapping)) {
            throw fail(source, node, where + ": expected a mapping, got " + describe(node));
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !Tag.STR.equals(k.getTag())) {
                throw fail(source, t.getKeyNode(), where + ": keys must be names, got " + describe(t.getKeyNode()));
            }
            if (keys.putIfAbsent(k.getValue(), k) != null) {
                throw fail(source, k, where + ": duplicate key '" + k.getValue() + "'");
            }
            values.put(k.getValue(), t.getValueNode());
        }
    }

    private YamlFields(YamlFields from, String where) {
        this.source = from.source;
        this.where = where;
        this.node = from.node;
        this.keys.putAll(from.keys);
        this.values.putAll(from.values);
    }

    YamlFields at(String newWhere) {
        return new YamlFields(this, newWhere);
    }

    YamlFields allowOnly(Set<String> allowed) {
        for (Map.Entry<String, Node> e : keys.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw fail(source, e.getValue(), where + ": unknown key '" + e.getKey() + "' (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    /** Present and not null. */
    boolean has(String key) {
        Node v = values.get(key);
        return v != null && !Tag.NULL.equals(v.getTag());
    }

    IllegalStateException failAt(String key, String message) {
        Node at = values.containsKey(key) ? values.get(key) : node;
        return fail(source, at, where + ": " + message);
    }

    private Node required(String key) {
        if (!has(key)) {
            throw failAt(key, "missing required key '" + key + "'");
        }
        return values.get(key);
    }

    private ScalarNode scalar(String key, Tag tag, String expected) {
        Node v = required(key);
        if (v instanceof ScalarNode s && tag.equals(s.getTag())) {
            return s;
        }
        throw failAt(key, "key '" + key + "' must be " + expected + ", got " + describe(v));
    }

    String string(String key, boolean required) {
        if (!required && !has(key)) {
            return null;
        }
        String s = scalar(key, Tag.STR, "a string").getValue();
        if (s.isBlank()) {
            throw failAt(key, "key '" + key + "' must not be blank");
        }
        return s;
    }

    long number(String key, boolean required, long min, long max) {
        if (!required && !has(key)) {
            return 0;
        }
        String text = scalar(key, Tag.INT, "an integer").getValue();
        long n;
        try {
            n = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw failAt(key, "key '" + key + "' must be a decimal integer, got '" + text + "'");
        }
        if (n < min || n > max) {
            throw failAt(key, "key '" + key + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    boolean bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        return Boolean.parseBoolean(scalar(key, Tag.BOOL, "true or false").getValue().toLowerCase(Locale.ROOT));
    }

    <E> E choice(String key, E[] options, Function<E, String> wireName) {
        String s = string(key, true);
        List<String> names = new ArrayList<>();
        for (E option : options) {
            if (wireName.apply(option).equals(s)) {
                return option;
            }
            names.add(wireName.apply(option));
        }
        throw failAt(key, "key '" + key + "' has unknown value '" + s + "' (expected one of "
                + String.join(", ", names) + ")");
    }

    YamlFields map(String key) {
        return new YamlFields(required(key), source, where + ", " + key);
    }

    List<Node> list(String key) {
        if (required(key) instanceof SequenceNode seq) {
            return seq.getValue();
        }
        throw failAt(key, "key '" + key + "' must be a list, got " + describe(values.get(key)));
    }

    List<String> strings(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : list(key)) {
            if (!(item instanceof ScalarNode s) || !Tag.STR.equals(s.getTag()) || s.getValue().isBlank()) {
                throw fail(source, item, where + ": key '" + key + "' must list strings, got " + describe(item));
            }
            out.add(s.getValue());
        }
        return out;
    }

    static IllegalStateException fail(String source, Node node, String message) {
        String line = node.getStartMark().map(m -> ":" + (m.getLine() + 1)).orElse("");
        return new IllegalStateException(source + line + ": " + message);
    }

    private static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        String kind = Tag.INT.equals(s.getTag()) ? "integer" : Tag.FLOAT.equals(s.getTag()) ? "number"
                : Tag.BOOL.equals(s.getTag()) ? "boolean" : Tag.NULL.equals(s.getTag()) ? "null" : "string";
        return kind + " '" + s.getValue() + "'";
    }
}
