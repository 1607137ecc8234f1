package dev.tollfree.core.adapter;

import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one OpenAI-compatible provider differs from OpenAI: where to call, what its request schema
 * rejects, how its tools and reasoning must be replayed, which quirks its answers have and how its
 * keys are checked. Built per provider in {@link Descriptors}; the default is plain OpenAI.
 *
 * @param chatPath        path under the base URL for chat completions
 * @param modelsPath      path for the model list; {@code ../} climbs out of the base URL's path
 * @param authOverride    auth to use instead of the catalog's (Gemini's OpenAI endpoint takes Bearer)
 * @param params          top-level and message parameter policy
 * @param tools           tool-call id, choice and schema policy
 * @param reasoningReplay what happens to reasoning on earlier assistant turns
 * @param streamUsage     ask for {@code stream_options.include_usage} upstream
 * @param requestWindow   window of the plain {@code x-ratelimit-*-requests} counters (Groq: a day)
 * @param freeSuffix      free routes must carry this model-id suffix, or they are refused unsent
 * @param verdictLeak     a reply that is only "safe" or "unsafe" is a leaked filter verdict (Kilo)
 * @param modelIdField    field naming a model in the list ({@code id}; Cloudflare: {@code name})
 * @param errorNamespace  tag put in an error's empty {@code type} so business codes are read per provider
 * @param keyCheck        how keys are validated
 */
