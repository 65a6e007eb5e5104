package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsvAndSyntheticTest {
    @TempDir
    Path dir;

    @Test
    void csvStringLabelsBecomeSortedClasses() throws IOException {
        Path file = write("iris.csv", "sepal,petal,species\n1.5,2,setosa\n\"3.25\",4e-1,virginica\n\n5,-6,\"versicolor\"\n");
        Dataset d = Datasets.csv(file, "species");
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 2, 1}, d.labels());
        assertArrayEquals(new long[] {3, 2}, d.features().shape());
        assertEquals(3.25f, d.features().getFloat(1, 0));
        assertEquals(0.4f, d.features().getFloat(1, 1), 1e-7);
        assertEquals(List.of("sepal", "petal"), CsvDatasets.featureColumns(file, "species"));
    }

    @Test
    void csvIntegerLabelsSortNumericallyAndLabelColumnMayBeAnywhere() throws IOException {
        Path file = write("n.csv", "y,a\n10,1\n2,2\n02,3\n");
        Dataset d = CsvDatasets.read(file, "y");
        assertEquals(List.of("02", "2", "10"), d.classNames(), "2 and 02 stay distinct, 10 after 2");
        assertArrayEquals(new int[] {2, 1, 0}, d.labels());
        assertEquals(3f, d.features().getFloat(2, 0));
    }

    @Test
    void csvErrorsNameFileLineAndColumn() throws IOException {
        assertCsvError("a,b,label\n1,2,x\n3,oops,y\n", "line 3, column 'b'", "'oops' is not a number");
        assertCsvError("a,b,label\n1,2,x\n3,,y\n", "line 3, column 'b'", "missing value");
        assertCsvError("a,b,label\n1,2,x\n3,NaN,y\n", "line 3, column 'b'", "not a finite number");
        assertCsvError("a,b,label\n1,2,x\n3,4\n", "line 3", "2 columns, expected 3");
        assertCsvError("a,b,klass\n1,2,x\n", "line 1", "no label column 'label'");
        assertCsvError("a,b,label\n", "line 2", "no data rows");
        assertCsvError("", "line 1", "file is empty");
        assertCsvError("a,b,label\n1,2,x\n3,\"4,y\n", "line 3", "CSV syntax");
    }

    @Test
    void csvTestFileUsesTrainingClasses() throws IOException {
        Path train = write("train.csv", "f,label\n1,b\n2,a\n3,c\n");
        Path test = write("test.csv", "f,label\n1,c\n");
        Dataset t = Datasets.byName("csv:" + train + ",test=" + test, false);
        assertEquals(List.of("a", "b", "c"), t.classNames());
        assertArrayEquals(new int[] {2}, t.labels());
        Files.writeString(test, "f,label\n1,d\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Datasets.byName("csv:" + train + ",test=" + test, false));
        assertTrue(e.getMessage().contains("label 'd' is not one of the known classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.byName("csv:" + train, false));
    }

    @Test
    void syntheticSetsAreBalancedStandardisedAndSeeded() {
        for (Dataset d : List.of(Datasets.twoMoons(301, 0.1, 3), Datasets.circles(301, 0.05, 3), Datasets.spirals(301, 0.05, 3))) {
            assertArrayEquals(new long[] {301, 2}, d.features().shape());
            assertArrayEquals(new int[] {150, 151}, d.classCounts(), d.name());
            INDArray mean = d.features().mean(0);
            INDArray std = d.features().std(false, 0);
            for (int c = 0; c < 2; c++) {
                assertEquals(0, mean.getDouble(c), 1e-5, d.name());
                assertEquals(1, std.getDouble(c), 1e-4, d.name());
            }
            int[] firstTen = java.util.Arrays.copyOf(d.labels(), 10);
            assertTrue(java.util.Arrays.stream(firstTen).distinct().count() == 2, "rows are shuffled: " + d.name());
        }
        assertEquals(Datasets.twoMoons(50, 0.1, 7).features(), Datasets.twoMoons(50, 0.1, 7).features());
        assertNotEquals(Datasets.spirals(50, 0.1, 7).features(), Datasets.spirals(50, 0.1, 8).features());
    }

    @Test
    void syntheticShapesAreWhatTheirNamesSay() {
        Dataset moons = Datasets.twoMoons(400, 0.0, 1);
        double upperY = meanOfColumn(moons, 1, 0);
        double lowerY = meanOfColumn(moons, 1, 1);
        assertTrue(upperY > lowerY, "class 0 is the upper moon");
        Dataset circles = Datasets.circles(400, 0.0, 1);
        assertTrue(meanRadius(circles, 0) > 1.5 * meanRadius(circles, 1), "class 0 is the outer ring");
    }

    @Test
    void registryNamesOptionsAndTestSeed() throws IOException {
        Dataset train = Datasets.byName("two-moons");
        Dataset test = Datasets.byName("two-moons", false);
        assertEquals(Datasets.DEFAULT_SYNTHETIC_SIZE, train.size());
        assertEquals(Datasets.twoMoons(1000, 0.1, 1).features(), test.features(), "test set is drawn with seed + 1");
        Dataset custom = Datasets.byName("spirals:n=64,noise=0.2,seed=5");
        assertEquals(Datasets.spirals(64, 0.2, 5).features(), custom.features());
        assertEquals("spirals(n=64,noise=0.2,seed=5)", custom.name());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("imagenet"));
        assertTrue(unknown.getMessage().contains("fashion-mnist"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.byName("circles:size=3"));
    }

    private static double meanOfColumn(Dataset d, int column, int cls) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) == cls) {
                sum += d.features().getDouble(i, column);
                n++;
            }
        }
        return sum / n;
    }

    private static double meanRadius(Dataset d, int cls) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) == cls) {
                sum += Math.hypot(d.features().getDouble(i, 0), d.features().getDouble(i, 1));
                n++;
            }
        }
        return sum / n;
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private void assertCsvError(String content, String where, String what) throws IOException {
        Path file = write("bad.csv", content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(e.getMessage().startsWith(file + ": " + where), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
