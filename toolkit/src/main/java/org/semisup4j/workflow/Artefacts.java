package org.semisup4j.workflow;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What stages hand to later stages, by name: files and folders (a trained run, a table of teacher outputs)
 * and numbers (a generation). Paths are kept relative to the workflow's folder, so a moved workflow folder
 * still resolves them. Immutable.
 */
public final class Artefacts {
    private final Path root;
    private final Map<String, Object> values;

    private Artefacts(Path root, Map<String, Object> values) {
        this.root = root;
        this.values = Collections.unmodifiableMap(values);
    }

    /** No artefacts yet, for a workflow in {@code root}. */
    public static Artefacts empty(Path root) {
        return new Artefacts(root, new LinkedHashMap<>());
    }

    static Artefacts of(Path root, Map<String, ?> values) {
        return new Artefacts(root, new LinkedHashMap<>(values));
    }

    /** With a file or folder under the workflow's folder. */
    public Artefacts with(String name, Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return put(name, "path:" + (p.startsWith(r) ? r.relativize(p).toString() : p.toString()));
    }

    /** With a number (a generation, a count). */
    public Artefacts with(String name, double number) {
        return put(name, number);
    }

    private Artefacts put(String name, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new Artefacts(root, v);
    }

    /** These artefacts with {@code later}'s added; a later stage's artefact replaces an earlier one of the same name. */
    public Artefacts and(Artefacts later) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.putAll(later.values);
        return new Artefacts(root, v);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** @throws IllegalArgumentException naming the artefact and the ones there are, when it is missing or not a path */
    public Path path(String name) {
        Object v = require(name);
        if (!(v instanceof String s) || !s.startsWith("path:"))
            throw new IllegalArgumentException("workflow artefact '" + name + "' is " + v + ", not a file or folder");
        Path p = Path.of(s.substring(5));
        return p.isAbsolute() ? p : root.resolve(p);
    }

    public double number(String name) {
        Object v = require(name);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("workflow artefact '" + name + "' is " + v + ", not a number");
        return n.doubleValue();
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null)
            throw new IllegalArgumentException("no workflow artefact '" + name + "' (an earlier stage must produce it); have " + values.keySet());
        return v;
    }

    /** The stored form (paths relative to the workflow's folder), as stage.json keeps it. */
    public Map<String, Object> toMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
