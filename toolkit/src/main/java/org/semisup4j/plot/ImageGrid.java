package org.semisup4j.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A grid of images with optional captions (labels, predictions). In HTML each tile is a PNG data
 * URI with its caption; the {@code image/png} form is the whole grid as one picture.
 */
public final class ImageGrid extends Displayable {

    private static final int GAP = 2;

    private final String title;
    private final List<BufferedImage> images;
    private String[] captions = new String[0];
    private int columns = 8;
    private int scale = 2;

    private ImageGrid(String title, List<BufferedImage> images) {
        this.title = Objects.requireNonNull(title, "title");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("image grid '" + title + "': no images");
        }
        this.images = List.copyOf(images);
    }

    static ImageGrid of(String title, List<BufferedImage> images) {
        return new ImageGrid(title, images);
    }

    /**
     * Images from an NCHW batch with 1 (grey) or 3 (RGB) channels. Values in [0, 1] are taken as
     * intensities; a batch whose maximum exceeds 1 is taken as 0–255.
     */
    static ImageGrid of(String title, INDArray batch) {
        if (batch.rank() != 4 || (batch.size(1) != 1 && batch.size(1) != 3)) {
            throw new IllegalArgumentException("image grid '" + title
                    + "': expected an NCHW batch with 1 or 3 channels, got shape "
                    + java.util.Arrays.toString(batch.shape()));
        }
        INDArray images = batch.castTo(DataType.FLOAT);
        double max = images.maxNumber().doubleValue();
        double toByte = max > 1.0 ? 1.0 : 255.0;
        int n = (int) images.size(0), channels = (int) images.size(1);
        int height = (int) images.size(2), width = (int) images.size(3);
        float[] values = images.dup('c').data().asFloat();
        List<BufferedImage> out = new ArrayList<>(n);
        int plane = height * width;
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int base = i * channels * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int offset = base + y * width + x;
                    int r = toByte(values[offset], toByte);
                    int g = channels == 3 ? toByte(values[offset + plane], toByte) : r;
                    int b = channels == 3 ? toByte(values[offset + 2 * plane], toByte) : r;
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            out.add(image);
        }
        return new ImageGrid(title, out);
    }

    private static int toByte(float value, double factor) {
        return (int) Math.max(0, Math.min(255, Math.round(value * factor)));
    }

    /** One caption per image (e.g. its label), shown under it in HTML. */
    public ImageGrid captions(String... captions) {
        if (captions.length != images.size()) {
            throw new IllegalArgumentException("image grid '" + title + "': " + captions.length
                    + " captions for " + images.size() + " images");
        }
        this.captions = captions.clone();
        return this;
    }

    /** Images per row (default 8). */
    public ImageGrid columns(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("image grid columns: expected >= 1, got " + columns);
        }
        this.columns = columns;
        return this;
    }

    /** Integer magnification (default 2: a 28×28 image shows as 56×56, pixels kept sharp). */
    public ImageGrid scale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("image grid scale: expected >= 1, got " + scale);
        }
        this.scale = scale;
        return this;
    }

    public int size() {
        return images.size();
    }

    /** The whole grid as one picture. */
    public BufferedImage toImage() {
        int tileW = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1) * scale;
        int tileH = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1) * scale;
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * (tileW + GAP) + GAP, rows * (tileH + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                grid.setRGB(x, y, 0xFFFFFF);
            }
        }
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            int left = GAP + (i % cols) * (tileW + GAP);
            int top = GAP + (i / cols) * (tileH + GAP);
            for (int y = 0; y < image.getHeight() * scale; y++) {
                for (int x = 0; x < image.getWidth() * scale; x++) {
                    grid.setRGB(left + x, top + y, image.getRGB(x / scale, y / scale));
                }
            }
        }
        return grid;
    }

    @Override
    protected boolean hasPng() {
        return true;
    }

    @Override
    public Optional<byte[]> toPng() {
        return Optional.of(png(toImage()));
    }

    private static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        }
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder("<div class=\"semisup4j-images\">\n<div style=\"font-weight:bold;"
                + "margin:4px 0\">").append(Html.escape(title)).append("</div>\n")
                .append("<div style=\"display:grid;grid-template-columns:repeat(")
                .append(Math.min(columns, images.size())).append(", max-content);gap:4px\">\n");
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            html.append("<figure style=\"margin:0;text-align:center\"><img style=\"image-rendering:pixelated\" ")
                    .append("width=\"").append(image.getWidth() * scale).append("\" height=\"")
                    .append(image.getHeight() * scale).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(image))).append("\"/>");
            if (i < captions.length) {
                html.append("<figcaption style=\"font-size:11px\">").append(Html.escape(captions[i]))
                        .append("</figcaption>");
            }
            html.append("</figure>\n");
        }
        return html.append("</div>\n</div>\n").toString();
    }

    @Override
    public String toText() {
        BufferedImage first = images.get(0);
        return title + "\n  " + images.size() + " images, " + first.getWidth() + "x" + first.getHeight()
                + (captions.length > 0 ? ": " + String.join(", ", captions) : "");
    }
}
