package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedReadsTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** Hands out at most a few bytes a read, as a socket does. */
    private static InputStream trickle(byte[] data) {
        ByteArrayInputStream all = new ByteArrayInputStream(data);
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return all.read(b, off, Math.min(len, 7));
            }
        };
    }

    @Test
    void aDeclaredLength_isReadWholeAcrossShortReads() throws IOException {
        assertThat(BoundedReads.readAll(trickle(bytes(1000)), 1000, 1 << 20)).hasSize(1000);
    }

    @Test
    void aStreamEndingBeforeItsDeclaredLength_givesWhatCame() throws IOException {
        assertThat(BoundedReads.readAll(trickle(bytes(10)), 1000, 1 << 20)).hasSize(10);
    }

    @Test
    void noDeclaredLength_readsToTheEnd_butNeverPastTheMaximum() throws IOException {
        assertThat(BoundedReads.readAll(trickle(bytes(50_000)), -1, 1 << 20)).hasSize(50_000);
        assertThat(BoundedReads.readAll(trickle(bytes(50_000)), -1, 100)).hasSize(100);
    }

    @Test
    void aDeclaredLengthAboveTheMaximumOrTheTrustLimit_isNotBelieved() throws IOException {
        assertThat(BoundedReads.readAll(trickle(bytes(300)), 5_000, 100)).hasSize(100);
        assertThat(BoundedReads.readAll(trickle(bytes(300)), Integer.MAX_VALUE + 10L, 1 << 20)).hasSize(300);
    }
}
