package org.semisup4j.plot;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTest {

    @Test
    void textFormAlignsColumnsAndRightAlignsNumbers() {
        Table table = Table.withColumns("method", "accuracy", "labels")
                .row("FixMatch", 0.91234, 40)
                .row("Pi", 0.8, 4000);
        assertEquals(String.join("\n",
                "method    accuracy  labels",
                "--------  --------  ------",
                "FixMatch    0.9123      40",
                "Pi             0.8    4000"), table.toText());
    }

    @Test
    void fromMapsTakesColumnsInFirstSeenOrder() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("b", 1);
        first.put("a", "x");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("c", 2.5e-7);
        Table table = Table.of(List.of(first, second));
        assertEquals(List.of("b", "a", "c"), table.columns());
        assertEquals(2, table.rowCount());
        String html = table.toHtml();
        assertTrue(html.contains("<th style=\"padding:2px 8px;border-bottom:1px solid #999\">c</th>"), html);
        assertTrue(html.contains("2.500e-07"), html);
    }

    @Test
    void escapesHtmlAndRejectsRaggedRows() {
        assertTrue(Table.withColumns("<x>").row("a&b").toHtml().contains("a&amp;b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Table.withColumns("a", "b").row(1));
        assertTrue(e.getMessage().contains("[a, b]"), e.getMessage());
    }
}
