package dev.tollfree.core.adapter;

import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.CAP_MAX_TOKENS;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.DEFAULT_MAX_TOKENS;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.DROP_EMPTY_ASSISTANT_TURNS;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.DROP_MESSAGE_NAMES;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.EFFORT_LOW_TO_HIGH;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.EFFORT_NONE_OR_HIGH;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.EFFORT_NONE_TO_HIGH;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.EMPTY_TOOL_TURN_CONTENT;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.MAX_TOKENS_FIELD;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.NAME_ONLY_ON_TOOL_MESSAGES;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.STRING_CONTENT;
import static dev.tollfree.core.adapter.ProviderDescriptor.Tweak.TOOLS_OVER_RESPONSE_FORMAT;

import dev.tollfree.core.adapter.ProviderDescriptor.ToolChoice;
import dev.tollfree.core.adapter.ProviderDescriptor.ToolIds;
import dev.tollfree.core.adapter.ProviderDescriptor.ToolPolicy;
import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-provider differences of the OpenAI-compatible family, by catalog provider id. Every
 * entry cites the provider notes (shared/providers/&lt;provider&gt;.md); operators read the same
 * facts in docs/providers/README.md. Custom providers get plain OpenAI.
 */
public final class Descriptors {
    private Descriptors() {}

    private static final ProviderDescriptor MISTRAL = ProviderDescriptor.builder()
            // mistral.md: unknown or null fields → 422, so only fields of its schema go out; 9-char tool ids
            .allowOnly("model", "messages", "temperature", "top_p", "max_tokens", "stream", "stop", "random_seed",
                    "response_format", "tools", "tool_choice", "presence_penalty", "frequency_penalty", "n",
                    "prediction", "parallel_tool_calls", "safe_prompt", "prompt_mode")
            .rename("seed", "random_seed").dropNulls()
            .messageFields("role", "content", "name", "tool_calls", "tool_call_id", "prefix")
            .tweak(MAX_TOKENS_FIELD, NAME_ONLY_ON_TOOL_MESSAGES, DROP_EMPTY_ASSISTANT_TURNS)
            .tools(new ToolPolicy(ToolIds.NINE_ALPHANUMERIC, ToolChoice.ANY_FOR_REQUIRED, false, false,
                    Set.of("$id", "$schema", "additionalProperties"), true))
            .replay(ReasoningReplay.STRIP).noStreamUsage().build();

    private static final ProviderDescriptor ZHIPU = zhipu("zai");
    private static final ProviderDescriptor ZAI = zhipu("zhipu");

