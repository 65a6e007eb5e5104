package org.semisup4j.kernel;

/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2); Java strings index UTF-16
 * chars. The two differ only after characters outside the Basic Multilingual Plane (emoji).
 */
final class CodePoints {
    private CodePoints() {
    }

    static int toCharIndex(String s, int codePoints) {
        int clamped = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
        return s.offsetByCodePoints(0, clamped);
    }

    static int toCodePointIndex(String s, int charIndex) {
        return s.codePointCount(0, Math.max(0, Math.min(charIndex, s.length())));
    }
}
