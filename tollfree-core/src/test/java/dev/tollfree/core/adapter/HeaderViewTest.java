package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderViewTest {
    @Test
    void aCopiedView_ignoresCase_andCannotBeChangedThroughItsSource() {
        Map<String, List<String>> raw = new java.util.HashMap<>();
        List<String> values = new java.util.ArrayList<>(List.of("1"));
        raw.put("Retry-After", values);
        HeaderView view = new HeaderView(raw);
        values.add("2");
        assertThat(view.first("retry-after")).contains("1");
        assertThat(view.asMap().get("RETRY-AFTER")).containsExactly("1");
    }

    @Test
    void adopt_takesOnlyACaseInsensitiveMap() {
        TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.put("X-Limit", List.of("5"));
        assertThat(HeaderView.adopt(ci).first("x-limit")).contains("5");
        assertThatThrownBy(() -> HeaderView.adopt(new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case-insensitive");
    }
}
