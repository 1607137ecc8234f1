package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The checks on a request's {@code Host} header (RFC 9112 section 3.2, RFC 3986 section 3.2.2):
 * exactly one, not empty, a registered name, an IPv4 address or a bracketed IP literal, and an
 * optional decimal port. The web server's own check matches every IPv4 host against a regular
 * expression on every request; this one walks the characters once, and answers a bad header in
 * the OpenAI error shape and closes the connection, as the server did.
 */
final class HostHeader {
    private static final boolean[] REG_NAME = new boolean[128];
    private static final boolean[] IP_LITERAL = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) { // unreserved and sub-delims
            REG_NAME[c] = true;
        }
        System.arraycopy(REG_NAME, 0, IP_LITERAL, 0, 128);
        IP_LITERAL[':'] = true; // IPv6 and IPvFuture: unreserved, sub-delims and ':'
    }

    private HostHeader() {}

    /**
     * True when the request's Host header is fine; otherwise answers 400 and ends the connection
     * (the caller stops there).
     */
    static boolean check(ServerRequest req, ServerResponse res) {
        String problem = problem(req.headers().all(HeaderNames.HOST, List::of));
        if (problem == null) {
            return true;
        }
        res.header(HeaderValues.CONNECTION_CLOSE);
        Responses.error(res, ApiError.invalidRequest(null, "Invalid Host header: " + problem + "."), Map.of());
        throw new CloseConnectionException("invalid Host header");
    }

    /** What is wrong with these Host header values, or null when they are one valid value. */
    static String problem(List<String> values) {
        if (values.isEmpty()) {
            return "a request must carry one";
        }
        if (values.size() > 1) {
            return "a request may carry only one";
        }
        String v = values.getFirst();
        if (v.isEmpty()) {
            return "it is empty";
        }
        int portFrom;
        if (v.charAt(0) == '[') {
            int close = v.indexOf(']');
            if (close < 2 || !all(v, 1, close, IP_LITERAL)) {
                return "an IP literal must be hexadecimal digits, dots and colons in square brackets";
            }
            if (close == v.length() - 1) {
                return null;
            }
            if (v.charAt(close + 1) != ':') {
                return "only a port may follow an IP literal";
            }
            portFrom = close + 2;
        } else {
            int colon = v.lastIndexOf(':');
            int hostEnd = colon < 0 ? v.length() : colon;
            if (hostEnd == 0 || !regName(v, hostEnd)) {
                return "the host must be a name or an address";
            }
            if (colon < 0) {
                return null;
            }
            portFrom = colon + 1;
        }
        return port(v, portFrom) ? null : "the port must be a number from 0 to 65535";
    }

    private static boolean regName(String v, int end) {
        for (int i = 0; i < end; i++) {
            char c = v.charAt(i);
            if (c == '%') {
                if (i + 2 >= end || !HexFormat.isHexDigit(v.charAt(i + 1)) || !HexFormat.isHexDigit(v.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !REG_NAME[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(String v, int from, int to, boolean[] allowed) {
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean port(String v, int from) {
        int digits = v.length() - from;
        if (digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65_535;
    }
}
