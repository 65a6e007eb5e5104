package org.semisup4j.plot;

/** Escaping for text placed into HTML and into inline scripts. */
final class Html {

    private Html() {
    }

    /** Escapes text for an HTML element body or a quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Makes JavaScript source safe to place inside a {@code <script>} element: the HTML parser ends
     * the element at the first {@code </script}, whatever the JavaScript around it means.
     */
    static String scriptSafe(String javascript) {
        return javascript.replaceAll("(?i)</(script)", "<\\\\/$1").replace("<!--", "<\\!--");
    }
}
