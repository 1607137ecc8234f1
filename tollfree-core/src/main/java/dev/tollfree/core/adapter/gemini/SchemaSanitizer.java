package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a JSON Schema (OpenAI tool parameters, {@code json_schema} response formats) into the
 * OpenAPI-3.0 subset Gemini's {@code Schema} accepts. Gemini answers 400 "Unknown name …" to
 * keywords outside that subset and "Proto field is not repeating" to type unions, so this keeps
 * a whitelist of keywords and rewrites the rest:
 * <ul>
 *   <li>{@code $ref} into {@code $defs}/{@code definitions} is inlined; recursion becomes {@code {"type":"object"}};</li>
 *   <li>{@code "type":[x,"null"]} becomes {@code "type":x,"nullable":true}; wider unions become {@code anyOf};</li>
 *   <li>{@code oneOf} is read as {@code anyOf}; a {@code null} branch becomes {@code nullable}; one branch left is merged in;</li>
 *   <li>{@code allOf} branches are merged; {@code const} becomes a one-value {@code enum};</li>
 *   <li>{@code enum} stays on strings only (other types get the values in the description);</li>
 *   <li>{@code format} stays only where Gemini knows it: {@code enum}/{@code date-time} on strings, sizes on numbers;</li>
 *   <li>{@code title} becomes the description when there is none; {@code default}, {@code examples},
 *       {@code additionalProperties}, {@code $schema} and every other keyword are dropped;</li>
 *   <li>{@code required} keeps only declared properties; an empty {@code properties} map is dropped.</li>
 * </ul>
 * Property <em>names</em> are never touched: a property called {@code title} or {@code default} stays.
 */
final class SchemaSanitizer {
    private static final int MAX_DEPTH = 32;
    private static final Set<String> COPIED = Set.of("description", "nullable", "minItems", "maxItems", "minimum", "maximum",
            "minLength", "maxLength", "pattern", "minProperties", "maxProperties", "propertyOrdering");
    private static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");
    private static final Set<String> NUMBER_FORMATS = Set.of("float", "double", "int32", "int64");

    private SchemaSanitizer() {}

    /** A Gemini-safe copy of {@code schema}; the input is not changed. */
    static ObjectNode sanitize(JsonNode schema) {
        ObjectNode defs = Json.object();
        for (String key : List.of("definitions", "$defs")) {
            if (schema.path(key).isObject()) {
                defs.setAll((ObjectNode) schema.path(key));
            }
        }
        return new SchemaSanitizer.Run(defs).node(schema, 0);
    }

    /** True when a sanitised object schema declares no properties (Gemini rejects empty {@code properties}). */
    static boolean isEmptyObject(ObjectNode schema) {
        return "object".equals(schema.path("type").asString("")) && !schema.has("properties") && !schema.has("anyOf");
    }

    private static final class Run {
        private final ObjectNode defs;
        private final Deque<String> refs = new ArrayDeque<>();

        Run(ObjectNode defs) {
            this.defs = defs;
        }

        ObjectNode node(JsonNode in, int depth) {
            ObjectNode out = Json.object();
            if (!in.isObject() || depth > MAX_DEPTH) {
                return out; // boolean schemas and runaway nesting mean "anything"
            }
            if (in.path("$ref").isString()) {
                return ref(in, depth);
            }
            copyType(in, out);
            for (String key : COPIED) {
                JsonNode v = in.get(key);
                if (v != null && !v.isNull()) {
                    out.set(key, v.deepCopy());
                }
            }
            if (!out.has("description") && in.path("title").isString()) {
                out.put("description", in.path("title").stringValue());
            }
            if (in.has("const") && !in.has("enum")) {
                constant(in.get("const"), out);
            }
            if (in.path("enum").isArray()) {
                enumeration((ArrayNode) in.get("enum"), out);
            }
            properties(in, out, depth);
            items(in, out, depth);
            format(in, out);
            unions(in, out, depth);
            allOf(in, out, depth);
            if (!out.has("type") && out.has("properties")) {
                out.put("type", "object");
            } else if (!out.has("type") && out.has("items")) {
                out.put("type", "array");
            }
            return out;
        }

        private ObjectNode ref(JsonNode in, int depth) {
            String ref = in.path("$ref").stringValue();
            String name = ref.replaceFirst("^#/(\\$defs|definitions)/", "").replace("~1", "/").replace("~0", "~");
            JsonNode target = ref.equals(name) ? null : defs.get(name);
            ObjectNode out;
            if (target == null || refs.contains(name)) {
                out = Json.object().put("type", "object"); // unresolvable or recursive: keep the shape loose
            } else {
                refs.push(name);
                out = node(target, depth + 1);
                refs.pop();
            }
            ObjectNode siblings = ((ObjectNode) in).deepCopy();
            siblings.remove("$ref");
            mergeInto(out, node(siblings, depth + 1));
            return out;
        }

