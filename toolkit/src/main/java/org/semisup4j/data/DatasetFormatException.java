package org.semisup4j.data;

import java.io.IOException;

/**
 * The one exception every dataset reader throws for bad input: a file that is truncated, lies in its
 * header, or holds values the format does not allow. It always names the file, the field that is wrong and
 * what was expected, so a user can fix the file without reading the parser.
 *
 * <p>It is an {@link IOException} because callers already handle I/O failures when they open data; a
 * separate type (not {@code java.util.zip.DataFormatException}, which zlib throws) lets tests and tools tell
 * "the file is wrong" from "the disk failed".
 */
public final class DatasetFormatException extends IOException {
    private final String file;
    private final String field;

    /**
     * @param file    the file (or other source, e.g. "two-moons spec") the problem is in
     * @param field   the header field, record, line/column or variable that is wrong
     * @param problem what was found and what was expected
     */
    public DatasetFormatException(Object file, String field, String problem) {
        this(file, field, problem, null);
    }

    public DatasetFormatException(Object file, String field, String problem, Throwable cause) {
        super(file + ": " + field + ": " + problem, cause);
        this.file = String.valueOf(file);
        this.field = field;
    }

    /** The file (or source) the problem is in, as given to the reader. */
    public String file() {
        return file;
    }

    /** The field, record or position that is wrong. */
    public String field() {
        return field;
    }
}
