package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatRequestValidatorTest {
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatRequest parse(String json) {
        return ChatRequest.parse(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiError rejected(String json) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(json));
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        return e.error();
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("model missing", "{" + HI + "}", "model", "Missing required parameter: 'model'"),
                Arguments.of("model null", "{\"model\":null," + HI + "}", "model", "Missing required parameter: 'model'"),
                Arguments.of("model not string", "{\"model\":5," + HI + "}", "model", "expected a string, but got an integer"),
                Arguments.of("model object", "{\"model\":{}," + HI + "}", "model", "expected a string, but got an object"),
                Arguments.of("model blank", "{\"model\":\"  \"," + HI + "}", "model", "must not be empty"),
                Arguments.of("messages missing", "{\"model\":\"auto\"}", "messages", "Missing required parameter: 'messages'"),
                Arguments.of("messages empty", "{\"model\":\"auto\",\"messages\":[]}", "messages", "empty array"),
                Arguments.of("messages not array", "{\"model\":\"auto\",\"messages\":\"hi\"}", "messages", "expected an array, but got a string"),
                Arguments.of("messages object", "{\"model\":\"auto\",\"messages\":{}}", "messages", "expected an array, but got an object"),
                Arguments.of("message not object", "{\"model\":\"auto\",\"messages\":[\"hi\"]}", "messages[0]", "expected an object, but got a string"),
                Arguments.of("second message not object", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},7]}", "messages[1]", "expected an object, but got an integer"),
                Arguments.of("role missing", "{\"model\":\"auto\",\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role", "Missing required parameter: 'messages[0].role'"),
                Arguments.of("role not string", "{\"model\":\"auto\",\"messages\":[{\"role\":1,\"content\":\"hi\"}]}", "messages[0].role", "expected a string, but got an integer"),
                Arguments.of("role null", "{\"model\":\"auto\",\"messages\":[{\"role\":null,\"content\":\"hi\"}]}", "messages[0].role", "but got null"),
                Arguments.of("role unknown", "{\"model\":\"auto\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role", "'wizard'"),
                Arguments.of("content int", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", "messages[0].content", "but got an integer"),
                Arguments.of("content object", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]}", "messages[0].content", "but got an object"),
                Arguments.of("part not object", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[\"hi\"]}]}", "messages[0].content[0]", "expected an object, but got a string"),
                Arguments.of("part type missing", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}", "messages[0].content[0].type", "Missing required parameter: 'messages[0].content[0].type'"),
                Arguments.of("part type not string", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":3}]}]}", "messages[0].content[0].type", "expected a string"),
                Arguments.of("text part without text", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}", "messages[0].content[0].text", "expected a string, but got nothing"),
                Arguments.of("text part number", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":1.5}]}]}", "messages[0].content[0].text", "but got a decimal"),
                Arguments.of("image_url number", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image_url\",\"image_url\":5}]}]}", "messages[0].content[1].image_url", "an object with a string 'url'"),
                Arguments.of("image_url without url", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"detail\":\"low\"}}]}]}", "messages[0].content[0].image_url", "an object with a string 'url'"),
                Arguments.of("image_url url not string", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":[]}}]}]}", "messages[0].content[0].image_url", "but got an object"),
                Arguments.of("tool_calls object", "{\"model\":\"auto\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":{}}]}", "messages[0].tool_calls", "expected an array"),
                Arguments.of("tools not array", "{\"model\":\"auto\"," + HI + ",\"tools\":{\"type\":\"function\"}}", "tools", "expected an array, but got an object"),
                Arguments.of("tool not object", "{\"model\":\"auto\"," + HI + ",\"tools\":[\"get_weather\"]}", "tools[0]", "expected an object, but got a string"),
                Arguments.of("max_tokens zero", "{\"model\":\"auto\"," + HI + ",\"max_tokens\":0}", "max_tokens", ">= 1, but got 0"),
                Arguments.of("max_tokens negative", "{\"model\":\"auto\"," + HI + ",\"max_tokens\":-5}", "max_tokens", ">= 1, but got -5"),
                Arguments.of("max_tokens decimal", "{\"model\":\"auto\"," + HI + ",\"max_tokens\":10.5}", "max_tokens", "expected an integer, but got a decimal"),
                Arguments.of("max_tokens string", "{\"model\":\"auto\"," + HI + ",\"max_tokens\":\"100\"}", "max_tokens", "expected an integer, but got a string"),
                Arguments.of("max_tokens too large", "{\"model\":\"auto\"," + HI + ",\"max_tokens\":3000000000}", "max_tokens", "<= 2147483647, but got 3000000000"),
                Arguments.of("max_completion_tokens zero", "{\"model\":\"auto\"," + HI + ",\"max_completion_tokens\":0}", "max_completion_tokens", ">= 1"),
                Arguments.of("max_tokens bad next to good max_completion_tokens", "{\"model\":\"auto\"," + HI + ",\"max_completion_tokens\":10,\"max_tokens\":\"lots\"}", "max_tokens", "expected an integer"),
                Arguments.of("temperature string", "{\"model\":\"auto\"," + HI + ",\"temperature\":\"0.7\"}", "temperature", "expected a number, but got a string"),
                Arguments.of("top_p boolean", "{\"model\":\"auto\"," + HI + ",\"top_p\":true}", "top_p", "expected a number, but got a boolean"),
                Arguments.of("stream string", "{\"model\":\"auto\"," + HI + ",\"stream\":\"true\"}", "stream", "expected a boolean, but got a string"),
                Arguments.of("seed decimal", "{\"model\":\"auto\"," + HI + ",\"seed\":1.5}", "seed", "expected an integer, but got a decimal"),
                Arguments.of("stop number", "{\"model\":\"auto\"," + HI + ",\"stop\":5}", "stop", "a string or an array of strings"),
                Arguments.of("stop mixed array", "{\"model\":\"auto\"," + HI + ",\"stop\":[\"a\",1]}", "stop", "a string or an array of strings, but got an array"),
                Arguments.of("tool_choice number", "{\"model\":\"auto\"," + HI + ",\"tool_choice\":1}", "tool_choice", "a string or an object"),
                Arguments.of("user number", "{\"model\":\"auto\"," + HI + ",\"user\":1}", "user", "expected a string"),
                Arguments.of("response_format string", "{\"model\":\"auto\"," + HI + ",\"response_format\":\"json\"}", "response_format", "expected an object"),
                Arguments.of("stream_options array", "{\"model\":\"auto\"," + HI + ",\"stream_options\":[]}", "stream_options", "expected an object, but got an array"),
                Arguments.of("include_usage string", "{\"model\":\"auto\"," + HI + ",\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}}", "stream_options.include_usage", "expected a boolean, but got a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void validate_typeError_namesTheFieldInParamAndMessage(String name, String json, String param, String messageFragment) {
        ApiError error = rejected(json);
        assertThat(error.param()).isEqualTo(param);
        assertThat(error.message()).contains("'" + param + "'").contains(messageFragment);
        assertThat(error.toJson().path("error").path("param").stringValue()).isEqualTo(param);
    }

    @Test
    void validate_minimalRequest_hasNoFlags() {
        ChatRequest r = parse("{\"model\":\"auto\"," + HI + "}");
        assertThat(r.model()).isEqualTo("auto");
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.hasTools()).isFalse();
        assertThat(r.hasImages()).isFalse();
        assertThat(r.wantsJson()).isFalse();
        assertThat(r.hasAssistantTurn()).isFalse();
        assertThat(r.maxOutputTokens()).isZero();
        assertThat(r.firstUserText()).isEqualTo("hi");
        assertThat(r.textChars()).isEqualTo(2);
    }

    @Test
    void validate_imagePart_setsHasImages() {
        ChatRequest r = parse("""
                {"model":"auto","messages":[{"role":"user","content":[
                  {"type":"text","text":"what is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}}]}]}""");
        assertThat(r.hasImages()).isTrue();
        assertThat(r.firstUserText()).isEqualTo("what is this?");
    }

    @Test
    void validate_imageUrlAsPlainString_isAcceptedAsImage() {
        ChatRequest r = parse("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"image_url","image_url":"https://x/y.png"}]}]}""");
        assertThat(r.hasImages()).isTrue();
    }

    @Test
    void validate_tools_setsHasToolsOnlyWhenNonEmpty() {
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}").hasTools()).isTrue();
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"tools\":[]}").hasTools()).isFalse();
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"tools\":null}").hasTools()).isFalse();
    }

    @Test
    void validate_responseFormat_setsWantsJsonForJsonTypesOnly() {
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"response_format\":{\"type\":\"json_object\"}}").wantsJson()).isTrue();
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}}").wantsJson()).isTrue();
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"response_format\":{\"type\":\"text\"}}").wantsJson()).isFalse();
    }

    @Test
    void validate_streamWithIncludeUsage_setsBothFlags() {
        ChatRequest r = parse("{\"model\":\"auto\"," + HI + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"stream\":true,\"stream_options\":{}}").includeUsage()).isFalse();
    }

    @Test
    void validate_maxCompletionTokens_winsOverMaxTokens() {
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"max_completion_tokens\":64,\"max_tokens\":128}").maxOutputTokens()).isEqualTo(64);
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"max_tokens\":128}").maxOutputTokens()).isEqualTo(128);
    }

    @Test
    void validate_conversation_findsFirstUserTextAndAssistantTurn() {
        ChatRequest r = parse("""
                {"model":"auto","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":[{"type":"text","text":"first "},{"type":"text","text":"question"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"42"},
                  {"role":"user","content":"second question"}]}""");
        assertThat(r.firstUserText()).isEqualTo("first question");
        assertThat(r.hasAssistantTurn()).isTrue();
        assertThat(r.textChars()).isGreaterThan("be brief".length() + "first question".length() + "42".length() + "second question".length());
    }

    @Test
    void validate_noUserMessage_firstUserTextIsEmpty() {
        assertThat(parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}").firstUserText()).isEmpty();
    }

    @Test
    void validate_unknownFieldsAndPartTypes_areToleratedAndKept() {
        ChatRequest r = parse("""
                {"model":"groq/llama","messages":[{"role":"developer","content":"x","name":"n","extra":{"a":1}},
                  {"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}],
                 "x_custom":[1,2,3],"reasoning_effort":"low","parallel_tool_calls":false,"metadata":{"k":"v"}}""");
        assertThat(r.model()).isEqualTo("groq/llama");
        assertThat(r.field("x_custom").size()).isEqualTo(3);
        assertThat(r.field("metadata").path("k").stringValue()).isEqualTo("v");
        assertThat(r.body().path("messages").path(0).path("extra").path("a").asInt()).isEqualTo(1);
    }

    @Test
    void validate_nullOptionalFields_areTreatedAsAbsent() {
        ChatRequest r = parse("{\"model\":\"auto\"," + HI + ",\"temperature\":null,\"stop\":null,\"max_tokens\":null,\"stream_options\":null,\"tools\":null}");
        assertThat(r.maxOutputTokens()).isZero();
        assertThat(r.hasTools()).isFalse();
    }

    @Test
    void validate_everyRole_isAccepted() {
        for (String role : new String[] {"system", "developer", "user", "assistant", "tool", "function"}) {
            assertThat(parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"" + role + "\",\"content\":\"x\"}]}").model()).isEqualTo("auto");
        }
    }

    @Test
    void validate_stopAsStringOrStringArray_isAccepted() {
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"stop\":\"END\"}").model()).isEqualTo("auto");
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"stop\":[\"a\",\"b\"]}").model()).isEqualTo("auto");
    }

    @Test
    void validate_severalWrongFields_namesTheFirstInTheRequestThenMessages() {
        assertThat(rejected("{\"model\":\"auto\"," + HI + ",\"top_p\":\"x\",\"temperature\":\"y\"}").param()).isEqualTo("top_p");
        assertThat(rejected("{\"model\":\"auto\"," + HI + ",\"temperature\":\"y\",\"top_p\":\"x\"}").param()).isEqualTo("temperature");
        assertThat(rejected("{\"model\":\"auto\",\"messages\":[7],\"tools\":{}}").param()).isEqualTo("tools");
        assertThat(rejected("{\"messages\":[7],\"model\":5}").param()).isEqualTo("model");
    }

    @Test
    void validate_streamAndIncludeUsage_readFromTheirOwnMembers() {
        ChatRequest off = parse("{\"model\":\"auto\"," + HI + ",\"stream\":false,\"stream_options\":{\"include_usage\":null}}");
        assertThat(off.stream()).isFalse();
        assertThat(off.includeUsage()).isFalse();
        ChatRequest on = parse("{\"stream_options\":{\"include_usage\":true},\"model\":\"auto\"," + HI + ",\"stream\":true}");
        assertThat(on.stream()).isTrue();
        assertThat(on.includeUsage()).isTrue();
    }

    @Test
    void validate_toolsJsonChars_isTheCompactLength_fromBytesOrTree_andZeroWithoutTools() {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}]";
        String pretty = "{\"model\":\"auto\"," + HI + ",\"tools\": " + tools.replace(",", ",\n    ").replace(":", ": ") + "}";
        assertThat(ChatRequest.parse(pretty.getBytes(StandardCharsets.UTF_8)).toolsJsonChars()).isEqualTo(tools.length());
        assertThat(parse(pretty).toolsJsonChars()).isEqualTo(tools.length());
        assertThat(parse("{\"model\":\"auto\"," + HI + ",\"tools\":[]}").toolsJsonChars()).isZero();
        assertThat(parse("{\"model\":\"auto\"," + HI + "}").toolsJsonChars()).isZero();
    }
}
