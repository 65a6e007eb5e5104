package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MavenCoordinatesTest {

    @Test
    void parsesTheThreeForms() {
        MavenCoordinates plain = MavenCoordinates.parse("com.google.code.gson:gson:2.11.0");
        assertEquals("com.google.code.gson", plain.groupId());
        assertEquals("gson", plain.artifactId());
        assertEquals("jar", plain.type());
        assertNull(plain.classifier());
        assertEquals("2.11.0", plain.version());

        MavenCoordinates typed = MavenCoordinates.parse("g:a:pom:1");
        assertEquals("pom", typed.type());

        MavenCoordinates classified = MavenCoordinates.parse("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1");
        assertEquals("linux-x86_64", classified.classifier());
        assertEquals("1.0.0-M2.1", classified.version());
        assertEquals("org.nd4j:nd4j-native:jar:linux-x86_64:1.0.0-M2.1", classified.toString());
    }

    @Test
    void rejectsMalformedCoordinatesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MavenCoordinates.parse("gson:2.11.0"));
        assertTrue(e.getMessage().contains("'gson:2.11.0'"));
        assertThrows(IllegalArgumentException.class, () -> MavenCoordinates.parse("g::1"));
        assertThrows(IllegalArgumentException.class, () -> MavenCoordinates.parse("g:a:<x>"));
    }

    @Test
    void pomListsEveryArtifact() {
        String pom = MavenResolver.pomFor(List.of(MavenCoordinates.parse("g:a:1"),
                MavenCoordinates.parse("h:b:zip:natives:2")), List.of());
        assertTrue(pom.contains("<artifactId>a</artifactId>"));
        assertTrue(pom.contains("<type>zip</type>"));
        assertTrue(pom.contains("<classifier>natives</classifier>"));
        assertEquals(2, pom.split("<dependency>").length - 1);
    }
}
