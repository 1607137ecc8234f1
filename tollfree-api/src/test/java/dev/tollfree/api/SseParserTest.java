package dev.tollfree.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** Reads {@code raw} through a LineReader into a parser, as OpenAiStream does, then finishes. */
    static List<SseEvent> parse(String raw) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        LineReader lines = new LineReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                parser.line(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parser.finish();
        return events;
    }

    @Test
    void line_dataWithSpace_deliversPayloadWithoutTheSpace() {
        assertThat(parse("data: {\"a\":1}\n\n")).containsExactly(SseEvent.data("{\"a\":1}"));
    }

    @Test
    void line_dataWithoutSpace_deliversSamePayload() {
        assertThat(parse("data:{\"a\":1}\n\ndata:[DONE]\n\n"))
                .containsExactly(SseEvent.data("{\"a\":1}"), SseEvent.data("[DONE]"));
    }

    @Test
    void line_onlyOneLeadingSpaceIsStripped() {
        assertThat(parse("data:  two spaces\n\n")).containsExactly(SseEvent.data(" two spaces"));
    }

    @Test
    void line_multipleDataLines_areJoinedWithNewline() {
        assertThat(parse("data: first\ndata: second\ndata:\ndata: fourth\n\n"))
                .containsExactly(SseEvent.data("first\nsecond\n\nfourth"));
    }

    @Test
    void line_fieldWithoutColon_isFieldWithEmptyValue() {
        assertThat(parse("data\n\n")).containsExactly(SseEvent.data(""));
    }

    @Test
    void line_commentsAndKeepAlives_areCountedNotDelivered() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (String line : List.of(": OPENROUTER PROCESSING", "", ": keep-alive", "", ":", "data: x", ": mid-event comment", "", "")) {
            parser.line(line);
        }
        assertThat(events).containsExactly(SseEvent.data("x"));
        assertThat(parser.comments()).isEqualTo(4);
    }

    @Test
    void line_blankLinesWithoutData_dispatchNothing() {
        assertThat(parse("\n\n\n\r\n")).isEmpty();
    }

    @Test
    void line_eventAndIdFields_areCarriedOnTheEvent() {
        assertThat(parse("event: error\nid: 42\ndata: {\"error\":{}}\n\n"))
                .containsExactly(new SseEvent("error", "{\"error\":{}}", "42"));
    }

    @Test
    void line_eventAndId_doNotLeakIntoTheNextEvent() {
        assertThat(parse("event: ping\nid: 7\ndata: a\n\ndata: b\n\n"))
                .containsExactly(new SseEvent("ping", "a", "7"), SseEvent.data("b"));
    }

    @Test
    void line_eventWithoutData_isNotDispatched() {
        assertThat(parse("event: ping\n\ndata: b\n\n")).containsExactly(SseEvent.data("b"));
    }

    @Test
    void line_retryAndUnknownFields_areIgnored() {
        assertThat(parse("retry: 3000\nfoo: bar\ndata: x\n\n")).containsExactly(SseEvent.data("x"));
    }

    @Test
    void line_trailingCarriageReturnFedDirectly_isStripped() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.line("data: x\r");
        parser.line("\r");
        assertThat(events).containsExactly(SseEvent.data("x"));
    }

    @Test
    void parse_crlfLineEndings_areAccepted() {
        assertThat(parse("data: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n"))
                .containsExactly(SseEvent.data("a"), SseEvent.data("b\nc"));
    }

    @Test
    void parse_loneCarriageReturns_areLineEndings() {
        assertThat(parse("data: a\r\rdata: b\rdata: c\r\r"))
                .containsExactly(SseEvent.data("a"), SseEvent.data("b\nc"));
    }

    @Test
    void finish_lastEventWithoutBlankLine_isStillDelivered() {
        assertThat(parse("data: a\n\ndata: last")).containsExactly(SseEvent.data("a"), SseEvent.data("last"));
    }

    @Test
    void finish_nothingPending_deliversNothing() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.line("data: a");
        parser.line("");
        parser.finish();
        parser.finish();
        assertThat(events).containsExactly(SseEvent.data("a"));
    }

    @Test
    void done_withAndWithoutSpace_isRecognised() {
        List<SseEvent> events = parse("data: [DONE]\n\ndata:[DONE]\n\ndata: [DONE] \n\ndata: {\"x\":\"[DONE]\"}\n\n");
        assertThat(events).extracting(SseEvent::isDone).containsExactly(true, true, true, false);
    }

    @Test
    void sseEvent_nullFields_becomeEmptyStrings() {
        SseEvent e = new SseEvent(null, null, null);
        assertThat(e.event()).isEmpty();
        assertThat(e.data()).isEmpty();
        assertThat(e.id()).isEmpty();
        assertThat(e.isDone()).isFalse();
    }
}
