package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The connection's read buffer: lines across refills, what is buffered, and reads past the buffer. */
class ConnInputTest {
    /** A source that hands out at most {@code step} bytes per read, as a socket may. */
    private static InputStream trickle(String text, int step) {
        ByteArrayInputStream all = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return all.read(b, off, Math.min(len, step));
            }

            @Override
            public int available() {
                return all.available();
            }
        };
    }

    @Test
    void readLine_joinsPiecesAcrossRefills_andDropsTheCr() throws IOException {
        ConnInput in = new ConnInput(trickle("HTTP/1.1 200 OK\r\nX-Long: abcdefghijklmnop\nlast\r\n", 3), 4);
        assertThat(in.readLine(100, "headers")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(in.readLine(100, "headers")).isEqualTo("X-Long: abcdefghijklmnop");
        assertThat(in.readLine(100, "headers")).isEqualTo("last");
    }

    @Test
    void readLine_endOfStreamInsideALine_saysWhere() {
        ConnInput in = new ConnInput(trickle("partial", 2), 4);
        assertThatThrownBy(() -> in.readLine(100, "a chunk header")).isInstanceOf(EOFException.class)
                .hasMessageContaining("inside a chunk header");
    }

    @Test
    void readLine_tooLong_failsWithoutGrowingForever() {
        ConnInput in = new ConnInput(trickle("x".repeat(500) + "\n", 7), 16);
        assertThatThrownBy(() -> in.readLine(100, "the response headers")).isInstanceOf(IOException.class)
                .hasMessageContaining("exceeds 100 bytes");
    }

    @Test
    void bufferedBytes_areSeenAndSkippedWithoutReadingTheSource() throws IOException {
        ConnInput in = new ConnInput(trickle("ab0\r\n\r\nrest", 100), 64);
        assertThat(in.buffered()).isZero();
        assertThat(in.bufferedStartsWith("ab".getBytes(StandardCharsets.US_ASCII))).isFalse(); // nothing read yet
        assertThat(in.read()).isEqualTo('a');
        assertThat(in.buffered()).isEqualTo(10);
        assertThat(in.read()).isEqualTo('b');
        assertThat(in.bufferedStartsWith("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        in.skipBuffered(5);
        assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("rest");
        assertThatThrownBy(() -> in.skipBuffered(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrivedStartsWith_takesInWhatTheSourceHoldsWhenTheBufferIsEmpty() throws IOException {
        ConnInput in = new ConnInput(trickle("0\r\n\r\n", 100), 64);
        assertThat(in.arrivedStartsWith("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(in.buffered()).isEqualTo(5);
    }

    @Test
    void largeReads_bypassTheBuffer_andMixedReadsKeepOrder() throws IOException {
        String text = "0123456789".repeat(10);
        ConnInput in = new ConnInput(trickle(text, 1000), 8);
        byte[] head = new byte[3];
        assertThat(in.read(head, 0, 3)).isEqualTo(3);
        byte[] rest = in.readAllBytes();
        assertThat(new String(head, StandardCharsets.US_ASCII) + new String(rest, StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(in.read()).isEqualTo(-1);
    }
}