    private static final Map<String, ProviderDescriptor> BY_ID = Map.ofEntries(
            // Gemini's OpenAI-compatible surface lives under /openai and takes a Bearer key.
            Map.entry("gemini", ProviderDescriptor.builder().paths("/openai/chat/completions", "/openai/models")
                    .auth(AuthStyle.BEARER).build()),
            // groq.md: logprobs/logit_bias/top_logprobs/messages[].name → 400 (a strict message schema, so replayed
            // reasoning is stripped too, inferred); request counters are per day.
            Map.entry("groq", ProviderDescriptor.builder().drop("logprobs", "logit_bias", "top_logprobs")
                    .tweak(DROP_MESSAGE_NAMES).replay(ReasoningReplay.STRIP).requestWindow(Window.DAY).build()),
            // cerebras.md: tools and response_format cannot be combined; replayed reasoning stripped (inferred, ⚠).
            Map.entry("cerebras", ProviderDescriptor.builder().tweak(TOOLS_OVER_RESPONSE_FORMAT)
                    .replay(ReasoningReplay.STRIP).build()),
            // sambanova.md: GET /models answers without auth.
            Map.entry("sambanova", ProviderDescriptor.builder().keyCheck(publicList(
                    "SambaNova's model list answers without a key, so it cannot prove the key works")).build()),
            // nvidia-nim.md: several models 400 on parallel tool calls; some reject null/unknown optionals.
            Map.entry("nvidia", ProviderDescriptor.builder().dropNulls()
                    .tools(new ToolPolicy(ToolIds.AS_SENT, ToolChoice.AS_SENT, true, false, Set.of(), false)).build()),
            Map.entry("mistral", MISTRAL),
            Map.entry("codestral", MISTRAL),
            // openrouter.md: ":free" ids; /models is public, /key checks the key.
            Map.entry("openrouter", ProviderDescriptor.builder().freeSuffix(":free")
                    .keyCheck(new KeyCheck.KeyEndpoint("/key")).build()),
            // github-models.md: catalog is a bare array at /catalog/models; non-OpenAI knobs → 400; 4K output cap.
            Map.entry("github", ProviderDescriptor.builder().paths("/chat/completions", "../catalog/models")
                    .drop("top_k", "min_p", "repetition_penalty").tweak(CAP_MAX_TOKENS, EFFORT_LOW_TO_HIGH)
                    .replay(ReasoningReplay.STRIP).keyCheck(new KeyCheck.ModelList(true)).build()),
            // huggingface.md: model:provider suffixes pass through; /v1/models works without a token.
            Map.entry("huggingface", ProviderDescriptor.builder().replay(ReasoningReplay.STRIP).keyCheck(publicList(
                    "Hugging Face's model list answers without a token, so it cannot prove the token works")).build()),
            // cohere.md, Compatibility API: reduced parameter set, strict tool-schema validator.
            Map.entry("cohere", ProviderDescriptor.builder()
                    .drop("store", "metadata", "service_tier", "logit_bias", "logprobs", "top_logprobs", "n", "modalities",
                            "prediction", "audio", "parallel_tool_calls", "user", "stream_options")
                    .dropNulls().tweak(STRING_CONTENT, EFFORT_NONE_OR_HIGH)
                    .tools(new ToolPolicy(ToolIds.AS_SENT, ToolChoice.AS_SENT, false, false,
                            Set.of("additionalProperties", "$schema"), false))
                    .replay(ReasoningReplay.STRIP).noStreamUsage().build()),
            // cloudflare-workers-ai.md: string content only, null tool-turn content rejected, tiny default
            // max_tokens, v4 error envelope with numeric codes, /ai/models/search, token verify routes.
            Map.entry("cloudflare", ProviderDescriptor.builder()
                    .paths("/chat/completions", "../models/search?task=Text%20Generation&per_page=100").modelIdField("name")
                    .drop("store", "metadata", "service_tier", "min_p", "logit_bias", "logprobs", "top_logprobs", "reasoning_effort")
                    .dropNulls().tweak(STRING_CONTENT, EMPTY_TOOL_TURN_CONTENT, MAX_TOKENS_FIELD, DEFAULT_MAX_TOKENS)
                    .replay(ReasoningReplay.STRIP).noStreamUsage().errorNamespace("cloudflare")
                    .keyCheck(new KeyCheck.TokenVerify(List.of("../../tokens/verify", "../../../../user/tokens/verify")))
                    .build()),
            Map.entry("zhipu", ZHIPU),
            Map.entry("zai", ZAI),
            // ollama-cloud.md: reasoning_effort high|medium|low|none only; assistant `reasoning` is read back.
            Map.entry("ollama", ProviderDescriptor.builder().tweak(EFFORT_NONE_TO_HIGH)
                    .replay(ReasoningReplay.AS_REASONING).build()),
            // ovh-ai-endpoints.md: free access is anonymous; a key is never sent.
            Map.entry("ovh", ProviderDescriptor.builder().keyCheck(new KeyCheck.NotApplicable(
                    "OVHcloud's free access is anonymous; Tollfree never sends a key there")).build()),
            // pollinations.md: /v1/models answers 200 even for a revoked key.
            Map.entry("pollinations", ProviderDescriptor.builder().keyCheck(publicList(
                    "Pollinations' model list is public and answers 200 even for a revoked key, so it cannot prove the key works")).build()),
            // llm7.md: works with or without a key.
            Map.entry("llm7", ProviderDescriptor.builder().keyCheck(publicList(
                    "LLM7 answers without a key too, so its model list cannot prove the key works")).build()),
            // kilo-gateway.md: ":free" ids; response_format → 400 on the free relay; "safe"/"unsafe" leak; keyless /models.
            Map.entry("kilo", ProviderDescriptor.builder().drop("store", "metadata", "service_tier", "response_format")
                    .freeSuffix(":free").verdictLeak().keyCheck(publicList(
                            "Kilo's model list answers without a key, so it cannot prove the key works")).build()));

    /** The descriptor for a provider; custom providers and unknown ids get plain OpenAI. */
    public static ProviderDescriptor of(ProviderSpec provider) {
        if (provider.custom()) {
            return ProviderDescriptor.OPENAI;
        }
        return BY_ID.getOrDefault(provider.id(), ProviderDescriptor.OPENAI);
    }

    /** Catalog provider ids with their own descriptor. */
    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    /** zhipu-zai.md: tool_choice auto only, tool_stream, no stream_options, digit-string business codes, keys per host. */
    private static ProviderDescriptor zhipu(String sibling) {
        return ProviderDescriptor.builder()
                .drop("frequency_penalty", "presence_penalty", "thinking_budget")
                .tweak(MAX_TOKENS_FIELD, DROP_MESSAGE_NAMES)
                .tools(new ToolPolicy(ToolIds.AS_SENT, ToolChoice.AUTO_ONLY, false, true, Set.of(), true))
                .noStreamUsage().errorNamespace("zhipu").keyCheck(new KeyCheck.SiblingHost(sibling)).build();
    }

    private static KeyCheck publicList(String why) {
        return new KeyCheck.PublicModelList(why);
    }
}
