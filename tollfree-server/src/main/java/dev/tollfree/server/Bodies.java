package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.api.BoundedReads;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies under a size limit, answering 413 before reading more than the limit. */
final class Bodies {
    private Bodies() {}

    static byte[] read(ServerRequest req, long limit) {
        long declared = req.headers().first(HeaderNames.CONTENT_LENGTH).map(Bodies::parseLong).orElse(-1L);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = BoundedReads.readAll(in, declared, (int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(ApiError.tooLarge("The request body is larger than the " + limit + "-byte limit of this gateway (server.max_body_size)."));
    }
}
