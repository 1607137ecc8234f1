package dev.tollfree.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One request as the fake upstream received it.
 *
 * @param method  e.g. {@code POST}
 * @param path    the request target before {@code ?}, e.g. {@code /v1/chat/completions}
 * @param query   the raw text after {@code ?}, or {@code ""} when there is none
 * @param headers names as sent; lookups in this map ignore case; values in arrival order
 * @param body    the body after de-chunking; empty when there was none
 */
public record RecordedRequest(String method, String path, String query,
                              Map<String, List<String>> headers, byte[] body) {

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** The first value of a header, ignoring the case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; an {@link AssertionError} naming the body when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new AssertionError(method + " " + path + " has an empty body, expected JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw new AssertionError(method + " " + path + " body is not JSON: " + e.getOriginalMessage()
                    + "\nbody: " + bodyText(), e);
        }
    }

    /** {@code path?query}, or just the path. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedRequest r && method.equals(r.method) && path.equals(r.path)
                && query.equals(r.query) && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return method + " " + target() + " (" + body.length + " bytes)";
    }
}
