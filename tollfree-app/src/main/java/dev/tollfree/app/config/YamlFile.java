package dev.tollfree.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a YAML file into a node tree with line marks, reporting I/O and syntax problems and the
 * structural ones the composer lets through (duplicate keys, non-scalar keys). Syntax messages
 * carry the problem and line only, never the snippet of the file, which could hold a secret.
 */
final class YamlFile {
    private static final int MAX_DEPTH = 32;

    private YamlFile() {}

    /** The document's root node; empty for an empty file or after reporting a problem. */
    static Optional<Node> read(Path file, Problems problems) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                problems.fileError("is a directory; expected a YAML file (named by --config or TOLLFREE_CONFIG)");
                return Optional.empty();
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            problems.fileError("file not found (named by --config or TOLLFREE_CONFIG); create it or fix the path");
            return Optional.empty();
        } catch (CharacterCodingException e) {
            problems.fileError("is not valid UTF-8 text");
            return Optional.empty();
        } catch (IOException e) {
            problems.fileError("cannot be read (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        return parse(text, file.toString(), problems);
    }

    static Optional<Node> parse(String text, String label, Problems problems) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String what = join(e.getContext(), e.getProblem());
            problems.error(mark.map(m -> m.getLine() + 1).orElse(1), "", "YAML syntax error: " + what);
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.error(1, "", "YAML error: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        root.ifPresent(n -> checkStructure(n, "", problems, 0));
        return root;
    }

    private static void checkStructure(Node node, String path, Problems problems, int depth) {
        if (depth > MAX_DEPTH) {
            problems.error(YamlNode.lineOf(node), path, "is nested too deeply (a recursive anchor?)");
            return;
        }
        switch (node) {
            case MappingNode m -> {
                Map<String, Integer> seen = new HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    int line = YamlNode.lineOf(t.getKeyNode());
                    if (!(t.getKeyNode() instanceof ScalarNode key)) {
                        problems.error(line, path, "has a key that is not a plain name; keys must be simple words");
                        continue;
                    }
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    Integer first = seen.putIfAbsent(key.getValue(), line);
                    if (first != null) {
                        problems.error(line, child, "appears twice (first on line " + first + "); keep one");
                    }
                    checkStructure(t.getValueNode(), child, problems, depth + 1);
                }
            }
            case SequenceNode s -> {
                for (int i = 0; i < s.getValue().size(); i++) {
                    checkStructure(s.getValue().get(i), path + "[" + i + "]", problems, depth + 1);
                }
            }
            default -> { }
        }
    }

    private static String join(String context, String problem) {
        String c = context == null ? "" : context.strip();
        String p = problem == null ? "" : problem.strip();
        return c.isEmpty() ? p : p.isEmpty() ? c : c + ": " + p;
    }
}
