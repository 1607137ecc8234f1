package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseWriterTest {
    /** Characters that stress the framing: line breaks of every kind, colons, spaces, non-ASCII. */
    private static final String ALPHABET = "ab:{}\" \n\r\t€日😀[DONE]data";

    private static List<SseEvent> roundTrip(byte[]... frames) {
        StringBuilder wire = new StringBuilder();
        for (byte[] f : frames) {
            wire.append(new String(f, StandardCharsets.UTF_8));
        }
        return SseParserTest.parse(wire.toString());
    }

    /** What a data string looks like after SSE framing: every line break becomes a single LF. */
    private static String normalised(String data) {
        return data.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String randomText(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return sb.toString();
    }

    @Test
    void format_plainData_isOneDataLineAndBlankLine() {
        assertThat(new String(SseWriter.format(SseEvent.data("{\"a\":1}")), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"a\":1}\n\n");
    }

    @Test
    void format_eventAndId_comeBeforeData() {
        assertThat(new String(SseWriter.format(new SseEvent("error", "x", "9")), StandardCharsets.UTF_8))
                .isEqualTo("event: error\nid: 9\ndata: x\n\n");
    }

    @Test
    void format_multiLineData_becomesSeveralDataLines() {
        assertThat(new String(SseWriter.format(SseEvent.data("a\nb")), StandardCharsets.UTF_8))
                .isEqualTo("data: a\ndata: b\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\r\nb", "\r", "x\r\r\ny"})
    void format_carriageReturnsInData_areLineBreaksNotLostText(String data) {
        assertThat(roundTrip(SseWriter.format(SseEvent.data(data)))).containsExactly(SseEvent.data(normalised(data)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\nname", "bad\rname"})
    void format_lineBreakInEventOrId_isRejected(String value) {
        assertThatThrownBy(() -> SseWriter.format(new SseEvent(value, "x", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> SseWriter.format(new SseEvent("", "x", value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    }

    @Test
    void format_emptyData_roundTripsAsEmptyEvent() {
        assertThat(roundTrip(SseWriter.format(SseEvent.data("")))).containsExactly(SseEvent.data(""));
    }

    @Test
    void format_leadingSpaceInData_survives() {
        assertThat(roundTrip(SseWriter.format(SseEvent.data(" indented\n  more")))).containsExactly(SseEvent.data(" indented\n  more"));
    }

    @Test
    void dataAndDone_roundTripThroughParser() {
        byte[] json = Json.bytes(Json.object().put("content", "line1\nline2 \u2028 €"));
        List<SseEvent> events = roundTrip(SseWriter.data(json), SseWriter.done());
        assertThat(events).hasSize(2);
        assertThat(Json.tryParse(events.get(0).data()).orElseThrow().path("content").stringValue()).isEqualTo("line1\nline2 \u2028 €");
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void done_returnsAFreshCopyEachTime() {
        byte[] first = SseWriter.done();
        first[0] = 'X';
        assertThat(new String(SseWriter.done(), StandardCharsets.US_ASCII)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void roundTrip_randomEvents_parseBackToTheSameEvents() {
        SplittableRandom random = new SplittableRandom(20261122L);
        for (int trial = 0; trial < 2_000; trial++) {
            int count = 1 + random.nextInt(4);
            List<SseEvent> sent = new ArrayList<>();
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String event = random.nextInt(3) == 0 ? randomText(random, 6).replaceAll("[\r\n]", "") : "";
                String id = random.nextInt(3) == 0 ? randomText(random, 4).replaceAll("[\r\n]", "") : "";
                String data = randomText(random, 40);
                sent.add(new SseEvent(event.strip().isEmpty() ? "" : event, data, id.strip().isEmpty() ? "" : id));
                frames.add(SseWriter.format(sent.getLast()));
            }
            List<SseEvent> expected = sent.stream()
                    .map(e -> new SseEvent(e.event(), normalised(e.data()), e.id()))
                    .toList();
            List<SseEvent> received = roundTrip(frames.toArray(byte[][]::new));
            assertThat(received).as("trial %d: %s", trial, sent).isEqualTo(expected);
        }
    }
}
