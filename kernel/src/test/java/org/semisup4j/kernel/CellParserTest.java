package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CellParserTest {

    @Test
    void lineMagicsSplitCodeAndKeepLineNumbers() {
        String cell = "int a = 1;\n%maven g:a:1 'x y'\n\nint b = 2;\nb";
        List<CellParser.Segment> segments = CellParser.segments(cell, 0);
        assertEquals(3, segments.size());
        CellParser.Code first = assertInstanceOf(CellParser.Code.class, segments.get(0));
        assertEquals("int a = 1;", first.text());
        assertEquals(0, first.firstLine());
        CellParser.LineMagic magic = assertInstanceOf(CellParser.LineMagic.class, segments.get(1));
        assertEquals("maven", magic.name());
        assertEquals(List.of("g:a:1", "x y"), magic.args());
        assertEquals(1, magic.line());
        CellParser.Code second = assertInstanceOf(CellParser.Code.class, segments.get(2));
        assertEquals(2, second.firstLine());
        assertEquals("\nint b = 2;\nb", second.text());
    }

    @Test
    void moduloAtLineStartIsNotAMagic() {
        List<CellParser.Segment> segments = CellParser.segments("int r = 7\n  % 3;", 0);
        assertEquals(1, segments.size());
        assertInstanceOf(CellParser.Code.class, segments.get(0));
    }

    @Test
    void cellMagicTakesTheRestOfTheCellAsBody() {
        CellParser.CellMagic magic = CellParser.cellMagic("\n%%time  now\nint x = 1;\nx");
        assertEquals("time", magic.name());
        assertEquals(List.of("now"), magic.args());
        assertEquals("int x = 1;\nx", magic.body());
        assertEquals(2, magic.bodyFirstLine());
        assertNull(CellParser.cellMagic("int x = 1;\n%%time"));
    }

    @Test
    void javaOnlyBlanksMagicLinesButKeepsLines() {
        assertEquals("\nint x;", CellParser.javaOnly("%jars a.jar\nint x;"));
        assertEquals("", CellParser.javaOnly("%%time\nint x;"));
    }

    @Test
    void argumentsSplitOnWhitespaceWithQuotes() {
        assertEquals(List.of("a", "b c", "d'e"), CellParser.splitArgs("  a \"b c\"  \"d'e\" "));
        assertTrue(CellParser.splitArgs(null).isEmpty());
        assertTrue(CellParser.isMagicLine("  %classpath"));
        assertFalse(CellParser.isMagicLine("x %classpath"));
    }

    @Test
    void aLineMagicInsideAnExpressionBecomesALineMagicCall() {
        assertEquals("List<String> added = lineMagic(\"jars\", java.util.List.of(\"lib/*.jar\"));",
                CellParser.inlineMagicToCall("List<String> added = %jars lib/*.jar;"));
        assertEquals("var x = lineMagic(\"maven\", java.util.List.of(\"g:a:1\", \"a \\\"q\\\"\"));",
                CellParser.inlineMagicToCall("var x = %maven g:a:1 'a \"q\"'"));
        for (String untouched : List.of("int r = 7 % 3;", "String s = \"= %jars x\";", "if (a == %b) {}",
                "x %= 2;", "%jars lib/*.jar")) {
            assertEquals(untouched, CellParser.inlineMagicToCall(untouched), untouched);
        }
        List<CellParser.Segment> segments = CellParser.segments("int a = 1;\nList<String> j = %jars x.jar\na", 0);
        assertEquals(1, segments.size());
        assertTrue(((CellParser.Code) segments.get(0)).text().contains("lineMagic(\"jars\""));
    }
}
