package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThinkTagSplitterTest {

    /** Streams {@code pieces} through one splitter and returns what came out, finish included. */
    private static ThinkTagSplitter.Out stream(List<String> pieces) {
        ThinkTagSplitter s = new ThinkTagSplitter();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String p : pieces) {
            ThinkTagSplitter.Out o = s.accept(p);
            reasoning.append(o.reasoning());
            content.append(o.content());
        }
        ThinkTagSplitter.Out end = s.finish();
        return new ThinkTagSplitter.Out(reasoning.append(end.reasoning()).toString(), content.append(end.content()).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<think>\nThe user greets me.\n</think>\n\nHello!",
            "  <think>a</think>b",
            "<think></think>Hello!",
            "<think>never closed because max_tokens cut it",
            "Hello! <think>this is not leading</think>",
            "<thinking>is not the tag</thinking>",
            "<",
            "   ",
            "</think> stray close",
            "<think>a </thin k> b</think>c",
    })
    void stream_everySplitIntoTwoOrThreePieces_matchesTheWholeSplit(String text) {
        ThinkTagSplitter.Out whole = ThinkTagSplitter.whole(text);
        for (int i = 0; i <= text.length(); i++) {
            assertThat(stream(List.of(text.substring(0, i), text.substring(i)))).as("split at " + i).isEqualTo(whole);
            for (int j = i; j <= text.length(); j++) {
                assertThat(stream(List.of(text.substring(0, i), text.substring(i, j), text.substring(j))))
                        .as("split at " + i + "," + j).isEqualTo(whole);
            }
        }
        List<String> chars = new ArrayList<>();
        text.chars().forEach(c -> chars.add(String.valueOf((char) c)));
        assertThat(stream(chars)).as("one character at a time").isEqualTo(whole);
    }

    @Test
    void whole_leadingThinkBlock_isReasoningAndTheRestIsContentWithoutLeadingBlankLines() {
        assertThat(ThinkTagSplitter.whole("<think>\nR\n</think>\n\nHello!")).isEqualTo(new ThinkTagSplitter.Out("\nR\n", "Hello!"));
    }

    @Test
    void whole_noLeadingBlock_leavesTheContentExactlyAsItWas() {
        assertThat(ThinkTagSplitter.whole("  Hi <think>x</think>")).isEqualTo(new ThinkTagSplitter.Out("", "  Hi <think>x</think>"));
    }

    @Test
    void accept_plainContent_isReleasedAtOnce() {
        ThinkTagSplitter s = new ThinkTagSplitter();
        assertThat(s.accept("Hel")).isEqualTo(new ThinkTagSplitter.Out("", "Hel"));
        assertThat(s.accept("lo")).isEqualTo(new ThinkTagSplitter.Out("", "lo"));
    }

    @Test
    void accept_aPossibleTagStart_isHeldOnlyUntilItCannotBeTheTag() {
        ThinkTagSplitter s = new ThinkTagSplitter();
        assertThat(s.accept("<th")).isEqualTo(ThinkTagSplitter.Out.EMPTY);
        assertThat(s.accept("e best")).isEqualTo(new ThinkTagSplitter.Out("", "<the best"));
    }

    @Test
    void accept_insideTheBlock_reasoningFlowsAndOnlyAPossibleCloseTagIsHeld() {
        ThinkTagSplitter s = new ThinkTagSplitter();
        assertThat(s.accept("<think>abc</")).isEqualTo(new ThinkTagSplitter.Out("abc", ""));
        assertThat(s.accept("b> more")).isEqualTo(new ThinkTagSplitter.Out("</b> more", ""));
        assertThat(s.accept("</think>x")).isEqualTo(new ThinkTagSplitter.Out("", "x"));
    }
}
