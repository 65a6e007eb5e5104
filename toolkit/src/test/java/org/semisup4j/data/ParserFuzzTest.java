package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, seeded mutation fuzzing of every binary and text parser: flipped bytes, truncation, extension and
 * rewritten header integers. The only acceptable outcomes are a dataset or a {@link DatasetFormatException};
 * any other throwable (OutOfMemoryError, NegativeArraySizeException, index errors, ...) fails the test with
 * the seed and mutation that caused it, so a failure can be replayed.
 */
class ParserFuzzTest {
    private static final int CASES_PER_SEED_FILE = 300;
    private static final int[] INTERESTING = {0, 1, -1, 2, 3, 4, 7, 8, 9, 10, 15, 255, 256, 0xFFFF, 1 << 16, 1 << 24,
            1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFFFFF0, 3073, 3072};

    @TempDir
    Path dir;

    interface Parser {
        void parse(Path file) throws IOException;
    }

    record Target(String name, byte[] valid, Parser parser, UnaryOperator<byte[]> encode, int headerBytes) {
    }

    @Test
    void parsersOnlyEverThrowDatasetFormatException() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        byte[] images = TestData.idx(new int[] {3, 6, 5}, TestData.randomBytes(90, 1));
        byte[] labels = TestData.idx(new int[] {3}, new byte[] {1, 9, 0});
        byte[] tinyImages = TestData.randomBytes(2 * 3 * 4 * 4, 2);
        Path mnistDir = Files.createDirectories(dir.resolve("mnist"));
        Files.write(mnistDir.resolve("train-images-idx3-ubyte"), images);
        List<Target> targets = List.of(
                new Target("idx", images, IdxFiles::read, b -> b, 16),
                new Target("idx.gz (mutated before gzip)", images, IdxFiles::read, TestData::gzip, 16),
                new Target("idx.gz (mutated after gzip)", TestData.gzip(images), IdxFiles::read, b -> b, 24),
                new Target("mnist labels", labels, file -> {
                    Files.copy(file, mnistDir.resolve("train-labels-idx1-ubyte"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Mnist.load(mnistDir, true, "mnist", Mnist.DIGIT_CLASSES);
                }, b -> b, 8),
                new Target("cifar", TestData.cifarBatch(new int[] {4, 9}, 3), f -> Cifar10.loadBatches(List.of(f), "c"), b -> b, 8),
                new Target("mat LE", TestData.matFile(le, false, TestData.svhnVars(tinyImages, 2, 4, 4, new double[] {10, 3}, le)),
                        f -> Svhn.loadFile(f, "s"), b -> b, 260),
                new Target("mat BE", TestData.matFile(be, false, TestData.svhnVars(tinyImages, 2, 4, 4, new double[] {1, 2}, be)),
                        f -> Svhn.loadFile(f, "s"), b -> b, 260),
                new Target("mat compressed", TestData.matFile(le, true, TestData.svhnVars(tinyImages, 2, 4, 4, new double[] {5, 6}, le)),
                        f -> Svhn.loadFile(f, "s"), b -> b, 160),
                new Target("csv", "x,y,label\n1.5,2,cat\n\"3\",4e2,dog\n-1,0,cat\n".getBytes(StandardCharsets.UTF_8),
                        f -> CsvDatasets.read(f, "label"), b -> b, 12));
        int cases = 0;
        int accepted = 0;
        long start = System.nanoTime();
        for (Target target : targets) {
            Path file = dir.resolve("fuzz-" + cases);
            Files.write(file, target.encode().apply(target.valid()));
            target.parser().parse(file); // the unmutated file must parse
            for (int i = 0; i < CASES_PER_SEED_FILE; i++, cases++) {
                Random random = new Random(Seeds.mix(i * 31L + target.name().hashCode()));
                List<String> log = new ArrayList<>();
                byte[] mutated = target.encode().apply(mutate(target.valid(), target.headerBytes(), random, log));
                Files.write(file, mutated);
                try {
                    target.parser().parse(file);
                    accepted++;
                } catch (DatasetFormatException expected) {
                    assertTrue(expected.file().startsWith(dir.toString()) && expected.getMessage().startsWith(expected.file()), expected.getMessage());
                } catch (Throwable other) {
                    fail(target.name() + " case " + i + " " + log + " threw " + other, other);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("reliability: parser fuzz: %d mutated files tried on %d loaders, %d parsed, the rest rejected cleanly, 0 crashed, in %.1f s%n",
                cases, targets.size(), accepted, seconds);
        assertTrue(cases - accepted > cases / 2, "most mutations should be rejected, " + accepted + " of " + cases + " parsed");
    }

    private static byte[] mutate(byte[] valid, int headerBytes, Random random, List<String> log) {
        byte[] b = valid.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    int at = random.nextInt(b.length);
                    b[at] = (byte) random.nextInt(256);
                    log.add("byte " + at + "=" + b[at]);
                }
                case 1 -> {
                    int length = random.nextInt(b.length);
                    b = Arrays.copyOf(b, length);
                    log.add("truncate " + length);
                }
                case 2 -> {
                    int extra = 1 + random.nextInt(64);
                    int old = b.length;
                    b = Arrays.copyOf(b, old + extra);
                    for (int i = old; i < b.length; i++) {
                        b[i] = (byte) random.nextInt(256);
                    }
                    log.add("extend " + extra);
                }
                default -> {
                    int limit = Math.min(headerBytes, b.length) - 4;
                    if (limit > 0) {
                        int at = random.nextInt(limit + 1);
                        int value = INTERESTING[random.nextInt(INTERESTING.length)];
                        ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                        ByteBuffer.wrap(b).order(order).putInt(at, value);
                        log.add("int " + at + "=" + value + " " + order);
                    }
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
