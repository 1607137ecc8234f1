package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** An input stream that hands out exactly the given pieces, one per read call, like a network. */
    static final class Pieces extends InputStream {
        private final Deque<byte[]> pieces = new ArrayDeque<>();
        private byte[] current = new byte[0];
        private int pos;
        int reads;

        Pieces(byte[]... pieces) {
            for (byte[] p : pieces) {
                this.pieces.add(p);
            }
        }

        static Pieces of(String... pieces) {
            Pieces p = new Pieces();
            for (String s : pieces) {
                p.pieces.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return p;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("LineReader reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            while (pos == current.length) {
                if (pieces.isEmpty()) {
                    return -1;
                }
                current = pieces.poll();
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static List<String> readAll(InputStream in, int maxLine) throws IOException {
        LineReader reader = new LineReader(in, maxLine);
        List<String> out = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            out.add(line);
        }
        return out;
    }

    private static List<String> readAll(String text) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 16);
    }

    @Test
    void readLine_lfCrlfAndLoneCr_allEndLines() throws IOException {
        assertThat(readAll("a\nb\r\nc\rd")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void readLine_emptyLines_areReturnedAsEmptyStrings() throws IOException {
        assertThat(readAll("\n\r\n\r\nx\n")).containsExactly("", "", "", "x");
    }

    @Test
    void readLine_loneCrFollowedByLf_isOneTerminatorNotTwo() throws IOException {
        assertThat(readAll("a\r\n\r\nb")).containsExactly("a", "", "b");
    }

    @Test
    void readLine_endOfStream_returnsNullAndKeepsReturningNull() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("x\r".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThat(reader.readLine()).isEqualTo("x");
        assertThat(reader.readLine()).isNull();
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void readLine_emptyStream_returnsNull() throws IOException {
        assertThat(readAll("")).isEmpty();
    }

    @Test
    void readLine_crlfSplitAcrossReads_isStillOneTerminator() throws IOException {
        assertThat(readAll(Pieces.of("data: a\r", "\ndata: b\r", "\n\r", "\n"), 100))
                .containsExactly("data: a", "data: b", "");
    }

    @Test
    void readLine_lineSplitAcrossManyReads_isReassembled() throws IOException {
        Pieces in = Pieces.of("da", "ta", ": {\"con", "tent\":\"hi\"}", "\n", "\n");
        assertThat(readAll(in, 100)).containsExactly("data: {\"content\":\"hi\"}", "");
        assertThat(in.reads).isGreaterThanOrEqualTo(6);
    }

    @Test
    void readLine_multiByteCharacterSplitAcrossReads_decodesWhole() throws IOException {
        byte[] euro = "€ü日本".getBytes(StandardCharsets.UTF_8);
        byte[][] singles = new byte[euro.length + 1][];
        for (int i = 0; i < euro.length; i++) {
            singles[i] = new byte[] {euro[i]};
        }
        singles[euro.length] = new byte[] {'\n'};
        assertThat(readAll(new Pieces(singles), 100)).containsExactly("€ü日本");
    }

    @Test
    void readLine_lineLongerThanInternalBuffers_isReturnedWhole() throws IOException {
        String longLine = "x".repeat(50_000);
        assertThat(readAll(new ByteArrayInputStream((longLine + "\nnext\n").getBytes(StandardCharsets.US_ASCII)), 100_000))
                .containsExactly(longLine, "next");
    }

    @Test
    void readLine_lineOfExactlyTheLimit_isAccepted() throws IOException {
        String line = "y".repeat(4096);
        assertThat(readAll(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.US_ASCII)), 4096))
                .containsExactly(line);
    }

    @Test
    void readLine_lineOverTheLimit_failsInsteadOfGrowing() {
        String line = "y".repeat(4097);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.US_ASCII)), 4096))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("4096");
    }

    @Test
    void readLine_limitSmallerThanInitialBuffer_isStillEnforced() {
        String line = "z".repeat(200);
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.US_ASCII)), 100))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("100");
    }

    @Test
    void readLine_overlongLineWithoutTerminator_failsAtTheLimitNotAtTheEnd() {
        // 1 MB of a single unterminated line against a 10 kB limit: must fail, not buffer it all
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) 'q');
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(big), 10_000)).isInstanceOf(IOException.class);
    }
}
