package org.semisup4j.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.teacher.TrainedTeacher;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What runs inside one partition: rows (with their ids) are gathered into batches, the broadcast teacher predicts
 * each batch with one ND4J call, and every row comes out as (id, label, confidence, probabilities). The teacher
 * computes exactly as the in-process labeller ({@link org.semisup4j.teacher.OutputTable#write}): its logits in
 * evaluation mode, softmax in double precision, the first largest class. Output rows stream out batch by batch, so a
 * partition never holds more than one batch.
 */
final class PoolLabeller implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
    private static final long serialVersionUID = 1L;

    /** The Parquet table's columns. */
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("confidence", DataTypes.DoubleType, false)
            .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /**
     * Spark runs several tasks of one executor in threads of one JVM; a DL4J network is not safe to share between
     * threads, so each thread loads the teacher once (per broadcast) and keeps it for its later partitions.
     */
    private static final ThreadLocal<Loaded> TEACHER = new ThreadLocal<>();

    private record Loaded(String id, TrainedTeacher teacher) {}

    private final Broadcast<TeacherFiles> teacherFiles;
    private final int[] featureColumns;
    private final int batchSize;

    PoolLabeller(Broadcast<TeacherFiles> teacherFiles, int[] featureColumns, int batchSize) {
        this.teacherFiles = teacherFiles;
        this.featureColumns = featureColumns;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) {
        TrainedTeacher teacher = teacher(teacherFiles.value());
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                if (!batch.hasNext() && rows.hasNext()) batch = label(teacher, nextBatch(rows)).iterator();
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return batch.next();
            }
        };
    }

    private List<Tuple2<Row, Long>> nextBatch(Iterator<Tuple2<Row, Long>> rows) {
        List<Tuple2<Row, Long>> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) batch.add(rows.next());
        return batch;
    }

    private List<Row> label(TrainedTeacher teacher, List<Tuple2<Row, Long>> batch) {
        float[][] x = new float[batch.size()][featureColumns.length];
        for (int i = 0; i < x.length; i++) {
            Row r = batch.get(i)._1();
            for (int j = 0; j < featureColumns.length; j++) {
                if (r.isNullAt(featureColumns[j]))
                    throw new IllegalArgumentException("row " + batch.get(i)._2() + ": column " + r.schema().fields()[featureColumns[j]].name()
                            + " is empty; every feature needs a number");
                x[i][j] = (float) r.getDouble(featureColumns[j]);
            }
        }
        INDArray p = Probabilities.softmax(teacher.logits(Nd4j.createFromArray(x), null).castTo(DataType.DOUBLE));
        int[] label = Probabilities.argmax(p);
        double[][] probabilities = p.toDoubleMatrix();
        List<Row> out = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++)
            out.add(RowFactory.create(batch.get(i)._2(), label[i], probabilities[i][label[i]], probabilities[i]));
        return out;
    }

    private static TrainedTeacher teacher(TeacherFiles files) {
        Loaded loaded = TEACHER.get();
        if (loaded == null || !loaded.id().equals(files.id())) {
            loaded = new Loaded(files.id(), files.open());
            TEACHER.set(loaded);
        }
        return loaded.teacher();
    }
}
