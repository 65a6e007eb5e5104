package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A picture of what augmentations do, for notebooks: a grid whose first row holds the original images
 * and each further row the same images through one augmentation (columns = examples). The row's name is
 * written at its left and, for per-example augmentations, the operations actually applied are written
 * under each image. Grey ({@code C = 1}) and colour ({@code C = 3}) images.
 *
 * <pre>{@code
 * BufferedImage grid = AugmentationGallery.of(images)
 *         .row("weak", Augmentations.weak())
 *         .row("strong", Augmentations.strong())
 *         .columns(8).scale(3).seed(1)
 *         .render();
 * }</pre>
 */
public final class AugmentationGallery {
    private static final int LABEL_COLUMN = 170;
    private static final int MIN_CELL = 100;
    private static final int PAD = 6;
    private static final int LINE = 13;
    private static final Font ROW_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font OP_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private final INDArray images;
    private final List<String> names = new ArrayList<>();
    private final List<Augmentation> rows = new ArrayList<>();
    private int columns = 8;
    private int scale = 3;
    private long seed = 0;

    private AugmentationGallery(INDArray images) {
        ExampleShape shape = ExampleShape.ofBatch(images.shape());
        if (!shape.isImage() || (shape.channels() != 1 && shape.channels() != 3)) {
            throw new IllegalArgumentException("AugmentationGallery shows images [N,1,H,W] or [N,3,H,W], got "
                    + Arrays.toString(images.shape()));
        }
        if (images.size(0) == 0) {
            throw new IllegalArgumentException("AugmentationGallery needs at least one image");
        }
        this.images = images;
    }

    /** A gallery of the first {@link #columns(int)} images of {@code images} [N,C,H,W] (C = 1 or 3). */
    public static AugmentationGallery of(INDArray images) {
        return new AugmentationGallery(images);
    }

    /** Adds a row named by the augmentation's own description. */
    public AugmentationGallery row(Augmentation augmentation) {
        return row(augmentation.describe(), augmentation);
    }

    public AugmentationGallery row(String name, Augmentation augmentation) {
        names.add(name);
        rows.add(augmentation);
        return this;
    }

    /** How many examples to show (at most the batch size). */
    public AugmentationGallery columns(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("AugmentationGallery columns must be ≥ 1, got " + count);
        }
        columns = count;
        return this;
    }

    /** Each image pixel becomes scale × scale screen pixels. */
    public AugmentationGallery scale(int factor) {
        if (factor < 1 || factor > 32) {
            throw new IllegalArgumentException("AugmentationGallery scale must be in 1..32, got " + factor);
        }
        scale = factor;
        return this;
    }

    /** Seed for the augmentations' randomness: the same seed draws the same picture. */
    public AugmentationGallery seed(long value) {
        seed = value;
        return this;
    }

    public BufferedImage render() {
        ExampleShape shape = ExampleShape.ofBatch(images.shape());
        int n = (int) Math.min(columns, images.size(0));
        int len = shape.length();
        float[] all = FloatBatch.read(images, "AugmentationGallery");
        float[][] originals = new float[n][];
        for (int i = 0; i < n; i++) {
            originals[i] = Arrays.copyOfRange(all, i * len, (i + 1) * len);
        }

        // Augment first, so each row's height can fit its longest list of operations.
        List<float[][]> rowImages = new ArrayList<>();
        List<List<List<String>>> rowTraces = new ArrayList<>();
        rowImages.add(originals);
        rowTraces.add(emptyTraces(n));
        for (int r = 0; r < rows.size(); r++) {
            SplittableRandom rowRng = new SplittableRandom(seed * 1_000_003L + r);
            float[][] out = new float[n][];
            List<List<String>> traces = emptyTraces(n);
            Augmentation aug = rows.get(r);
            if (aug instanceof ExampleAugmentation perExample) {
                perExample.checkShape(shape);
                for (int i = 0; i < n; i++) {
                    out[i] = perExample.applyToExample(originals[i], shape, rowRng.split(), traces.get(i));
                }
            } else {
                float[] augmented = FloatBatch.read(aug.apply(images.get(NDArrayIndex.interval(0, n)), rowRng), names.get(r));
                for (int i = 0; i < n; i++) {
                    out[i] = Arrays.copyOfRange(augmented, i * len, (i + 1) * len);
                }
            }
            rowImages.add(out);
            rowTraces.add(traces);
        }
        List<String> rowNames = new ArrayList<>();
        rowNames.add("original");
        rowNames.addAll(names);
        return draw(shape, rowNames, rowImages, rowTraces);
    }

    private BufferedImage draw(ExampleShape shape, List<String> rowNames, List<float[][]> rowImages,
                               List<List<List<String>>> rowTraces) {
        int imgW = shape.width() * scale;
        int imgH = shape.height() * scale;
        int cellW = Math.max(imgW, MIN_CELL) + PAD;
        int n = rowImages.get(0).length;
        int[] rowHeights = new int[rowImages.size()];
        int totalH = PAD;
        for (int r = 0; r < rowHeights.length; r++) {
            int lines = rowTraces.get(r).stream().mapToInt(List::size).max().orElse(0);
            rowHeights[r] = Math.max(imgH + PAD + lines * LINE, 4 * LINE) + PAD;
            totalH += rowHeights[r];
        }
        BufferedImage canvas = new BufferedImage(LABEL_COLUMN + n * cellW + PAD, totalH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            int y = PAD;
            for (int r = 0; r < rowHeights.length; r++) {
                g.setColor(Color.BLACK);
                g.setFont(ROW_FONT);
                drawWrapped(g, rowNames.get(r), PAD, y, LABEL_COLUMN - 2 * PAD);
                for (int i = 0; i < n; i++) {
                    int x = LABEL_COLUMN + i * cellW + (cellW - imgW) / 2;
                    drawImage(canvas, rowImages.get(r)[i], shape, x, y);
                    g.setColor(Color.DARK_GRAY);
                    g.setFont(OP_FONT);
                    FontMetrics fm = g.getFontMetrics();
                    int ty = y + imgH + PAD + fm.getAscent();
                    for (String op : rowTraces.get(r).get(i)) {
                        g.drawString(fit(op, fm, cellW - 2), LABEL_COLUMN + i * cellW + 1, ty);
                        ty += LINE;
                    }
                }
                y += rowHeights[r];
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(0, y - PAD / 2, canvas.getWidth(), y - PAD / 2);
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    private void drawImage(BufferedImage canvas, float[] x, ExampleShape s, int left, int top) {
        int plane = s.planeSize();
        boolean colour = s.channels() == 3;
        for (int row = 0; row < s.height(); row++) {
            for (int col = 0; col < s.width(); col++) {
                int i = row * s.width() + col;
                int r = ImageOps.toByte(x[i]);
                int g = colour ? ImageOps.toByte(x[plane + i]) : r;
                int b = colour ? ImageOps.toByte(x[2 * plane + i]) : r;
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        canvas.setRGB(left + col * scale + dx, top + row * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** Word-wraps {@code text} into {@code width} pixels starting at ({@code x}, {@code top}). */
    private static void drawWrapped(Graphics2D g, String text, int x, int top, int width) {
        FontMetrics fm = g.getFontMetrics();
        int y = top + fm.getAscent();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                g.drawString(line.toString(), x, y);
                y += fm.getHeight();
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            g.drawString(fit(line.toString(), fm, width), x, y);
        }
    }

    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private static List<List<String>> emptyTraces(int n) {
        List<List<String>> traces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            traces.add(new ArrayList<>());
        }
        return traces;
    }
}