public record ProviderDescriptor(
        String chatPath,
        String modelsPath,
        Optional<AuthStyle> authOverride,
        Params params,
        ToolPolicy tools,
        ReasoningReplay reasoningReplay,
        boolean streamUsage,
        Window requestWindow,
        Optional<String> freeSuffix,
        boolean verdictLeak,
        String modelIdField,
        String errorNamespace,
        KeyCheck keyCheck) {

    /** Router ids that serve only free models although they lack the suffix. */
    private static final Set<String> FREE_ROUTERS = Set.of("openrouter/free");

    public static final ProviderDescriptor OPENAI = builder().build();

    /** One-off request changes a provider needs; each is implemented once in {@link RequestRewriter}. */
    public enum Tweak {
        /** Text-only content arrays become strings (Cloudflare, Cohere compat). */
        STRING_CONTENT,
        /** {@code content: null} on assistant tool-call turns becomes {@code ""} (Cloudflare). */
        EMPTY_TOOL_TURN_CONTENT,
        /** {@code name} is kept only on tool messages (Mistral). */
        NAME_ONLY_ON_TOOL_MESSAGES,
        /** {@code name} is removed from every message (Groq, Zhipu). */
        DROP_MESSAGE_NAMES,
        /** Assistant turns with neither content nor tool calls are removed (Mistral). */
        DROP_EMPTY_ASSISTANT_TURNS,
        /** {@code max_completion_tokens} is sent as {@code max_tokens} (Mistral, Zhipu). */
        MAX_TOKENS_FIELD,
        /** Output-token requests are capped at the model's {@code max_output} (GitHub per-request caps). */
        CAP_MAX_TOKENS,
        /** An explicit {@code max_tokens} when the caller sets none; the server default is tiny (Cloudflare). */
        DEFAULT_MAX_TOKENS,
        /** {@code reasoning_effort} is {@code none} or {@code high} only (Cohere compat). */
        EFFORT_NONE_OR_HIGH,
        /** {@code reasoning_effort} is {@code low|medium|high} only (GitHub / Azure). */
        EFFORT_LOW_TO_HIGH,
        /** {@code reasoning_effort} is {@code none|low|medium|high} only (Ollama). */
        EFFORT_NONE_TO_HIGH,
        /** {@code tools} and {@code response_format} cannot be combined: tools win (Cerebras). */
        TOOLS_OVER_RESPONSE_FORMAT
    }

    /**
     * @param drop          top-level fields removed
     * @param allowOnly     when not empty, only these top-level fields are sent (strict schemas)
     * @param rename        top-level fields renamed (Mistral {@code seed → random_seed})
     * @param dropNulls     remove top-level fields whose value is null
     * @param messageFields when not empty, only these fields are kept on each message
     * @param tweaks        one-off changes
     */
    public record Params(Set<String> drop, Set<String> allowOnly, Map<String, String> rename, boolean dropNulls,
                         Set<String> messageFields, Set<Tweak> tweaks) {
        public Params {
            drop = Set.copyOf(drop);
            allowOnly = Set.copyOf(allowOnly);
            rename = Map.copyOf(rename);
            messageFields = Set.copyOf(messageFields);
            tweaks = tweaks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tweaks));
        }

        public boolean has(Tweak t) {
            return tweaks.contains(t);
        }
    }

    /** Tool-call id format a provider accepts. */
    public enum ToolIds { AS_SENT, NINE_ALPHANUMERIC }

    /** {@code tool_choice} values a provider accepts. */
    public enum ToolChoice {
        AS_SENT,
        /** {@code required} → {@code any}; a named function → {@code any} with only that tool (Mistral). */
        ANY_FOR_REQUIRED,
        /** Only {@code auto}: {@code none} removes the tools, a named function keeps only that tool (Zhipu). */
        AUTO_ONLY
    }

    /**
     * @param ids              tool-call id rewriting in replayed history
     * @param choice           {@code tool_choice} mapping
     * @param singleCall       send {@code parallel_tool_calls: false} with tools (NVIDIA models that reject parallel calls)
     * @param streamArguments  send {@code tool_stream: true} on streamed tool requests (Zhipu)
     * @param schemaKeysDropped keys removed anywhere inside tool parameter schemas
     * @param dropStrict       remove {@code function.strict}
     */
    public record ToolPolicy(ToolIds ids, ToolChoice choice, boolean singleCall, boolean streamArguments,
                             Set<String> schemaKeysDropped, boolean dropStrict) {
        public static final ToolPolicy OPENAI = new ToolPolicy(ToolIds.AS_SENT, ToolChoice.AS_SENT, false, false, Set.of(), false);

        public ToolPolicy {
            schemaKeysDropped = Set.copyOf(schemaKeysDropped);
        }
    }

    /** Why this route must not be sent: a free route whose id would be billed. Empty when it may go. */
    public Optional<String> paidRefusal(ModelSpec model) {
        if (freeSuffix.isEmpty() || !model.free() || model.id().endsWith(freeSuffix.get()) || FREE_ROUTERS.contains(model.id())) {
            return Optional.empty();
        }
        return Optional.of("model '" + model.id() + "' is listed as free but its id lacks '" + freeSuffix.get()
                + "', so this provider would bill it; Tollfree did not send the request. Use the '" + freeSuffix.get()
                + "' variant or mark the model as not free.");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a descriptor; every setter returns the builder. */
    public static final class Builder {
        private String chatPath = "/chat/completions";
        private String modelsPath = "/models";
        private AuthStyle auth;
        private final Set<String> drop = new HashSet<>();
        private final Set<String> allowOnly = new HashSet<>();
        private final Map<String, String> rename = new HashMap<>();
        private boolean dropNulls;
        private final Set<String> messageFields = new HashSet<>();
        private final Set<Tweak> tweaks = new HashSet<>();
        private ToolPolicy tools = ToolPolicy.OPENAI;
        private ReasoningReplay replay = ReasoningReplay.KEEP;
        private boolean streamUsage = true;
        private Window requestWindow = Window.UNKNOWN;
        private String freeSuffix;
        private boolean verdictLeak;
        private String modelIdField = "id";
        private String errorNamespace = "";
        private KeyCheck keyCheck = new KeyCheck.ModelList(false);

        private Builder() {}

        public Builder paths(String chat, String models) { chatPath = chat; modelsPath = models; return this; }
        public Builder auth(AuthStyle style) { auth = style; return this; }
        public Builder drop(String... fields) { drop.addAll(List.of(fields)); return this; }
        public Builder allowOnly(String... fields) { allowOnly.addAll(List.of(fields)); return this; }
        public Builder rename(String from, String to) { rename.put(from, to); return this; }
        public Builder dropNulls() { dropNulls = true; return this; }
        public Builder messageFields(String... fields) { messageFields.addAll(List.of(fields)); return this; }
        public Builder tweak(Tweak... t) { tweaks.addAll(List.of(t)); return this; }
        public Builder tools(ToolPolicy policy) { tools = policy; return this; }
        public Builder replay(ReasoningReplay r) { replay = r; return this; }
        public Builder noStreamUsage() { streamUsage = false; return this; }
        public Builder requestWindow(Window w) { requestWindow = w; return this; }
        public Builder freeSuffix(String suffix) { freeSuffix = suffix; return this; }
        public Builder verdictLeak() { verdictLeak = true; return this; }
        public Builder modelIdField(String field) { modelIdField = field; return this; }
        public Builder errorNamespace(String ns) { errorNamespace = ns; return this; }
        public Builder keyCheck(KeyCheck check) { keyCheck = check; return this; }

        public ProviderDescriptor build() {
            return new ProviderDescriptor(chatPath, modelsPath, Optional.ofNullable(auth),
                    new Params(drop, allowOnly, rename, dropNulls, messageFields, tweaks), tools, replay, streamUsage,
                    requestWindow, Optional.ofNullable(freeSuffix), verdictLeak, modelIdField, errorNamespace, keyCheck);
        }
    }
}
