package org.semisup4j.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The argument table: each bad command line ends with its exit status and exactly one line on standard
 * error that names the option, file or field at fault and what was expected — never a stack trace. {@code
 * {d}} stands for a folder of crafted files (see {@link #craft}).
 */
class ArgumentTableTest {
    @TempDir
    static Path dir;
    private static int tried, clear;

    @BeforeAll
    static void craft() throws IOException {
        Files.writeString(dir.resolve("twin.csv"), "x,label,label\n1,a,a\n2,b,b\n3,a,a\n4,b,b\n5,a,a\n");
        Files.writeString(dir.resolve("one.csv"), "x,label\n1,a\n2,a\n3,a\n4,a\n5,a\n");
        Files.createDirectories(dir.resolve("folder.csv"));
        Files.createDirectories(dir.resolve("empty-run"));
        Files.writeString(dir.resolve("a-file"), "not a folder");
        Files.writeString(dir.resolve("object.json"), "{\"dataset\": {\"name\": \"two-moons\"}}");
        Files.writeString(dir.resolve("typo.json"), "{\"dataset\": \"two-moons\", \"stpes\": 20}");
        Files.writeString(dir.resolve("broken.json"), "{\"dataset\": ");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{\"dataset\": \"two-moons\", \"steps\": 4}");
    }

    @AfterAll
    static void report() {
        System.out.printf("reliability: argument table: %d bad command lines tried, %d ended in one clear line, %d crashed%n",
                tried, clear, tried - clear);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --steps 0                                | 2 | 'steps' must be at least 1, got 0
            --steps 9999999999                       | 2 | --steps takes a whole number from -2147483648 to 2147483647, got '9999999999'
            --labels ten                             | 2 | --labels takes a whole number, got 'ten'
            --lr fast                                | 2 | --lr takes a number, got 'fast'
            --labels                                 | 2 | --labels needs a value
            --stpes 20                               | 2 | unknown option '--stpes'
            --method nope                            | 2 | nope
            --param threshold                        | 2 | --param takes NAME=VALUE
            --method fixmatch --param treshold=0.9   | 2 | 'treshold'
            --batches mixed                          | 2 | 'batches' must be fixed-share or uniform
            --dataset csv:{d}/twin.csv               | 2 | {d}/twin.csv: line 1: columns 2 and 3 are both named 'label'
            --dataset csv:{d}/one.csv                | 2 | {d}/one.csv: column 'label': every row has the label 'a'
            --dataset csv:{d}/missing.csv            | 2 | {d}/missing.csv: no such file
            --dataset csv:{d}/folder.csv             | 2 | {d}/folder.csv: is a folder, expected a CSV file
            --dataset csv:{d}/twin.csv,lable=x       | 2 | option 'lable=x' not understood
            --config {d}/missing.json                | 2 | --config: {d}/missing.json: no such file
            --config {d}/object.json                 | 2 | {d}/object.json: field 'dataset' must be a number, a text or a boolean
            --config {d}/typo.json                   | 2 | {d}/typo.json: unknown field 'stpes'; known fields are dataset, label_column, method
            --config {d}/broken.json                 | 2 | {d}/broken.json: not a JSON object
            --resume                                 | 2 | --resume needs --run-dir
            --resume --run-dir {d}/empty-run         | 2 | --resume: {d}/empty-run holds no run (no config.json)
            --resume --run-dir {d}/nowhere           | 2 | --resume: {d}/nowhere: no such folder
            --resume --run-dir {d}/run --lr 0.1      | 2 | --resume continues the run that {d}/run/config.json records, unchanged; --lr would change it
            --resume --run-dir {d}/run --config {d}/typo.json | 2 | --config {d}/typo.json would replace it
            --run-dir {d}/a-file --steps 2           | 2 | run folder {d}/a-file is a file, expected a folder
            --run-dir {d}/run --steps 2              | 2 | run folder {d}/run already holds a run (config.json)
            --method fixmatch --param lambda_u=Infinity --steps 3 | 1 | step 0: loss term 'consistency' has weight Infinity
            """)
    void eachBadArgumentEndsInOneLineNamingIt(String arguments, int status, String expected) {
        String d = dir.toString();
        String[] args = ("train " + arguments.replace("{d}", d)).split(" +");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        tried++;
        int exit = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(status, exit, text);
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, "one line: " + text);
        assertTrue(text.startsWith("semisup4j train: ") && text.contains(expected.replace("{d}", d)), text);
        clear++;
    }
}
