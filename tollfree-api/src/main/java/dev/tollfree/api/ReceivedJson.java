package dev.tollfree.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object as it arrived, beside the tree parsed from it. A body rewritten from that tree
 * (a shallow copy with some members replaced, added or removed) is written by copying the bytes of
 * every top-level member whose value is still the very node parsed from them; only the members
 * that changed are serialised. The result is the same JSON as serialising the rewritten tree,
 * with the caller's own spelling for everything that was passed on.
 *
 * <p>Anything the member scan does not recognise (a key with an escape, a key given twice, bytes
 * that are not UTF-8) makes {@link #write} serialise the whole tree, as without this class.
 */
public final class ReceivedJson {
    private final byte[] bytes;
    private final ObjectNode tree;
    // scanned on first use; a thread that sees the flag before the members serialises the whole tree
    private Members members;
    private boolean scanned;

    /** @param tree the object parsed from {@code bytes}; neither is changed afterwards */
    public ReceivedJson(byte[] bytes, ObjectNode tree) {
        this.bytes = bytes;
        this.tree = tree;
    }

    /** The JSON of {@code rewritten}, reusing the received bytes of every member it shares with the parsed tree. */
    public byte[] write(ObjectNode rewritten) {
        Members m = members();
        if (m == null) {
            return Json.bytes(rewritten);
        }
        // each member is a span of the received bytes (index >= 0) or its own serialisation
        int size = rewritten.size();
        int[] spans = new int[size];
        byte[][] written = null;
        int length = 2 + Math.max(0, size - 1);
        int k = 0;
        int next = 0;
        for (Map.Entry<String, JsonNode> e : rewritten.properties()) {
            int i = e.getValue() == tree.get(e.getKey()) ? m.indexOf(bytes, e.getKey(), next) : -1;
            spans[k] = i;
            if (i >= 0) {
                next = i + 1;
                length += m.ends[i] - m.starts[i];
            } else {
                if (written == null) {
                    written = new byte[size][];
                }
                written[k] = member(e.getKey(), e.getValue());
                length += written[k].length;
            }
            k++;
        }
        byte[] out = new byte[length];
        out[0] = '{';
        int at = 1;
        for (k = 0; k < size; k++) {
            if (k > 0) {
                out[at++] = ',';
            }
            int i = spans[k];
            if (i >= 0) {
                int n = m.ends[i] - m.starts[i];
                System.arraycopy(bytes, m.starts[i], out, at, n);
                at += n;
            } else {
                System.arraycopy(written[k], 0, out, at, written[k].length);
                at += written[k].length;
            }
        }
        out[at] = '}';
        return out;
    }

    /** {@code "name":value}; names and string values of plain ASCII are quoted directly, the rest serialised. */
    private static byte[] member(String name, JsonNode value) {
        byte[] key = plain(name) ? quote(name) : Json.bytes(Json.MAPPER.getNodeFactory().stringNode(name));
        byte[] v = value.isString() && plain(value.stringValue()) ? quote(value.stringValue()) : Json.bytes(value);
        byte[] b = new byte[key.length + 1 + v.length];
        System.arraycopy(key, 0, b, 0, key.length);
        b[key.length] = ':';
        System.arraycopy(v, 0, b, key.length + 1, v.length);
        return b;
    }

    /** Printable ASCII without a quote or backslash: its JSON string is itself in quotes. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] quote(String plain) {
        byte[] b = new byte[plain.length() + 2];
        b[0] = '"';
        for (int i = 0; i < plain.length(); i++) {
            b[i + 1] = (byte) plain.charAt(i);
        }
        b[b.length - 1] = '"';
        return b;
    }

    private Members members() {
        if (!scanned) {
            Members m = Members.scan(bytes);
            members = m != null && m.count == tree.size() ? m : null; // fewer distinct names: a key given twice
            scanned = true;
        }
        return members;
    }

    /**
     * The top-level members of an object in its bytes: each one's name and the span from its
     * name's opening quote to the end of its value.
     */
    static final class Members {
        final int count;
        final int[] starts; // a member's name's opening quote
        final int[] nameEnds; // its name's closing quote
        final int[] ends; // just past its value

        private Members(int count, int[] starts, int[] nameEnds, int[] ends) {
            this.count = count;
            this.starts = starts;
            this.nameEnds = nameEnds;
            this.ends = ends;
        }

        /**
         * The member called {@code name} (its name unescaped, as the scan requires), or -1. The
         * search begins at {@code hint}: a rewrite keeps the members' order, so asking with the
         * index after the last one found makes writing a body linear in its members.
         */
        int indexOf(byte[] b, String name, int hint) {
            boolean ascii = ascii(name);
            byte[] utf8 = ascii ? null : name.getBytes(StandardCharsets.UTF_8);
            for (int j = 0; j < count; j++) {
                int i = (hint + j) % count;
                int from = starts[i] + 1;
                int to = nameEnds[i];
                boolean same = ascii ? to - from == name.length() && sameAscii(b, from, name)
                        : java.util.Arrays.equals(b, from, to, utf8, 0, utf8.length);
                if (same) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameAscii(byte[] b, int from, String name) {
            for (int i = 0; i < name.length(); i++) {
                if (b[from + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The members of the object these bytes begin with, or null for anything unexpected. */
        static Members scan(byte[] b) {
            int n = b.length;
            int i = space(b, 0);
            // UTF-16 and UTF-32 put a zero byte beside the brace; a UTF-8 byte-order mark is not '{'
            if (i >= n || b[i] != '{' || (i + 1 < n && b[i + 1] == 0)) {
                return null;
            }
            int count = 0;
            int[] starts = new int[8];
            int[] nameEnds = new int[8];
            int[] ends = new int[8];
            i = space(b, i + 1);
            if (i < n && b[i] == '}') {
                return new Members(0, new int[0], new int[0], new int[0]);
            }
            while (true) {
                if (i >= n || b[i] != '"') {
                    return null;
                }
                int start = i;
                int close = string(b, i);
                if (close < 0 || contains(b, (byte) '\\', start + 1, close)) {
                    return null; // an escaped name is compared decoded; not worth decoding here
                }
                i = space(b, close + 1);
                if (i >= n || b[i] != ':') {
                    return null;
                }
                i = space(b, i + 1);
                int end = value(b, i);
                if (end < 0) {
                    return null;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    nameEnds = java.util.Arrays.copyOf(nameEnds, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                nameEnds[count] = close;
                ends[count] = end;
                count++;
                i = space(b, end);
                if (i < n && b[i] == ',') {
                    i = space(b, i + 1);
                } else if (i < n && b[i] == '}') {
                    return new Members(count, starts, nameEnds, ends);
                } else {
                    return null;
                }
            }
        }

        private static int space(byte[] b, int i) {
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
                i++;
            }
            return i;
        }

        /** The index of the closing quote of the string opening at {@code i}, or -1. */
        private static int string(byte[] b, int i) {
            for (int j = i + 1; j < b.length; j++) {
                if (b[j] == '\\') {
                    j++;
                } else if (b[j] == '"') {
                    return j;
                }
            }
            return -1;
        }

        /** The index just past the value starting at {@code i}, or -1. */
        private static int value(byte[] b, int i) {
            if (i >= b.length) {
                return -1;
            }
            byte c = b[i];
            if (c == '"') {
                int close = string(b, i);
                return close < 0 ? -1 : close + 1;
            }
            if (c == '{' || c == '[') {
                int depth = 0;
                for (int j = i; j < b.length; j++) {
                    byte x = b[j];
                    if (x == '"') {
                        j = string(b, j);
                        if (j < 0) {
                            return -1;
                        }
                    } else if (x == '{' || x == '[') {
                        depth++;
                    } else if (x == '}' || x == ']') {
                        if (--depth == 0) {
                            return j + 1;
                        }
                    }
                }
                return -1;
            }
            int j = i;
            while (j < b.length && b[j] != ',' && b[j] != '}' && b[j] != ']'
                    && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t') {
                j++;
            }
            return j == i ? -1 : j;
        }

        private static boolean contains(byte[] b, byte x, int from, int to) {
            for (int j = from; j < to; j++) {
                if (b[j] == x) {
                    return true;
                }
            }
            return false;
        }
    }
}
