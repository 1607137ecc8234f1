package dev.tollfree.core.adapter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream HTTP request as an adapter builds it: method, URL, headers in the order given, and
 * the body bytes. {@link HttpTransport} sends it over a clear-text connection as it is, or turns it
 * into a {@link HttpRequest} for the TLS client. Parsed URLs are remembered (the same few per
 * provider come back on every call); a URL that does not parse fails the send, not the build.
 */
public final class HttpCall {
    private static final int MAX_REMEMBERED_URLS = 1024;
    private static final ConcurrentHashMap<String, Target> TARGETS = new ConcurrentHashMap<>();

    private final String method;
    private final String url;
    private final byte[] body;
    private final List<String> headers = new ArrayList<>(12); // name, value, name, value...
    private Duration timeout;

    private HttpCall(String method, String url, byte[] body) {
        this.method = method;
        this.url = url;
        this.body = body;
    }

    /** The array is handed over, not copied: the caller does not change it afterwards. */
    public static HttpCall post(String url, byte[] body) {
        return new HttpCall("POST", url, body);
    }

    public static HttpCall get(String url) {
        return new HttpCall("GET", url, new byte[0]);
    }

    public HttpCall header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** A whole-exchange time limit for the TLS client (small calls); clear-text exchanges end by the caller's deadline. */
    public HttpCall timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** The first value of a header, matched without regard to case, or null. */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    int headerCount() {
        return headers.size() / 2;
    }

    String headerName(int i) {
        return headers.get(2 * i);
    }

    String headerValue(int i) {
        return headers.get(2 * i + 1);
    }

    byte[] bodyBytes() {
        return body;
    }

    /** The parsed URL; {@link IllegalArgumentException} when it is not an absolute http(s) URL. */
    Target target() {
        Target t = TARGETS.get(url);
        if (t == null) {
            t = Target.parse(url);
            if (TARGETS.size() >= MAX_REMEMBERED_URLS) {
                TARGETS.clear(); // a provider with ever-new URLs: start over rather than grow
            }
            TARGETS.put(url, t);
        }
        return t;
    }

    HttpRequest toJdk() {
        Target t = target();
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri());
        if (!t.tls()) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        for (int i = 0; i < headers.size(); i += 2) {
            try {
                b.header(headers.get(i), headers.get(i + 1));
            } catch (IllegalArgumentException e) {
                // the JDK's own message quotes the value, which may be a key
                throw new IllegalArgumentException("header " + headers.get(i) + " is restricted or holds characters a header cannot carry");
            }
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        return method.equals("GET") ? b.GET().build() : b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * A parsed upstream URL.
     *
     * @param uri          the whole URL
     * @param tls          https
     * @param host         host name or address (brackets of an IPv6 literal removed)
     * @param port         the port, 80 or 443 when the URL names none
     * @param hostHeader   the {@code Host} header value
     * @param pathAndQuery what follows the authority, {@code /} at least
     * @param origin       the connection pool's key
     */
    record Target(URI uri, boolean tls, String host, int port, String hostHeader, String pathAndQuery, String origin) {
        static Target parse(String url) {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            boolean tls = scheme.equals("https");
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
            String hostHeader = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return new Target(uri, tls, host, port, hostHeader, pathAndQuery, host.toLowerCase(Locale.ROOT) + ":" + port);
        }
    }
}
