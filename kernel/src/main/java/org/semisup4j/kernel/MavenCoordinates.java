package org.semisup4j.kernel;

/**
 * A Maven artifact as written after {@code %maven}: {@code group:artifact:version},
 * {@code group:artifact:type:version} or {@code group:artifact:type:classifier:version}.
 */
record MavenCoordinates(String groupId, String artifactId, String type, String classifier, String version) {

    static MavenCoordinates parse(String text) {
        String[] parts = text.trim().split(":", -1);
        for (String part : parts) {
            if (part.isBlank() || part.chars().anyMatch(c -> Character.isWhitespace(c) || c == '<' || c == '>' || c == '&')) {
                throw new IllegalArgumentException(invalid(text));
            }
        }
        return switch (parts.length) {
            case 3 -> new MavenCoordinates(parts[0], parts[1], "jar", null, parts[2]);
            case 4 -> new MavenCoordinates(parts[0], parts[1], parts[2], null, parts[3]);
            case 5 -> new MavenCoordinates(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new IllegalArgumentException(invalid(text));
        };
    }

    private static String invalid(String text) {
        return "%maven: '" + text + "' is not Maven coordinates; expected group:artifact:version"
                + " (or group:artifact:type[:classifier]:version)";
    }

    /** The {@code <dependency>} element for a generated pom. */
    String toDependencyXml() {
        StringBuilder xml = new StringBuilder("    <dependency>\n");
        xml.append("      <groupId>").append(groupId).append("</groupId>\n");
        xml.append("      <artifactId>").append(artifactId).append("</artifactId>\n");
        xml.append("      <version>").append(version).append("</version>\n");
        if (!"jar".equals(type)) {
            xml.append("      <type>").append(type).append("</type>\n");
        }
        if (classifier != null) {
            xml.append("      <classifier>").append(classifier).append("</classifier>\n");
        }
        return xml.append("    </dependency>\n").toString();
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + ("jar".equals(type) && classifier == null ? ""
                : type + ":" + (classifier == null ? "" : classifier + ":")) + version;
    }
}
