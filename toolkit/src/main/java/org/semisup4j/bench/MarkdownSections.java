package org.semisup4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BENCHMARKS.md is written by two commands ({@code bench speed}, {@code bench accuracy}); each owns one
 * section between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} and replaces only that.
 */
public final class MarkdownSections {
    private MarkdownSections() {}

    static final String HEADER = """
            # semisup4j benchmarks

            Written by `./semisup4j bench speed` and `./semisup4j bench accuracy` (each replaces its own section;
            text outside the markers is kept). Rerun them on a quiet machine for publishable numbers.

            """;

    /** The text between a section's markers, or "" when the file or the section does not exist. */
    public static String read(Path file, String name) throws IOException {
        String begin = "<!-- " + name + ":begin -->", end = "<!-- " + name + ":end -->";
        if (!Files.exists(file)) return "";
        String text = Files.readString(file);
        int b = text.indexOf(begin), e = text.indexOf(end);
        return b >= 0 && e > b ? text.substring(b + begin.length(), e) : "";
    }

    public static void replace(Path file, String name, String body) throws IOException {
        String begin = "<!-- " + name + ":begin -->", end = "<!-- " + name + ":end -->";
        String text = Files.exists(file) ? Files.readString(file) : HEADER;
        String section = begin + "\n" + body.strip() + "\n" + end;
        int b = text.indexOf(begin), e = text.indexOf(end);
        String updated = b >= 0 && e > b
                ? text.substring(0, b) + section + text.substring(e + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(file, updated);
    }
}
