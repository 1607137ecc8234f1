package dev.tollfree.core.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A response body as a blocking {@link InputStream} whose {@link #close()} wakes a reader blocked
 * in {@link #read} at once, from any thread. The JDK's own stream does not, which would leave a
 * deadline unable to end a read from a stalled upstream. One list of buffers is requested at a
 * time, so a slow reader holds back a fast upstream instead of growing memory.
 */
final class StreamBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    static final HttpResponse.BodyHandler<InputStream> HANDLER = info -> new StreamBody();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean done;

    @Override
    public CompletionStage<InputStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        queue.offer(items);
    }

    @Override
    public void onError(Throwable t) {
        queue.offer(t);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    @Override
    public int read() throws IOException {
        return readOne(this);
    }

    /** {@link InputStream#read()} through the stream's array read, for bodies that only implement that. */
    static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n = in.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = next();
        if (buf == null) {
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    private ByteBuffer next() throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("closed");
            }
            if (current != null && current.hasRemaining()) {
                return current;
            }
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (done) {
                return null;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the upstream body");
            }
            if (item == CLOSED) {
                throw new IOException("closed");
            }
            if (item == END) {
                done = true;
                return null;
            }
            if (item instanceof Throwable t) {
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            buffers = list.iterator();
            current = null;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
    }

    /** Cancels the upstream body and wakes any blocked reader; idempotent, callable from any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.offer(CLOSED);
    }
}
