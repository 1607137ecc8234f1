package dev.tollfree.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable fake LLM provider on a real socket: HTTP/1.1 with keep-alive, JSON and SSE bodies,
 * and a menu of faults (see {@link Script}). One virtual thread per connection.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *     upstream.enqueue(Script.chatCompletion("m", "hello"));
 *     // ... point the code under test at upstream.baseUrl() ...
 *     assertThat(upstream.takeRequest(Duration.ofSeconds(5)).path()).isEqualTo("/v1/chat/completions");
 * }
 * }</pre>
 *
 * <p>Each request gets, in this order of precedence: the {@link #handler} if one is set, else the
 * next {@link #enqueue queued} script, else the {@link #setDefault default}.
 */
public final class FakeUpstream implements AutoCloseable {
    private static final Script NO_SCRIPT = Script.json(500, "{\"error\":{\"message\":\"no script\"}}");
    private static final Duration JOIN_BUDGET = Duration.ofSeconds(2);

    private final ServerSocket server;
    private final Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<Connection, Thread> connections = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ConcurrentLinkedQueue<Script> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new ArrayList<>(); // guarded by itself
    private final LinkedBlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    private volatile Script defaultScript = NO_SCRIPT;
    private volatile Function<RecordedRequest, Script> handler;
    private final java.util.Map<String, Script> byPath = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeUpstream(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("fake-upstream-accept-" + server.getLocalPort()).unstarted(this::acceptLoop);
    }

    /** Starts a fake listening on 127.0.0.1 on a free port. */
    public static FakeUpstream start() {
        try {
            ServerSocket server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
            FakeUpstream fake = new FakeUpstream(server);
            fake.acceptor.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("fake upstream could not bind 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@link #baseUrl()} followed by {@code path}, e.g. {@code url("/v1")}. */
    public String url(String path) {
        return baseUrl() + (path.startsWith("/") ? path : "/" + path);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next request without a handler gets this script (first in, first out). */
    public FakeUpstream enqueue(Script script) {
        queue.add(Objects.requireNonNull(script, "script"));
        return this;
    }

    /** Answers requests when the queue is empty; at first a 500 {@code {"error":{"message":"no script"}}}. */
    public FakeUpstream setDefault(Script script) {
        defaultScript = Objects.requireNonNull(script, "script");
        return this;
    }

    /**
     * Answers every request from now on, ahead of the queue and the default. The function runs on
     * the connection's thread; if it throws, the client gets a 500 error envelope naming the exception.
     */
    public FakeUpstream handler(Function<RecordedRequest, Script> fn) {
        handler = Objects.requireNonNull(fn, "fn");
        return this;
    }

    /** Every request received so far, in arrival order; a snapshot. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public int requestCount() {
        synchronized (recorded) {
            return recorded.size();
        }
    }

    /**
     * Answers every request whose path ends with {@code pathSuffix} with {@code script}, ahead of
     * the queue (e.g. a model list for key validation calls while chat calls take queued scripts).
     */
    public FakeUpstream on(String pathSuffix, Script script) {
        byPath.put(Objects.requireNonNull(pathSuffix, "pathSuffix"), Objects.requireNonNull(script, "script"));
        return this;
    }

    /** Requests whose path ends with {@code pathSuffix}, in order. */
    public List<RecordedRequest> requests(String pathSuffix) {
        return requests().stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    /** Scripts enqueued but not yet used. */
    public int queuedScripts() {
        return queue.size();
    }

    /** The oldest request not taken yet, waiting for it if needed; an {@link AssertionError} on timeout. */
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            RecordedRequest r = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("fake upstream received no request within " + timeout
                        + " (" + requestCount() + " received in all: " + requests() + ")");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a request", e);
        }
    }

    /** {@link #takeRequest(Duration)} with 5 seconds. */
    public RecordedRequest takeRequest() {
        return takeRequest(Duration.ofSeconds(5));
    }

    /** Connections accepted since start, open or not; tells keep-alive reuse from new connections. */
    public int connectionCount() {
        return accepted.get();
    }

    /** Connections open right now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Waits until exactly {@code expected} connections are open, e.g. 0 once a client gave up on a
     * stalled stream; an {@link AssertionError} on timeout.
     */
    public void awaitOpenConnections(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connections) {
            while (connections.size() != expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + expected + " open connections within " + timeout
                            + ", still " + connections.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(connections, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for connections", e);
                }
            }
        }
    }

    /** Stops listening, drops every connection (stalled and silent ones too) and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to do with a listener that fails to close
        }
        connections.forEach((connection, thread) -> {
            connection.closeQuietly();
            thread.interrupt();
        });
        long deadline = System.nanoTime() + JOIN_BUDGET.toNanos();
        join(acceptor, deadline);
        connections.values().forEach(t -> join(t, deadline));
    }

    @Override
    public String toString() {
        return "FakeUpstream[" + baseUrl() + ", " + requestCount() + " requests]";
    }

    private void acceptLoop() {
        while (!closing.get()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // the listener was closed
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(socket, host);
            Thread thread = Thread.ofVirtual().name("fake-upstream-" + port() + "-conn-" + accepted.get()).unstarted(connection);
            synchronized (connections) {
                connections.put(connection, thread);
                connections.notifyAll();
            }
            if (closing.get()) {
                connection.closeQuietly(); // close() may have missed it
                host.ended(connection);
                return;
            }
            thread.start();
        }
    }

    private final Connection.Host host = new Connection.Host() {
        @Override
        public Script dispatch(RecordedRequest request) {
            synchronized (recorded) {
                recorded.add(request);
            }
            untaken.add(request);
            return pick(request);
        }

        @Override
        public boolean isClosed() {
            return closing.get();
        }

        @Override
        public CountDownLatch closedSignal() {
            return closed;
        }

        @Override
        public void ended(Connection connection) {
            synchronized (connections) {
                connections.remove(connection);
                connections.notifyAll();
            }
        }
    };

    private Script pick(RecordedRequest request) {
        Function<RecordedRequest, Script> fn = handler;
        if (fn != null) {
            try {
                Script script = fn.apply(request);
                return script != null ? script : defaultScript;
            } catch (RuntimeException | AssertionError e) {
                return Script.error(500, "fake upstream handler threw " + e, "fake_upstream_error", null);
            }
        }
        for (var e : byPath.entrySet()) {
            if (request.path().endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        Script next = queue.poll();
        return next != null ? next : defaultScript;
    }

    private static void join(Thread thread, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            thread.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
