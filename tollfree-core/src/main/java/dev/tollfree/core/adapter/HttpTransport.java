package dev.tollfree.core.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Upstream HTTP: TLS providers on the JDK client (one shared connection pool, HTTP/2 where the
 * provider offers it), clear-text ({@code http://}) upstreams on {@link Http1Client}, which does
 * the whole exchange on the caller's virtual thread. Waiting for response headers is bounded by
 * the caller's deadline and ends the exchange when it passes.
 */
public final class HttpTransport implements AutoCloseable {
    private final HttpClient client;
    private final ExecutorService executor;
    private final Http1Client plain;
    private final Watchdog watchdog;

    public HttpTransport(Duration connectTimeout, Watchdog watchdog) {
        this(connectTimeout, watchdog, true);
    }

    /** {@code plainHttp1} false sends clear-text requests through the JDK client too (tests of that path). */
    HttpTransport(Duration connectTimeout, Watchdog watchdog, boolean plainHttp1) {
        this.plain = plainHttp1 ? new Http1Client(connectTimeout) : null;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.watchdog = watchdog;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    /** The outcome of waiting for response headers. */
    public sealed interface Exchange {
        record Response(HttpResponse<InputStream> response) implements Exchange {}

        record Failed(UpstreamError error) implements Exchange {}
    }

    /**
     * Sends and waits for the response headers. The deadline is kept by the {@link Watchdog} (on the
     * injected clock), which cancels the exchange when it passes.
     */
    public Exchange send(HttpCall call, Duration headerTimeout) {
        HttpRequest request;
        try {
            if (plain != null && !call.target().tls()) {
                return sendPlain(call, headerTimeout);
            }
            request = call.toJdk();
        } catch (IllegalArgumentException e) {
            return invalid(e);
        }
        // the deadline starts before the request leaves, so it cannot miss a clock that moves meanwhile
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<HttpResponse<InputStream>>> pending =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (Watchdog.Watch w = watchdog.watch(headerTimeout, () -> {
            CompletableFuture<HttpResponse<InputStream>> f = pending.get();
            if (f != null) {
                f.cancel(true);
            }
        })) {
            CompletableFuture<HttpResponse<InputStream>> future = client.sendAsync(request, StreamBody.HANDLER);
            pending.set(future);
            if (w.expired()) {
                future.cancel(true);
            }
            try {
                return new Exchange.Response(future.get());
            } catch (java.util.concurrent.CancellationException e) {
                return noResponseWithin(headerTimeout);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                return new Exchange.Failed(UpstreamError.transport(UpstreamError.Kind.CANCELLED, "interrupted"));
            } catch (ExecutionException e) {
                if (w.expired()) {
                    return noResponseWithin(headerTimeout);
                }
                return new Exchange.Failed(transportError(e.getCause()));
            }
        }
    }

    private Exchange sendPlain(HttpCall request, Duration headerTimeout) {
        Http1Client.Call call = new Http1Client.Call();
        try (Watchdog.Watch w = watchdog.watch(headerTimeout, call::abort)) {
            try {
                return new Exchange.Response(plain.send(request, call));
            } catch (IllegalArgumentException e) {
                return invalid(e);
            } catch (IOException | RuntimeException e) {
                if (w.expired()) {
                    return noResponseWithin(headerTimeout);
                }
                if (Thread.currentThread().isInterrupted() || e instanceof java.io.InterruptedIOException) {
                    return new Exchange.Failed(UpstreamError.transport(UpstreamError.Kind.CANCELLED, "interrupted"));
                }
                return new Exchange.Failed(transportError(e));
            }
        }
    }

    /** A base URL or header value the configuration got wrong: a failed attempt, not a crash (the message names a header, never its value). */
    private static Exchange invalid(IllegalArgumentException e) {
        return new Exchange.Failed(UpstreamError.transport(UpstreamError.Kind.CONNECT, "the upstream request is invalid: " + e.getMessage()));
    }

    private static Exchange noResponseWithin(Duration headerTimeout) {
        return new Exchange.Failed(UpstreamError.transport(UpstreamError.Kind.FIRST_BYTE_TIMEOUT,
                "no response within " + headerTimeout.toMillis() + " ms"));
    }

    static UpstreamError transportError(Throwable t) {
        String message = t == null ? "unknown transport failure" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                || t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.UnknownHostException
                || t instanceof java.net.NoRouteToHostException
                // a blocking connect that ran out of time (reads on upstream sockets have no timeout of their own)
                || t instanceof java.net.SocketTimeoutException) {
            return UpstreamError.transport(UpstreamError.Kind.CONNECT, message);
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return UpstreamError.transport(UpstreamError.Kind.FIRST_BYTE_TIMEOUT, message);
        }
        return UpstreamError.transport(UpstreamError.Kind.CONNECTION_LOST, message);
    }

    /** The response's Content-Length, or −1 when it has none (or one that is not a number). */
    public static long declaredLength(HttpResponse<?> response) {
        if (response instanceof Http1Response.Response r) {
            return r.declaredLength();
        }
        try {
            return response.headers().firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads at most {@code max} bytes of a body (error bodies), bounded by a deadline. */
    public byte[] readBounded(InputStream in, int max, Duration timeout) {
        try (in; Watchdog.Watch w = watchdog.watch(timeout, () -> closeQuietly(in))) {
            return in.readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        }
        client.shutdownNow();
        executor.shutdownNow();
    }
}
