package dev.tollfree.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A typed, path-aware view of one YAML node. Every reader method reports problems (with the file
 * line and dotted key path) to {@link Problems} and returns an empty result instead of throwing, so
 * one pass finds every error. A key whose value is null ({@code key:} or {@code key: ~}) counts as
 * absent. Values are substituted from the environment when read ({@link Interpolation}); messages
 * quote the text as written in the file, never a substituted value.
 */
final class YamlNode {
    /** One entry of a mapping whose keys are ids (providers, models). */
    record Field(String key, YamlNode value) {}

    private final Node node; // null when absent
    private final String path;
    private final int line;
    private final Problems problems;
    private final Map<String, String> env;

    private YamlNode(Node node, String path, int line, Problems problems, Map<String, String> env) {
        this.node = node == null || isNull(node) ? null : node;
        this.path = path;
        this.line = line;
        this.problems = problems;
        this.env = env;
    }

    static YamlNode root(Node node, Problems problems, Map<String, String> env) {
        return new YamlNode(node, "", lineOf(node), problems, env);
    }

    boolean present() {
        return node != null;
    }

    String path() {
        return path;
    }

    /** The line of the key that holds this value, or of the node itself for list items. */
    int line() {
        return line;
    }

    void error(String message) {
        problems.error(line, path, message);
    }

    void warn(String message) {
        problems.warn(line, path, message);
    }

    // ---- mappings -------------------------------------------------------------------------

    boolean isMap() {
        return node instanceof MappingNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** Reports an error unless this node is absent or a mapping. */
    boolean requireMap(String expected) {
        if (node == null || isMap()) {
            return true;
        }
        error("expected " + expected + ", found " + kind());
        return false;
    }

    /** Reports every key not in {@code known}; {@code misplaced} gives a better message for some. */
    void allowOnly(Collection<String> known, Map<String, String> misplaced) {
        for (NodeTuple t : tuples()) {
            String key = keyText(t);
            if (key != null && !known.contains(key)) {
                String why = misplaced.getOrDefault(key,
                        "unknown key" + Suggest.hint(key, known) + "; expected one of " + String.join(", ", known));
                problems.error(lineOf(t.getKeyNode()), child(key), why);
            }
        }
    }

    void allowOnly(String... known) {
        allowOnly(List.of(known), Map.of());
    }

    boolean has(String key) {
        return get(key).isPresent();
    }

    /** The value under {@code key}; empty when the key is absent or its value is null. */
    Optional<YamlNode> get(String key) {
        for (NodeTuple t : tuples()) {
            if (key.equals(keyText(t))) {
                YamlNode v = new YamlNode(t.getValueNode(), child(key), lineOf(t.getKeyNode()), problems, env);
                return v.present() ? Optional.of(v) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The mapping under {@code key}, or an absent node (after reporting) when it is something else. */
    YamlNode map(String key) {
        return get(key).filter(v -> v.requireMap("a mapping of keys")).orElseGet(() -> absent(child(key)));
    }

    /** The entries of this mapping in file order, keys taken literally; of duplicate keys (reported elsewhere) the first. */
    List<Field> fields() {
        List<Field> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : tuples()) {
            String key = keyText(t);
            if (key != null && seen.add(key)) {
                out.add(new Field(key, new YamlNode(t.getValueNode(), child(key), lineOf(t.getKeyNode()), problems, env)));
            }
        }
        return out;
    }

    // ---- lists ----------------------------------------------------------------------------

    /** The items of the list under {@code key}; empty (after reporting) when it is not a list. */
    List<YamlNode> list(String key) {
        return get(key).map(v -> {
            if (!v.isList()) {
                v.error("expected a list, found " + v.kind());
                return List.<YamlNode>of();
            }
            return v.items();
        }).orElse(List.of());
    }

    List<YamlNode> items() {
        if (!(node instanceof SequenceNode s)) {
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>();
        List<Node> items = s.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(items.get(i), path + "[" + i + "]", lineOf(items.get(i)), problems, env));
        }
        return out;
    }

    // ---- scalars --------------------------------------------------------------------------

    Optional<String> string(String key) {
        return get(key).flatMap(YamlNode::text);
    }

    /** Like {@link #string} but treats "" as absent. */
    Optional<String> optionalString(String key) {
        return string(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A non-empty string; reports "needs key" when absent and "is empty" when blank. */
    Optional<String> requiredString(String key, String what) {
        Optional<YamlNode> v = get(key);
        if (v.isEmpty()) {
            error("needs " + key + ": " + what);
            return Optional.empty();
        }
        Optional<String> t = v.get().text().map(String::trim);
        if (t.isPresent() && t.get().isEmpty()) {
            v.get().error("is empty; expected " + what);
            return Optional.empty();
        }
        return t;
    }

    Optional<Boolean> bool(String key) {
        return value(key, Values::bool);
    }

    Optional<Integer> integer(String key, int min, int max) {
        return value(key, t -> (int) Values.integer(t, min, max));
    }

    Optional<Long> number(String key, long min, long max) {
        return value(key, t -> Values.integer(t, min, max));
    }

    Optional<Duration> duration(String key) {
        return value(key, Values::duration);
    }

    Optional<Long> size(String key) {
        return value(key, Values::size);
    }

    <T> Optional<T> value(String key, Function<String, T> parser) {
        return get(key).flatMap(v -> v.as(parser, false));
    }

    /** Parses this scalar; a parser's {@link IllegalArgumentException} is reported with the value quoted. */
    <T> Optional<T> as(Function<String, T> parser, boolean secret) {
        return text().flatMap(t -> {
            try {
                return Optional.ofNullable(parser.apply(t));
            } catch (IllegalArgumentException e) {
                error(display(secret) + " " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The substituted text; empty (after reporting) when absent, not a scalar or a variable is unset. */
    Optional<String> text() {
        return interpolate().flatMap(r -> {
            if (!r.missing().isEmpty()) {
                error("environment variable" + (r.missing().size() == 1 ? " " : "s ") + String.join(", ", r.missing())
                        + (r.missing().size() == 1 ? " is" : " are") + " not set; set it or write ${NAME:-default}");
                return Optional.empty();
            }
            return Optional.of(r.value());
        });
    }

    /** The raw substitution result, so a caller can decide what an unset variable means. */
    Optional<Interpolation.Result> interpolate() {
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode s)) {
            error("expected a single value, found " + kind());
            return Optional.empty();
        }
        try {
            return Optional.of(Interpolation.resolve(s.getValue(), env));
        } catch (IllegalArgumentException e) {
            error(display(true) + " " + e.getMessage());
            return Optional.empty();
        }
    }

    /** How a message names this value: the file text, or "the value" for secrets. */
    String display(boolean secret) {
        if (secret || !(node instanceof ScalarNode s)) {
            return "the value";
        }
        String raw = s.getValue();
        String shown = "'" + (raw.length() > 80 ? raw.substring(0, 77) + "..." : raw) + "'";
        return raw.contains("${") ? shown + " (after substituting environment variables)" : shown;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private YamlNode absent(String childPath) {
        return new YamlNode(null, childPath, line, problems, env);
    }

    private List<NodeTuple> tuples() {
        return node instanceof MappingNode m ? m.getValue() : List.of();
    }

    private String kind() {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s -> "a single value";
            case null -> "nothing";
            default -> "an unsupported node";
        };
    }

    private static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    static int lineOf(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static boolean isNull(Node n) {
        if (!(n instanceof ScalarNode s) || !s.isPlain()) {
            return false;
        }
        String v = s.getValue();
        return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
    }
}
