package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Decides, from the token stream alone, whether a whole OpenAI chat completion can be sent on as
 * the bytes the provider sent, and reads its usage on the way: an answer that normalisation would
 * leave as it is and that is no failure in disguise. Anything else, including anything this scan
 * does not recognise, goes the way of the full tree ({@link Normalizer}), which also names what is
 * wrong with a failing answer.
 *
 * <p>An answer passes when it is one JSON object with no {@code error} or {@code base_resp}; its
 * {@code choices} are a non-empty array of objects, none with an {@code error} or a
 * {@code finish_reason} that reports one; the first has a {@code message} object that carries
 * something (content, reasoning, tool calls, a refusal); no message holds a dialect field that
 * normalisation rewrites ({@code reasoning}, {@code reasoning_details}, {@code content_blocks},
 * array content) or content that begins with a tag (a think block); and its {@code usage}, if
 * any, has whole-number token counts. A key that the decision reads and that appears twice in
 * one object needs the tree too (the tree keeps the last one).
 */
public final class CompletionScan {
    private CompletionScan() {}

    /** The answer's usage when its bytes can be sent on as they are, or null when it needs its tree. */
    public static Usage passThrough(byte[] json) {
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Usage usage = Usage.NONE;
            boolean choices = false;
            boolean usageSeen = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "choices" -> {
                        if (choices || value != JsonToken.START_ARRAY || !choices(p)) {
                            return null;
                        }
                        choices = true;
                    }
                    case "usage" -> {
                        if (usageSeen) {
                            return null;
                        }
                        usageSeen = true;
                        if (value == JsonToken.START_OBJECT) {
                            usage = usage(p);
                            if (usage == null) {
                                return null;
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "error", "base_resp" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            // one object and nothing after it; a second value or trailing bytes are the tree's to judge
            boolean whole = p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
            return whole && choices ? usage : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** True when every choice passes and the first one has a message with something in it. */
    private static boolean choices(JsonParser p) {
        boolean first = true;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            boolean message = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "message" -> {
                        if (message || value != JsonToken.START_OBJECT) {
                            return false;
                        }
                        int m = message(p);
                        if (m < 0 || (first && m == 0)) {
                            return false;
                        }
                        message = true;
                    }
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            return false;
                        }
                    }
                    case "finish_reason" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            switch (p.getString()) {
                                case "error", "sensitive", "network_error" -> {
                                    return false;
                                }
                                default -> { }
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            return false;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (first && !message) {
                return false;
            }
            first = false;
        }
        return t == JsonToken.END_ARRAY && !first;
    }

    /** 1 when the message passes and carries something, 0 when it passes empty, -1 when it needs the tree. */
    private static int message(JsonParser p) {
        boolean payload = false;
        int seen = 0;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "content" -> 1;
                case "reasoning_content" -> 2;
                case "tool_calls" -> 4;
                case "refusal" -> 8;
                case "function_call" -> 16;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                return -1;
            }
            seen |= bit;
            switch (name) {
                case "content" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        if (startsWithTag(p)) {
                            return -1; // possibly a think block, which the tree moves into reasoning
                        }
                        payload |= p.getStringLength() > 0;
                    } else if (value != JsonToken.VALUE_NULL) {
                        return -1; // typed content parts are rewritten to a string
                    }
                }
                case "reasoning_content", "refusal" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        payload |= p.getStringLength() > 0;
                    } else if (value != JsonToken.VALUE_NULL) {
                        return -1;
                    }
                }
                case "tool_calls" -> {
                    if (value == JsonToken.START_ARRAY) {
                        payload |= p.nextToken() != JsonToken.END_ARRAY;
                        if (p.currentToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            skipRestOfArray(p);
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        return -1;
                    }
                }
                case "function_call" -> {
                    if (value == JsonToken.START_OBJECT) {
                        payload = true;
                        p.skipChildren();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return -1;
                    }
                }
                case "reasoning", "reasoning_details", "content_blocks" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        return -1;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return payload ? 1 : 0;
    }

    /** Whether the current string's first character after leading whitespace is {@code <}, read without making a String. */
    private static boolean startsWithTag(JsonParser p) {
        char[] chars = p.getStringCharacters();
        int end = p.getStringOffset() + p.getStringLength();
        for (int i = p.getStringOffset(); i < end; i++) {
            char c = chars[i];
            if (!Character.isWhitespace(c)) {
                return c == '<';
            }
        }
        return false;
    }

    /** After the first element of an array has been skipped: skips to the array's end. */
    private static void skipRestOfArray(JsonParser p) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            p.skipChildren();
        }
    }

    /** The token counts, or null when they are not whole numbers or appear twice. */
    private static Usage usage(JsonParser p) {
        long prompt = 0;
        long completion = 0;
        boolean promptSeen = false;
        boolean completionSeen = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "prompt_tokens", "completion_tokens" -> {
                    boolean isPrompt = name.equals("prompt_tokens");
                    if (isPrompt ? promptSeen : completionSeen) {
                        return null;
                    }
                    long n;
                    if (value == JsonToken.VALUE_NULL) {
                        n = 0;
                    } else if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        n = p.getLongValue();
                    } else {
                        return null;
                    }
                    if (isPrompt) {
                        prompt = n;
                        promptSeen = true;
                    } else {
                        completion = n;
                        completionSeen = true;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, false);
    }
}
