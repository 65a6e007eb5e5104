package org.semisup4j.augment;

/**
 * Pixel operations on one image stored as a flat C-order {@code float[]} ({@code [C,H,W]}, values in
 * [0,1]). Each returns a new array and leaves its input untouched.
 *
 * <p>The point operations follow the Python Imaging Library (PIL) semantics that RandAugment was
 * defined with, rescaled from 0..255 to [0,1]; the geometric ones sample bilinearly and fill what
 * comes from outside the image with a constant.
 */
public final class ImageOps {
    private ImageOps() {
    }

    // ---------------------------------------------------------------- geometry

    /** Mirror left ↔ right. */
    public static float[] flipHorizontal(float[] x, ExampleShape s) {
        int w = s.width();
        float[] out = new float[x.length];
        for (int row = 0; row < s.channels() * s.height(); row++) {
            int base = row * w;
            for (int col = 0; col < w; col++) {
                out[base + col] = x[base + w - 1 - col];
            }
        }
        return out;
    }

    /**
     * Moves the content by ({@code dx}, {@code dy}) pixels (right, down), filling the uncovered border by
     * reflection (no edge repeat, like numpy's {@code 'reflect'}): the same as reflect-padding and cropping
     * back to the original size.
     */
    public static float[] translateReflect(float[] x, ExampleShape s, int dx, int dy) {
        int h = s.height();
        int w = s.width();
        int[] srcCol = new int[w];
        for (int col = 0; col < w; col++) {
            srcCol[col] = reflect(col - dx, w);
        }
        float[] out = new float[x.length];
        for (int c = 0; c < s.channels(); c++) {
            int plane = c * h * w;
            for (int row = 0; row < h; row++) {
                int srcRow = plane + reflect(row - dy, h) * w;
                int dst = plane + row * w;
                for (int col = 0; col < w; col++) {
                    out[dst + col] = x[srcRow + srcCol[col]];
                }
            }
        }
        return out;
    }