        private static void copyType(JsonNode in, ObjectNode out) {
            JsonNode type = in.get("type");
            if (type == null) {
                return;
            }
            List<String> types = new ArrayList<>();
            if (type.isString()) {
                types.add(type.stringValue().toLowerCase(Locale.ROOT));
            } else if (type.isArray()) {
                type.forEach(t -> types.add(t.asString("").toLowerCase(Locale.ROOT)));
            }
            if (types.remove("null")) {
                out.put("nullable", true);
            }
            types.removeIf(String::isBlank);
            if (types.size() == 1) {
                out.put("type", types.getFirst());
            } else if (types.size() > 1) {
                ArrayNode anyOf = out.putArray("anyOf");
                types.forEach(t -> anyOf.addObject().put("type", t));
            }
        }

        private static void constant(JsonNode value, ObjectNode out) {
            if (value.isString()) {
                out.putArray("enum").add(value.stringValue());
                if (!out.has("type")) {
                    out.put("type", "string");
                }
            }
        }

        private static void enumeration(ArrayNode values, ObjectNode out) {
            boolean allStrings = true;
            List<String> texts = new ArrayList<>();
            for (JsonNode v : values) {
                if (v.isNull()) {
                    out.put("nullable", true);
                    continue;
                }
                allStrings &= v.isString();
                texts.add(v.isString() ? v.stringValue() : v.toString());
            }
            String type = out.path("type").asString("");
            if (type.equals("string") || (type.isEmpty() && allStrings)) {
                ArrayNode e = out.putArray("enum");
                texts.forEach(e::add);
                out.put("type", "string");
            } else if (!texts.isEmpty()) {
                String note = "Allowed values: " + String.join(", ", texts) + ".";
                String description = out.path("description").asString("");
                out.put("description", description.isEmpty() ? note : description + " " + note);
            }
        }

        private void properties(JsonNode in, ObjectNode out, int depth) {
            JsonNode props = in.get("properties");
            if (props == null || !props.isObject() || props.isEmpty()) {
                return;
            }
            ObjectNode clean = out.putObject("properties");
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                clean.set(p.getKey(), node(p.getValue(), depth + 1));
            }
            ArrayNode required = Json.array();
            for (JsonNode r : in.path("required")) {
                if (r.isString() && clean.has(r.stringValue())) {
                    required.add(r.stringValue());
                }
            }
            if (!required.isEmpty()) {
                out.set("required", required);
            }
        }

        private void items(JsonNode in, ObjectNode out, int depth) {
            JsonNode items = in.has("items") && !in.get("items").isBoolean() ? in.get("items") : in.get("prefixItems");
            if (items == null || items.isNull()) {
                return;
            }
            if (items.isObject()) {
                out.set("items", node(items, depth + 1));
            } else if (items.isArray() && items.size() == 1) {
                out.set("items", node(items.get(0), depth + 1));
            } else if (items.isArray() && items.size() > 1) { // tuple: Gemini has none, accept any listed shape
                ArrayNode anyOf = out.putObject("items").putArray("anyOf");
                items.forEach(i -> anyOf.add(node(i, depth + 1)));
            }
        }

        private static void format(JsonNode in, ObjectNode out) {
            String format = in.path("format").asString("");
            String type = out.path("type").asString("");
            boolean known = switch (type) {
                case "string" -> STRING_FORMATS.contains(format);
                case "number", "integer" -> NUMBER_FORMATS.contains(format);
                default -> false;
            };
            if (known) {
                out.put("format", format);
            }
        }

        /** {@code anyOf}/{@code oneOf} (and a type union already turned into {@code anyOf}). */
        private void unions(JsonNode in, ObjectNode out, int depth) {
            List<ObjectNode> branches = new ArrayList<>();
            if (out.get("anyOf") instanceof ArrayNode fromType) {
                fromType.forEach(b -> branches.add((ObjectNode) b));
                out.remove("anyOf");
            }
            for (String key : List.of("anyOf", "oneOf")) {
                for (JsonNode b : in.path(key)) {
                    JsonNode t = b.path("type");
                    if (t.isString() && t.stringValue().equals("null")) {
                        out.put("nullable", true);
                    } else {
                        branches.add(node(b, depth + 1));
                    }
                }
            }
            if (branches.size() == 1) {
                mergeInto(out, branches.getFirst());
            } else if (branches.size() > 1) {
                ArrayNode anyOf = out.putArray("anyOf");
                branches.forEach(anyOf::add);
            }
        }

        private void allOf(JsonNode in, ObjectNode out, int depth) {
            for (JsonNode b : in.path("allOf")) {
                mergeInto(out, node(b, depth + 1));
            }
        }

        /** Adds what {@code extra} says and {@code out} does not: properties and required are unioned. */
        private static void mergeInto(ObjectNode out, ObjectNode extra) {
            for (Map.Entry<String, JsonNode> e : extra.properties()) {
                String key = e.getKey();
                if (key.equals("properties") && out.get("properties") instanceof ObjectNode mine) {
                    e.getValue().forEachEntry((name, schema) -> {
                        if (!mine.has(name)) {
                            mine.set(name, schema);
                        }
                    });
                } else if (key.equals("required") && out.get("required") instanceof ArrayNode mine) {
                    for (JsonNode r : e.getValue()) {
                        boolean present = false;
                        for (JsonNode m : mine) {
                            present |= m.equals(r);
                        }
                        if (!present) {
                            mine.add(r);
                        }
                    }
                } else if (!out.has(key)) {
                    out.set(key, e.getValue());
                }
            }
        }
    }
}
