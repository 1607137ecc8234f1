package dev.tollfree.core.adapter.gemini;

import static dev.tollfree.core.adapter.gemini.GeminiHarness.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON Schema in, the OpenAPI subset Gemini accepts out. */
class SchemaSanitizerTest {

    private static JsonNode json(String text) {
        return Json.tryParse(text).orElseThrow(() -> new AssertionError("not JSON: " + text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            $schema and additionalProperties dropped | {"$schema":"x","type":"object","additionalProperties":false,"properties":{"a":{"type":"string"}}} | {"type":"object","properties":{"a":{"type":"string"}}}
            default, examples, $id, $comment dropped | {"type":"string","default":"x","examples":["y"],"$id":"i","$comment":"c"}                   | {"type":"string"}
            title becomes the description            | {"type":"string","title":"Name"}                                                            | {"type":"string","description":"Name"}
            title dropped next to a description      | {"type":"string","title":"Name","description":"Full name"}                                  | {"type":"string","description":"Full name"}
            property names are never keywords        | {"type":"object","properties":{"title":{"type":"string"},"default":{"type":"integer"}}}     | {"type":"object","properties":{"title":{"type":"string"},"default":{"type":"integer"}}}
            nullable union collapses                 | {"type":["number","null"]}                                                                  | {"type":"number","nullable":true}
            upper-case types are lowered             | {"type":"STRING"}                                                                           | {"type":"string"}
            wider union becomes anyOf                | {"type":["string","integer"]}                                                               | {"anyOf":[{"type":"string"},{"type":"integer"}]}
            string format uri dropped                | {"type":"string","format":"uri"}                                                            | {"type":"string"}
            string format date-time kept             | {"type":"string","format":"date-time"}                                                      | {"type":"string","format":"date-time"}
            string format enum kept                  | {"type":"string","format":"enum","enum":["a"]}                                              | {"type":"string","format":"enum","enum":["a"]}
            number formats kept                      | {"type":"integer","format":"int64"}                                                         | {"type":"integer","format":"int64"}
            unknown number format dropped            | {"type":"number","format":"decimal"}                                                        | {"type":"number"}
            anyOf with null becomes nullable         | {"anyOf":[{"type":"string"},{"type":"null"}]}                                               | {"type":"string","nullable":true}
            oneOf is read as anyOf                   | {"oneOf":[{"type":"string"},{"type":"integer"}]}                                            | {"anyOf":[{"type":"string"},{"type":"integer"}]}
            anyOf branches are sanitised             | {"anyOf":[{"type":"object","additionalProperties":{}},{"type":"array","items":{"type":"string","format":"email"}}]} | {"anyOf":[{"type":"object"},{"type":"array","items":{"type":"string"}}]}
            allOf is merged                          | {"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}},"required":["b"]}]} | {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a","b"]}
            const becomes a one-value enum           | {"const":"fixed"}                                                                           | {"type":"string","enum":["fixed"]}
            non-string const dropped                 | {"type":"integer","const":3}                                                                | {"type":"integer"}
            integer enum moves to the description    | {"type":"integer","enum":[1,2],"description":"Level."}                                      | {"type":"integer","description":"Level. Allowed values: 1, 2."}
            null in enum means nullable              | {"type":"string","enum":["a",null]}                                                         | {"type":"string","enum":["a"],"nullable":true}
            untyped string enum gets a type          | {"enum":["x","y"]}                                                                          | {"type":"string","enum":["x","y"]}
            required keeps declared properties only  | {"type":"object","properties":{"a":{"type":"string"}},"required":["a","ghost"]}             | {"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}
            empty properties dropped                 | {"type":"object","properties":{},"required":["x"]}                                          | {"type":"object"}
            type inferred from properties            | {"properties":{"a":{"type":"boolean"}}}                                                     | {"type":"object","properties":{"a":{"type":"boolean"}}}
            tuple items become anyOf                 | {"type":"array","items":[{"type":"string"},{"type":"integer"}]}                             | {"type":"array","items":{"anyOf":[{"type":"string"},{"type":"integer"}]}}
            prefixItems read as a tuple              | {"type":"array","prefixItems":[{"type":"string"}],"items":false}                            | {"type":"array","items":{"type":"string"}}
            constraints kept                         | {"type":"array","minItems":1,"maxItems":3,"items":{"type":"number","minimum":0,"maximum":9}} | {"type":"array","minItems":1,"maxItems":3,"items":{"type":"number","minimum":0,"maximum":9}}
            exclusive bounds, multipleOf, not dropped | {"type":"number","exclusiveMinimum":0,"exclusiveMaximum":5,"multipleOf":2,"not":{"type":"string"}} | {"type":"number"}
            ref into $defs is inlined                | {"type":"object","properties":{"p":{"$ref":"#/$defs/P"}},"$defs":{"P":{"type":"string","minLength":2}}} | {"type":"object","properties":{"p":{"type":"string","minLength":2}}}
            ref into definitions is inlined          | {"type":"object","properties":{"p":{"$ref":"#/definitions/P"}},"definitions":{"P":{"type":"integer"}}} | {"type":"object","properties":{"p":{"type":"integer"}}}
            recursive ref stops at an open object    | {"type":"object","properties":{"child":{"$ref":"#/$defs/Node"}},"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}}}}} | {"type":"object","properties":{"child":{"type":"object","properties":{"next":{"type":"object"}}}}}
            unresolvable ref becomes an open object  | {"$ref":"https://example.com/schema.json","description":"Remote"}                           | {"type":"object","description":"Remote"}
            boolean schema means anything            | {"type":"object","properties":{"any":true}}                                                 | {"type":"object","properties":{"any":{}}}
            """)
    void sanitize(String rule, String input, String expected) {
        ObjectNode out = SchemaSanitizer.sanitize(json(input));
        assertThat(normalized(out)).as(rule).isEqualTo(json(expected));
    }

    @Test
    void sanitize_doesNotChangeItsInput() {
        JsonNode input = json("{\"type\":[\"string\",\"null\"],\"$defs\":{\"A\":{\"type\":\"string\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"}}}");
        String before = Json.text(input);
        SchemaSanitizer.sanitize(input);
        assertThat(Json.text(input)).isEqualTo(before);
    }

    @Test
    void sanitize_runawayNesting_isCut() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deep.append("{\"type\":\"array\",\"items\":");
        }
        deep.append("{\"type\":\"string\"}").append("}".repeat(200));
        ObjectNode out = SchemaSanitizer.sanitize(json(deep.toString()));
        assertThat(Json.text(out).length()).isLessThan(2_000);
    }
}