    /** Reflects an index into [0, n) without repeating the edge: -1 → 1, n → n-2. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /**
     * Rotates the content by {@code degrees} counter-clockwise (as displayed) about the image centre,
     * as PIL's {@code rotate} does; the uncovered corners get {@code fill}.
     */
    public static float[] rotate(float[] x, ExampleShape s, double degrees, float fill) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double cx = (s.width() - 1) / 2.0;
        double cy = (s.height() - 1) / 2.0;
        // Inverse map: output (u, v) relative to the centre reads input (u·cos − v·sin, u·sin + v·cos).
        return affine(x, s, cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy, fill);
    }

    /** Horizontal shear about the horizontal centre line: output (x, y) reads input (x + k·(y − cy), y). */
    public static float[] shearX(float[] x, ExampleShape s, double k, float fill) {
        double cy = (s.height() - 1) / 2.0;
        return affine(x, s, 1, k, -k * cy, 0, 1, 0, fill);
    }

    /** Vertical shear about the vertical centre line: output (x, y) reads input (x, y + k·(x − cx)). */
    public static float[] shearY(float[] x, ExampleShape s, double k, float fill) {
        double cx = (s.width() - 1) / 2.0;
        return affine(x, s, 1, 0, 0, k, 1, -k * cx, fill);
    }

    /** Moves the content by ({@code dx}, {@code dy}) pixels (right, down); uncovered pixels get {@code fill}. */
    public static float[] translate(float[] x, ExampleShape s, double dx, double dy, float fill) {
        return affine(x, s, 1, 0, -dx, 0, 1, -dy, fill);
    }

    /**
     * Inverse-mapped affine warp: output pixel (x, y) is the bilinear sample of the input at
     * (a·x + b·y + c, d·x + e·y + f); neighbours outside the image count as {@code fill}.
     */
    public static float[] affine(float[] x, ExampleShape s, double a, double b, double c,
                                 double d, double e, double f, float fill) {
        int h = s.height();
        int w = s.width();
        int planeSize = h * w;
        int channels = s.channels();
        float[] out = new float[x.length];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                double sx = a * col + b * row + c;
                double sy = d * col + e * row + f;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int dst = row * w + col;
                if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
                    for (int ch = 0; ch < channels; ch++) {
                        out[ch * planeSize + dst] = fill;
                    }
                    continue;
                }
                boolean inX0 = x0 >= 0;
                boolean inX1 = x0 + 1 < w;
                boolean inY0 = y0 >= 0;
                boolean inY1 = y0 + 1 < h;
                float w00 = (1 - fx) * (1 - fy);
                float w01 = fx * (1 - fy);
                float w10 = (1 - fx) * fy;
                float w11 = fx * fy;
                for (int ch = 0; ch < channels; ch++) {
                    int p = ch * planeSize;
                    float v00 = inY0 && inX0 ? x[p + y0 * w + x0] : fill;
                    float v01 = inY0 && inX1 ? x[p + y0 * w + x0 + 1] : fill;
                    float v10 = inY1 && inX0 ? x[p + (y0 + 1) * w + x0] : fill;
                    float v11 = inY1 && inX1 ? x[p + (y0 + 1) * w + x0 + 1] : fill;
                    out[p + dst] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
                }
            }
        }
        return out;
    }

    /**
     * Exact rotation by {@code quarterTurns} × 90° counter-clockwise (as {@code numpy.rot90}); needs a
     * square image so the shape is kept.
     */
    public static float[] rotate90(float[] x, ExampleShape s, int quarterTurns) {
        int n = s.width();
        if (s.height() != n) {
            throw new IllegalArgumentException("right-angle rotation needs square images, got " + s);
        }
        int k = Math.floorMod(quarterTurns, 4);
        if (k == 0) {
            return x.clone();
        }
        float[] out = new float[x.length];
        int planeSize = n * n;
        for (int c = 0; c < s.channels(); c++) {
            int p = c * planeSize;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int src = switch (k) {
                        case 1 -> j * n + (n - 1 - i);           // out[i][j] = in[j][n-1-i]
                        case 2 -> (n - 1 - i) * n + (n - 1 - j);  // out[i][j] = in[n-1-i][n-1-j]
                        default -> (n - 1 - j) * n + i;          // out[i][j] = in[n-1-j][i]
                    };
                    out[p + i * n + j] = x[p + src];
                }
            }
        }
        return out;
    }

    /**
     * Sets the square of side {@code size} centred at ({@code centreX}, {@code centreY}) to {@code fill},
     * clipped at the borders (the square spans [centre − size/2, centre − size/2 + size)).
     */
    public static float[] cutout(float[] x, ExampleShape s, int centreX, int centreY, int size, float fill) {
        int h = s.height();
        int w = s.width();
        int x0 = Math.max(0, centreX - size / 2);
        int y0 = Math.max(0, centreY - size / 2);
        int x1 = Math.min(w, centreX - size / 2 + size);
        int y1 = Math.min(h, centreY - size / 2 + size);
        float[] out = x.clone();
        for (int c = 0; c < s.channels(); c++) {
            for (int row = y0; row < y1; row++) {
                int base = c * h * w + row * w;
                for (int col = x0; col < x1; col++) {
                    out[base + col] = fill;
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- point operations

    /** Stretches each channel so its darkest pixel becomes 0 and its brightest 1 (flat channels stay). */
    public static float[] autoContrast(float[] x, ExampleShape s) {
        int planeSize = s.planeSize();
        float[] out = new float[x.length];
        for (int c = 0; c < s.channels(); c++) {
            int p = c * planeSize;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = p; i < p + planeSize; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            float scale = hi > lo ? 1f / (hi - lo) : 0f;
            for (int i = p; i < p + planeSize; i++) {
                out[i] = hi > lo ? (x[i] - lo) * scale : x[i];
            }
        }
        return out;
    }

    /**
     * Histogram equalisation of each channel over 256 levels, PIL's algorithm: the lookup table spreads
     * the cumulative histogram evenly over 0..255 (the output is quantised to 256 levels).
     */
    public static float[] equalize(float[] x, ExampleShape s) {
        int planeSize = s.planeSize();
        float[] out = new float[x.length];
        int[] hist = new int[256];
        float[] lut = new float[256];
        for (int c = 0; c < s.channels(); c++) {
            int p = c * planeSize;
            java.util.Arrays.fill(hist, 0);
            for (int i = p; i < p + planeSize; i++) {
                hist[toByte(x[i])]++;
            }
            int lastNonZero = 0;
            int nonZeroBins = 0;
            for (int v = 0; v < 256; v++) {
                if (hist[v] > 0) {
                    lastNonZero = hist[v];
                    nonZeroBins++;
                }
            }
            int step = (planeSize - lastNonZero) / 255;
            if (nonZeroBins <= 1 || step == 0) {
                System.arraycopy(x, p, out, p, planeSize);
                continue;
            }
            int n = step / 2;
            for (int v = 0; v < 256; v++) {
                lut[v] = Math.min(n / step, 255) / 255f;
                n += hist[v];
            }
            for (int i = p; i < p + planeSize; i++) {
                out[i] = lut[toByte(x[i])];
            }
        }
        return out;
    }

    /** Inverts ({@code v → 1 − v}) every value at or above {@code threshold}. */
    public static float[] solarize(float[] x, float threshold) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] >= threshold ? 1f - x[i] : x[i];
        }
        return out;
    }

    /** Keeps the top {@code bits} bits of each value's 8-bit form (1 ≤ bits ≤ 8). */
    public static float[] posterize(float[] x, int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("posterize bits must be in 1..8, got " + bits);
        }
        int mask = (0xFF << (8 - bits)) & 0xFF;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (toByte(x[i]) & mask) / 255f;
        }
        return out;
    }

    /** Brightness: blend with black; factor 0 is black, 1 the original. */
    public static float[] brightness(float[] x, float factor) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = clamp01(factor * x[i]);
        }
        return out;
    }

    /**
     * Colour (saturation): blend with the image's grey version (ITU-R 601 luma); factor 0 is grey, 1 the
     * original. Images with other than 3 channels have no colour and come back unchanged.
     */
    public static float[] color(float[] x, ExampleShape s, float factor) {
        if (s.channels() != 3) {
            return x.clone();
        }
        int planeSize = s.planeSize();
        float[] out = new float[x.length];
        for (int i = 0; i < planeSize; i++) {
            float grey = luma(x, i, planeSize);
            for (int c = 0; c < 3; c++) {
                int k = c * planeSize + i;
                out[k] = clamp01(grey + factor * (x[k] - grey));
            }
        }
        return out;
    }

    /** Contrast: blend with the mean grey level of the whole image; factor 0 is flat grey, 1 the original. */
    public static float[] contrast(float[] x, ExampleShape s, float factor) {
        int planeSize = s.planeSize();
        double sum = 0;
        if (s.channels() == 3) {
            for (int i = 0; i < planeSize; i++) {
                sum += luma(x, i, planeSize);
            }
            sum /= planeSize;
        } else {
            for (float v : x) {
                sum += v;
            }
            sum /= x.length;
        }
        float mean = (float) sum;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = clamp01(mean + factor * (x[i] - mean));
        }
        return out;
    }

    /**
     * Sharpness: blend with a smoothed copy (PIL's 3×3 kernel [1 1 1; 1 5 1; 1 1 1]/13, border pixels kept);
     * factor 0 is smooth, 1 the original, above 1 sharper.
     */
    public static float[] sharpness(float[] x, ExampleShape s, float factor) {
        int h = s.height();
        int w = s.width();
        float[] out = x.clone();
        if (h < 3 || w < 3) {
            return out;
        }
        for (int c = 0; c < s.channels(); c++) {
            int p = c * h * w;
            for (int row = 1; row < h - 1; row++) {
                for (int col = 1; col < w - 1; col++) {
                    int k = p + row * w + col;
                    float sum = 4 * x[k];
                    for (int dy = -1; dy <= 1; dy++) {
                        int r = k + dy * w;
                        sum += x[r - 1] + x[r] + x[r + 1];
                    }
                    float smooth = sum / 13f;
                    out[k] = clamp01(smooth + factor * (x[k] - smooth));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static float luma(float[] x, int i, int planeSize) {
        return 0.299f * x[i] + 0.587f * x[planeSize + i] + 0.114f * x[2 * planeSize + i];
    }

    /** The 8-bit level of a [0,1] value (rounded, clamped). */
    static int toByte(float v) {
        int b = Math.round(v * 255f);
        return b < 0 ? 0 : Math.min(b, 255);
    }

    static float clamp01(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }
}
