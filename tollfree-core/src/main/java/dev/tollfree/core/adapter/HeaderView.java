package dev.tollfree.core.adapter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Case-insensitive read-only response headers. */
public final class HeaderView {
    public static final HeaderView EMPTY = new HeaderView(Map.of());
    private final TreeMap<String, List<String>> headers;

    /** The headers of a response, read without a copy when its client kept them case-insensitively already. */
    public static HeaderView of(java.net.http.HttpResponse<?> response) {
        return response instanceof Http1Response.Response r ? r.view() : new HeaderView(response.headers().map());
    }

    /** Takes {@code owned} as it is: a case-insensitive map of immutable lists that nobody changes afterwards. */
    static HeaderView adopt(TreeMap<String, List<String>> owned) {
        if (owned.comparator() != String.CASE_INSENSITIVE_ORDER) {
            throw new IllegalArgumentException("only a case-insensitive map can be adopted");
        }
        return new HeaderView(owned);
    }

    public HeaderView(Map<String, List<String>> raw) {
        this(copy(raw));
    }

    private HeaderView(TreeMap<String, List<String>> headers) {
        this.headers = headers;
    }

    private static TreeMap<String, List<String>> copy(Map<String, List<String>> raw) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        raw.forEach((k, v) -> {
            if (k != null) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }

    public static HeaderView of(String... pairs) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return new HeaderView(m);
    }

    public Optional<String> first(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** Whether some header name contains one of {@code fragments} (lower case), ignoring case. */
    public boolean anyNameContains(String... fragments) {
        for (String name : headers.keySet()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            for (String f : fragments) {
                if (lower.contains(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    public Map<String, List<String>> asMap() {
        return java.util.Collections.unmodifiableMap(headers);
    }
}
