package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorDecoderTest {

    private static ProviderError decode(int status, String body) {
        ProviderError fromString = ErrorDecoder.decode(status, body);
        assertThat(ErrorDecoder.decode(status, body.getBytes(StandardCharsets.UTF_8))).isEqualTo(fromString);
        return fromString;
    }

    // --- OpenAI-shaped envelopes -------------------------------------------------------------

    @Test
    void decode_openAi_readsMessageTypeParamCode() {
        ProviderError e = decode(400, """
                {"error":{"message":"Invalid value for 'temperature': must be <= 2.","type":"invalid_request_error",
                 "param":"temperature","code":"invalid_value"}}""");
        assertThat(e).isEqualTo(new ProviderError("Invalid value for 'temperature': must be <= 2.", "invalid_value",
                "invalid_request_error", Optional.of("temperature")));
    }

    @Test
    void decode_openAiInsufficientQuota_nullParamIsEmpty() {
        ProviderError e = decode(429, """
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                 "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""");
        assertThat(e.code()).isEqualTo("insufficient_quota");
        assertThat(e.type()).isEqualTo("insufficient_quota");
        assertThat(e.param()).isEmpty();
    }

    @Test
    void decode_openAiMidStreamSseFrame_skipsDataPrefix() {
        ProviderError e = decode(200, "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
        assertThat(e.message()).isEqualTo("The server had an error");
        assertThat(e.type()).isEqualTo("server_error");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void decode_groqRateLimit_keepsTypeAndCode() {
        ProviderError e = decode(429, """
                {"error":{"message":"Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5975, Requested 4351. Please try again in 5.289s. Visit https://console.groq.com/docs/rate-limits for more information.",
                 "type":"tokens","code":"rate_limit_exceeded"}}""");
        assertThat(e.message()).startsWith("Rate limit reached for model").contains("Please try again in 5.289s");
        assertThat(e.type()).isEqualTo("tokens");
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.param()).isEmpty();
    }

    @Test
    void decode_groqToolUseFailed_ignoresFailedGeneration() {
        ProviderError e = decode(400, """
                {"error":{"message":"Failed to call a function. Please adjust your prompt. See 'failed_generation' for more details.",
                 "type":"invalid_request_error","code":"tool_use_failed","failed_generation":"<function=get_weather{\\"city\\":\\"Paris\\"}</function>"}}""");
        assertThat(e.message()).startsWith("Failed to call a function.");
        assertThat(e.code()).isEqualTo("tool_use_failed");
    }

    @Test
    void decode_deepseekLeadingKeepAliveLines_skipsWhitespace() {
        ProviderError e = decode(402, "\n\n\n \r\n{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\",\"param\":null,\"code\":\"invalid_request_error\"}}");
        assertThat(e.message()).isEqualTo("Insufficient Balance");
        assertThat(e.type()).isEqualTo("unknown_error");
        assertThat(e.code()).isEqualTo("invalid_request_error");
    }

    @Test
    void decode_moonshotOverloaded_typeWithoutCode() {
        ProviderError e = decode(429, """
                {"error":{"message":"The engine is currently overloaded, please try again later","type":"engine_overloaded_error"}}""");
        assertThat(e.type()).isEqualTo("engine_overloaded_error");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void decode_byteOrderMark_isSkipped() {
        assertThat(decode(500, "\uFEFF{\"error\":{\"message\":\"boom\"}}").message()).isEqualTo("boom");
    }

    // --- OpenRouter --------------------------------------------------------------------------

    @Test
    void decode_openRouterNumericCode_codeAsText() {
        ProviderError e = decode(429, """
                {"error":{"code":429,"message":"Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day",
                 "metadata":{"headers":{"X-RateLimit-Limit":"50","X-RateLimit-Remaining":"0","X-RateLimit-Reset":"1788825600000"}}},
                 "user_id":"user_2abc"}""");
        assertThat(e.code()).isEqualTo("429");
        assertThat(e.message()).startsWith("Rate limit exceeded: free-models-per-day.");
        assertThat(e.type()).isEmpty();
    }

    @Test
    void decode_openRouterMetadataRawPlainText_appendsUpstreamWords() {
        ProviderError e = decode(429, """
                {"error":{"message":"Provider returned error","code":429,"metadata":{
                 "raw":"meta-llama/llama-3.3-70b-instruct:free is temporarily rate-limited upstream. Please retry shortly.",
                 "provider_name":"Venice"}}}""");
        assertThat(e.message()).isEqualTo(
                "Provider returned error: meta-llama/llama-3.3-70b-instruct:free is temporarily rate-limited upstream. Please retry shortly.");
        assertThat(e.code()).isEqualTo("429");
    }

    @Test
    void decode_openRouterMetadataRawJsonString_usesUpstreamMessage() {
        ProviderError e = decode(429, """
                {"error":{"message":"Provider returned error","code":429,"metadata":{
                 "raw":"{\\n  \\"error\\": {\\n    \\"code\\": 429,\\n    \\"message\\": \\"Resource has been exhausted (e.g. check quota).\\",\\n    \\"status\\": \\"RESOURCE_EXHAUSTED\\"\\n  }\\n}\\n",
                 "provider_name":"Google AI Studio"}}}""");
        assertThat(e.message()).isEqualTo("Provider returned error: Resource has been exhausted (e.g. check quota).");
    }

    @Test
    void decode_openRouterMetadataRawObject_usesUpstreamMessage() {
        ProviderError e = decode(502, """
                {"error":{"message":"Provider returned error","code":502,"metadata":{"raw":{"error":{"message":"upstream timed out"}},"provider_name":"Chutes"}}}""");
        assertThat(e.message()).isEqualTo("Provider returned error: upstream timed out");
    }

    @Test
    void decode_openRouterMetadataRawAlreadyInMessage_notRepeated() {
        ProviderError e = decode(400, """
                {"error":{"message":"Bad thing happened","code":400,"metadata":{"raw":"Bad thing happened"}}}""");
        assertThat(e.message()).isEqualTo("Bad thing happened");
    }

    @Test
    void decode_openRouterModeration403_keepsMessage() {
        ProviderError e = decode(403, """
                {"error":{"code":403,"message":"Input flagged by moderation","metadata":{"reasons":["violence"],"flagged_input":"...","provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}""");
        assertThat(e.message()).isEqualTo("Input flagged by moderation");
        assertThat(e.code()).isEqualTo("403");
    }

    @Test
    void decode_openRouterInBand200_readsChoicesError() {
        ProviderError e = decode(200, """
                {"choices":[{"message":{"content":""},"finish_reason":"error","error":{"code":502,"message":"This model is currently experiencing high demand.",
                 "metadata":{"error_type":"provider_unavailable"}}}],"usage":{"cost":0}}""");
        assertThat(e.message()).isEqualTo("This model is currently experiencing high demand.");
        assertThat(e.code()).isEqualTo("502");
        assertThat(e.type()).isEqualTo("provider_unavailable");
    }

    @Test
    void decode_openRouterMidStreamChunk_stringCode() {
        ProviderError e = decode(200, """
                data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"x","provider":"Y",
                 "error":{"code":"server_error","message":"Provider disconnected unexpectedly"},
                 "choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""");
        assertThat(e.message()).isEqualTo("Provider disconnected unexpectedly");
        assertThat(e.code()).isEqualTo("server_error");
    }

    // --- String codes: GitHub Models, Zhipu -------------------------------------------------

    @Test
    void decode_githubRateLimitReached_stringCodeNoType() {
        ProviderError e = decode(429, """
                {"error":{"code":"RateLimitReached","message":"Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying.",
                 "details":"Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying."}}""");
        assertThat(e.code()).isEqualTo("RateLimitReached");
        assertThat(e.type()).isEmpty();
        assertThat(e.message()).isEqualTo("Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying.");
    }

    @Test
    void decode_githubDetailsOnly_usesDetailsString() {
        ProviderError e = decode(413, """
                {"error":{"code":"tokens_limit_reached","details":"Request body too large for gpt-4o model. Max size: 8000 tokens."}}""");
        assertThat(e.message()).isEqualTo("Request body too large for gpt-4o model. Max size: 8000 tokens.");
        assertThat(e.code()).isEqualTo("tokens_limit_reached");
    }

    @Test
    void decode_zhipuDigitStringCode() {
        ProviderError e = decode(429, """
                {"error":{"code":"1302","message":"您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。"}}""");
        assertThat(e.code()).isEqualTo("1302");
        assertThat(e.message()).startsWith("您当前使用该API");
    }

    // --- Flat bodies: Cerebras, Mistral ------------------------------------------------------

    @Test
    void decode_cerebrasFlat_readsTopLevelFields() {
        ProviderError e = decode(404, """
                {"message":"Model llama3.1-8b does not exist or you do not have access to it.","type":"not_found_error","param":"model","code":"model_not_found"}""");
        assertThat(e).isEqualTo(new ProviderError("Model llama3.1-8b does not exist or you do not have access to it.",
                "model_not_found", "not_found_error", Optional.of("model")));
    }

    @Test
    void decode_cerebrasFlat429() {
        ProviderError e = decode(429, """
                {"message":"Rate limit exceeded","type":"rate_limit_error","param":null,"code":"rate_limit_error"}""");
        assertThat(e).isEqualTo(new ProviderError("Rate limit exceeded", "rate_limit_error", "rate_limit_error", Optional.empty()));
    }

    @Test
    void decode_mistralObjectError_flat() {
        ProviderError e = decode(400, """
                {"object":"error","message":"Prompt contains 40960 tokens and 0 draft tokens, too large for model with 32768 maximum context length","type":"invalid_request_message_error","param":null,"code":null}""");
        assertThat(e.message()).startsWith("Prompt contains 40960 tokens");
        assertThat(e.type()).isEqualTo("invalid_request_message_error");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void decode_mistral429_withMessage() { // ⚠ fixture shape, version with a message
        ProviderError e = decode(429, """
                {"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}""");
        assertThat(e).isEqualTo(new ProviderError("Rate limit exceeded", "1300", "rate_limited", Optional.empty()));
    }

    @Test
    void decode_mistral429_withoutMessage_fallsBackToBody() { // ⚠ fixture shape, version without a message
        String body = "{\"object\":\"error\",\"type\":\"rate_limited\",\"code\":\"1300\"}";
        ProviderError e = decode(429, body);
        assertThat(e.message()).isEqualTo(body);
        assertThat(e.code()).isEqualTo("1300");
        assertThat(e.type()).isEqualTo("rate_limited");
    }

    @Test
    void decode_mistral422_pydanticDetailArray_joinsLocAndMsg() {
        ProviderError e = decode(422, """
                {"detail":[{"type":"extra_forbidden","loc":["body","foo"],"msg":"Extra inputs are not permitted","input":1},
                           {"type":"string_type","loc":["body","messages",0,"content"],"msg":"Input should be a valid string"}]}""");
        assertThat(e.message()).isEqualTo("body.foo: Extra inputs are not permitted; body.messages.0.content: Input should be a valid string");
    }

    @Test
    void decode_mistral422_messageObjectHoldingDetail() { // ⚠ message may be an object
        ProviderError e = decode(422, """
                {"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","foo"],"msg":"Extra inputs are not permitted"}]},
                 "type":"invalid_request_error","param":null,"code":null}""");
        assertThat(e.message()).isEqualTo("body.foo: Extra inputs are not permitted");
        assertThat(e.type()).isEqualTo("invalid_request_error");
    }

    @Test
    void decode_mistral401_messageAndRequestId() { // ⚠ commonly observed
        ProviderError e = decode(401, "{\"message\":\"Unauthorized\",\"request_id\":\"9f3c0b1e\"}");
        assertThat(e).isEqualTo(new ProviderError("Unauthorized", "", "", Optional.empty()));
    }

    // --- Gemini ------------------------------------------------------------------------------

    static final String GEMINI_429_DAY = """
            {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",
             "status":"RESOURCE_EXHAUSTED",
             "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure",
                         "violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                        "quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                                        "quotaDimensions":{"location":"global","model":"gemini-2.5-flash"},"quotaValue":"20"}]},
                        {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"38s"}]}}""";

    @Test
    void decode_geminiNative_typeIsStatus() {
        ProviderError e = decode(429, GEMINI_429_DAY);
        assertThat(e.message()).isEqualTo("You exceeded your current quota, please check your plan and billing details.");
        assertThat(e.code()).isEqualTo("429");
        assertThat(e.type()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void decode_geminiInvalidKey_400InvalidArgument() {
        ProviderError e = decode(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""");
        assertThat(e.type()).isEqualTo("INVALID_ARGUMENT");
        assertThat(e.message()).startsWith("API key not valid.");
    }

    @Test
    void decode_geminiCompatArray_unwrapsFirstElement() {
        ProviderError e = decode(400, """
                [{"error":{"code":400,"message":"Unknown name \\"web_search_options\\": Cannot find field.","status":"INVALID_ARGUMENT",
                  "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"description":"..."}]}]}}]""");
        assertThat(e.message()).isEqualTo("Unknown name \"web_search_options\": Cannot find field.");
        assertThat(e.code()).isEqualTo("400");
        assertThat(e.type()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void decode_geminiCompatArray_skipsNonObjectElements() {
        assertThat(decode(503, "[null, 1, {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}]").message())
                .isEqualTo("The model is overloaded.");
    }

    // --- NVIDIA NIM (RFC 7807) ---------------------------------------------------------------

    @Test
    void decode_nvidiaRfc7807_detailBeforeTitle_aboutBlankIsNoType() {
        ProviderError e = decode(429, """
                {"type":"about:blank","title":"Too Many Requests","status":429,"detail":"Rate limit exceeded, please try again later"}""");
        assertThat(e.message()).isEqualTo("Rate limit exceeded, please try again later");
        assertThat(e.type()).isEmpty();
    }

    @Test
    void decode_nvidiaTitleOnly() {
        assertThat(decode(429, "{\"status\":429,\"title\":\"Too Many Requests\"}").message()).isEqualTo("Too Many Requests");
    }

    @Test
    void decode_nvidiaDegradedFunction_detailOnly() {
        assertThat(decode(400, "{\"detail\":\"Function id 'b0b9b6a4-1f2e': DEGRADED function cannot be invoked\"}").message())
                .isEqualTo("Function id 'b0b9b6a4-1f2e': DEGRADED function cannot be invoked");
    }

    @Test
    void decode_nvidiaEndOfLife_plainString() {
        ProviderError e = decode(410, "\"The model 'minimaxai/minimax-m2.7' has reached its end of life on 2026-07-27T00:00:00Z and is no longer available\"");
        assertThat(e.message()).startsWith("The model 'minimaxai/minimax-m2.7' has reached its end of life");
    }

    // --- Cohere, Cloudflare, string errors, MiniMax -----------------------------------------

    @Test
    void decode_cohere_idAndMessage() {
        ProviderError e = decode(429, """
                {"id":"6b7a1b0e-5f6a-4a5e-9a43-3b3b8b0c1d2e","message":"You are using a Trial key, which is limited to 1000 API calls / month. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions"}""");
        assertThat(e.message()).startsWith("You are using a Trial key, which is limited to 1000 API calls / month.");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void decode_cloudflareEnvelope_code3036AsText() {
        ProviderError e = decode(429, """
                {"result":null,"success":false,"errors":[{"code":3036,"message":"You have used up your daily free allocation of 10,000 neurons. Please upgrade to Cloudflare's Workers Paid plan if you would like to continue usage."}],"messages":[]}""");
        assertThat(e.code()).isEqualTo("3036");
        assertThat(e.message()).startsWith("You have used up your daily free allocation of 10,000 neurons.");
    }

    @Test
    void decode_cloudflareRouteError7003() {
        ProviderError e = decode(404, """
                {"result":null,"success":false,"errors":[{"code":7003,"message":"Could not route to /client/v4/accounts/abc/ai/v1/chat/completions, perhaps your object identifier is invalid?"}],"messages":[]}""");
        assertThat(e.code()).isEqualTo("7003");
    }

    @Test
    void decode_huggingFaceStringError() {
        ProviderError e = decode(402, """
                {"error":"You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits."}""");
        assertThat(e.message()).startsWith("You have exceeded your monthly included credits");
        assertThat(e.code()).isEmpty();
        assertThat(e.type()).isEmpty();
    }

    @Test
    void decode_kiloLegacy_stringErrorWithSuccessFalse() {
        assertThat(decode(401, "{\"error\":\"Invalid token\",\"success\":false}"))
                .isEqualTo(new ProviderError("Invalid token", "", "", Optional.empty()));
    }

    @Test
    void decode_ollamaNative_stringError() {
        assertThat(decode(429, "{\"error\":\"you've reached your weekly usage limit, please wait or upgrade to continue\"}").message())
                .isEqualTo("you've reached your weekly usage limit, please wait or upgrade to continue");
    }

    @Test
    void decode_ollamaCompat_wrappedNotFound() {
        ProviderError e = decode(404, "{\"error\":{\"message\":\"model \\\"qwen9:999b\\\" not found\",\"type\":\"not_found_error\",\"param\":null,\"code\":null}}");
        assertThat(e.type()).isEqualTo("not_found_error");
        assertThat(e.message()).isEqualTo("model \"qwen9:999b\" not found");
    }

    @Test
    void decode_minimaxBaseResp_codeIsStatusCode() {
        ProviderError e = decode(200, "{\"base_resp\":{\"status_code\":1008,\"status_msg\":\"insufficient balance\"}}");
        assertThat(e).isEqualTo(new ProviderError("insufficient balance", "1008", "", Optional.empty()));
    }

    @Test
    void decode_minimaxCompat_codeFromParentheses() {
        ProviderError e = decode(400, """
                {"error":{"message":"invalid params, chat content has invalid message role: system (2013)","type":"bad_request_error","param":"","code":null}}""");
        assertThat(e.code()).isEqualTo("2013");
        assertThat(e.type()).isEqualTo("bad_request_error");
        assertThat(e.param()).isEmpty();
    }

    @Test
    void decode_minimaxAnthropicCompat_http500Billing() {
        ProviderError e = decode(500, """
                {"type":"error","error":{"type":"api_error","message":"insufficient balance (1008)"},"request_id":"0628b6c9"}""");
        assertThat(e).isEqualTo(new ProviderError("insufficient balance (1008)", "1008", "api_error", Optional.empty()));
    }

    // --- Non-JSON and empty bodies -----------------------------------------------------------

    @Test
    void decode_pollinationsPlainText_queueFull() {
        assertThat(decode(429, "Queue full\n")).isEqualTo(new ProviderError("Queue full", "", "", Optional.empty()));
    }

    @Test
    void decode_htmlFromProxy_isReducedToItsText() {
        ProviderError e = decode(502, """
                <!DOCTYPE html>
                <html><head><title>502 Bad Gateway</title><style>body{color:red}</style><script>var x = 1;</script></head>
                <body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare &amp; friends</center></body></html>
                """);
        assertThat(e.message()).isEqualTo("502 Bad Gateway 502 Bad Gateway cloudflare & friends");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void decode_longPlainText_isCutTo500Chars() {
        String body = "  " + "x".repeat(2_000) + "  ";
        assertThat(decode(500, body).message()).hasSize(ErrorDecoder.MAX_RAW).matches("x+");
    }

    @Test
    void decode_longText_doesNotSplitSurrogatePair() {
        String body = "x".repeat(ErrorDecoder.MAX_RAW - 1) + "😀" + "tail";
        String message = decode(500, body).message();
        assertThat(message).hasSize(ErrorDecoder.MAX_RAW - 1);
        assertThat(Character.isHighSurrogate(message.charAt(message.length() - 1))).isFalse();
    }

    @Test
    void decode_kiloTruncatedJsonAfter600s_rawText() {
        String body = "{\"id\":\"gen-1\",\"choices\":[{\"message\":{\"content\":\"Hello wor";
        assertThat(decode(200, body).message()).isEqualTo(body);
    }

    @Test
    void decode_unknownJsonObject_rawText() {
        assertThat(decode(500, "{\"foo\":\"bar\"}").message()).isEqualTo("{\"foo\":\"bar\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\n", "\uFEFF", "data:", "data:   "})
    void decode_emptyBody_httpStatus(String body) {
        assertThat(decode(503, body)).isEqualTo(new ProviderError("HTTP 503", "", "", Optional.empty()));
    }

    @Test
    void decode_nullBody_httpStatus() {
        assertThat(ErrorDecoder.decode(429, (byte[]) null).message()).isEqualTo("HTTP 429");
        assertThat(ErrorDecoder.decode(429, (String) null).message()).isEqualTo("HTTP 429");
    }

    @Test
    void decode_emptyMessageFields_fallBackToBody() {
        String body = "{\"error\":{\"message\":\"\",\"type\":\"server_error\"}}";
        ProviderError e = decode(500, body);
        assertThat(e.message()).isEqualTo(body);
        assertThat(e.type()).isEqualTo("server_error");
    }

    static Stream<String> garbage() {
        Random random = new Random(42);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        return Stream.of(
                new String(noise, StandardCharsets.ISO_8859_1),
                "null", "true", "42", "1e999999", "[]", "[1,2,3]", "{}", "[[[[", "{\"error\":", "{\"error\":null}",
                "{\"error\":[1,2]}", "{\"error\":{\"message\":{\"message\":{\"message\":{}}}}}", "{\"message\":[]}",
                "{\"detail\":[{\"loc\":null,\"msg\":null}]}", "{\"errors\":\"nope\"}", "{\"base_resp\":\"x\"}",
                "{\"error\":{\"metadata\":{\"raw\":\"\"}}}", "{\"error\":{\"metadata\":{\"raw\":null}}}",
                "{\"error\":{\"metadata\":{\"raw\":\"{\\\"error\\\":{\\\"metadata\\\":{\\\"raw\\\":\\\"deep\\\"}}}\"}}}",
                "[".repeat(100_000), "{\"a\":".repeat(50_000), "<", "<>", "<html>", "\u0000\u0001\u0002",
                "data: data: data:", "\"unterminated", "{\"error\":{\"code\":1e400}}", "{\"error\":{\"code\":1e999999999,\"message\":\"m\"}}", "{\"error\":{\"code\":1.50}}");
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void decode_garbage_neverThrowsAndMessageNeverEmpty(String body) {
        ProviderError e = ErrorDecoder.decode(500, body);
        assertThat(e.message()).isNotBlank().hasSizeLessThanOrEqualTo(20_000);
        assertThat(ErrorDecoder.decode(500, body.getBytes(StandardCharsets.UTF_8)).message()).isNotBlank();
    }

    @Test
    void decode_invalidUtf8Bytes_neverThrows() {
        byte[] body = {(byte) 0xC3, (byte) 0x28, (byte) 0xA0, (byte) 0xA1, '{', (byte) 0xFF};
        assertThat(ErrorDecoder.decode(500, body).message()).isNotBlank();
    }

    @Test
    void decode_decimalCode_plainText() {
        assertThat(decode(500, "{\"error\":{\"code\":1.50,\"message\":\"m\"}}").code()).isEqualTo("1.5");
    }
}
