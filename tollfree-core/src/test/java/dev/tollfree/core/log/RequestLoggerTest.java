package dev.tollfree.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class RequestLoggerTest {

    /** Counts what it is given; optionally blocks inside append until released. */
    static final class CountingStore implements RequestLogStore {
        final List<List<RequestRecord>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        /** One permit per record stored. */
        final java.util.concurrent.Semaphore stored = new java.util.concurrent.Semaphore(0);
        final CountDownLatch release;
        volatile boolean failing;

        CountingStore(boolean blockFirstAppend) {
            this.release = new CountDownLatch(blockFirstAppend ? 1 : 0);
        }

        @Override
        public void append(List<RequestRecord> batch) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                failing = false;
                throw new IllegalStateException("disk full");
            }
            batches.add(List.copyOf(batch));
            stored.release(batch.size());
        }

        int records() {
            synchronized (batches) {
                return batches.stream().mapToInt(List::size).sum();
            }
        }

        List<String> ids() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).map(RequestRecord::requestId).toList();
            }
        }

        @Override
        public List<RequestRecord> recent(int limit) {
            return List.of();
        }

        @Override
        public long count() {
            return records();
        }

        @Override
        public long prune(Instant before) {
            return 0;
        }
    }

    private static RequestRecord record(int i) {
        return new RequestRecord("req-" + i, Instant.EPOCH.plusSeconds(i), 0, "auto", false, 200, "ok", "", "groq", "m",
                5, 3, 10, 2, false, List.of());
    }

    @Test
    void close_drainsEverythingQueuedInOrder() {
        CountingStore store = new CountingStore(false);
        RequestLogger logger = new RequestLogger(store, 10_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(logger.log(record(i))).isTrue();
        }
        logger.close();

        assertThat(store.records()).isEqualTo(1_000);
        assertThat(logger.written()).isEqualTo(1_000);
        assertThat(logger.dropped()).isZero();
        assertThat(store.ids()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "req-" + i).toList());
    }

    @Test
    void log_whileWriterIsBusy_recordsAreWrittenInBatches() throws InterruptedException {
        CountingStore store = new CountingStore(true);
        RequestLogger logger = new RequestLogger(store, 10_000);
        logger.log(record(0));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 600; i++) {
            logger.log(record(i));
        }
        store.release.countDown();
        logger.close();

        assertThat(store.records()).isEqualTo(601);
        assertThat(store.batches.size()).as("600 queued records need at most a few appends").isLessThanOrEqualTo(4);
        assertThat(store.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(256));
    }

    @Test
    void recordsArrivingOneByOne_shareTransactions() throws InterruptedException {
        CountingStore store = new CountingStore(false);
        RequestLogger logger = new RequestLogger(store, 10_000);
        for (int i = 0; i < 20; i++) {
            logger.log(record(i));
            // the arrival pattern under test (about 1,000 requests a second); a longer pause on a
            // busy machine only makes batches larger, never more numerous
            Thread.sleep(1);
        }
        assertThat(store.stored.tryAcquire(20, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.batches.size()).as("the writer waits for company instead of committing each record").isLessThan(10);
        logger.close();
    }

    @Test
    void log_fullQueue_dropsAndCountsWithoutBlocking() throws InterruptedException {
        CountingStore store = new CountingStore(true);
        RequestLogger logger = new RequestLogger(store, 5);
        assertThat(logger.log(record(0))).isTrue();
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).as("writer holds record 0 inside append").isTrue();

        List<Boolean> accepted = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            accepted.add(logger.log(record(i)));
        }
        assertThat(accepted).containsExactly(true, true, true, true, true, false, false, false);
        assertThat(logger.dropped()).isEqualTo(3);

        store.release.countDown();
        logger.close();
        assertThat(store.ids()).containsExactly("req-0", "req-1", "req-2", "req-3", "req-4", "req-5");
        assertThat(logger.written()).isEqualTo(6);
    }

    @Test
    void log_afterClose_isDroppedAndCounted() {
        CountingStore store = new CountingStore(false);
        RequestLogger logger = new RequestLogger(store, 10);
        logger.close();
        assertThat(logger.log(record(1))).isFalse();
        assertThat(logger.dropped()).isEqualTo(1);
        assertThat(store.records()).isZero();
    }

    @Test
    void storeFailure_isCountedAndLaterBatchesAreStillWritten() throws InterruptedException {
        CountingStore store = new CountingStore(true);
        store.failing = true;
        RequestLogger logger = new RequestLogger(store, 100);
        logger.log(record(0));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        logger.log(record(1)); // queued behind the batch that is about to fail
        store.release.countDown();
        logger.close();

        assertThat(logger.failed()).isEqualTo(1);
        assertThat(logger.written()).isEqualTo(1);
        assertThat(store.ids()).containsExactly("req-1");
    }
}
