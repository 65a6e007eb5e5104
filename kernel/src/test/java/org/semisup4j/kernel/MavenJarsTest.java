package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class MavenJarsTest {
    private static final Path REPO = Path.of(System.getProperty("user.home"), ".m2", "repository");

    @Test
    void readsArtifactVersionAndClassifierFromTheRepositoryLayout() {
        MavenJars.Jar jar = MavenJars.parse(REPO.resolve("org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-linux-x86_64.jar"));
        assertEquals("nd4j-native", jar.artifactId());
        assertEquals("1.0.0-M2.1", jar.version());
        assertEquals("linux-x86_64", jar.classifier());
        assertNull(MavenJars.parse(Path.of("lib/my-own.jar")));
        assertNull(MavenJars.parse(REPO.resolve("a/b/1.0/c-1.0.jar")), "file name not of the artifact folder");
    }

    @Test
    void anotherVersionOfAJarAlreadyPresentConflictsAndNamesTheOneInForce() {
        MavenJars jars = new MavenJars();
        jars.add(REPO.resolve("com/google/code/gson/gson/2.11.0/gson-2.11.0.jar"));
        String conflict = jars.conflict(REPO.resolve("com/google/code/gson/gson/2.10.1/gson-2.10.1.jar"));
        assertEquals("com.google.code.gson:gson 2.11.0 is in force (already on the notebook's class path, e.g."
                + " from the toolkit); 2.10.1 was not added", conflict);
        assertNull(jars.conflict(REPO.resolve("com/google/code/gson/gson/2.11.0/gson-2.11.0.jar")));
        assertNull(jars.conflict(REPO.resolve("com/google/code/gson/gson/2.10.1/gson-2.10.1-sources.jar")),
                "another classifier is another jar");
        assertTrue(jars.conflict(REPO.resolve("org/other/gson/1.0/gson-1.0.jar")) == null, "another group");
    }
}
