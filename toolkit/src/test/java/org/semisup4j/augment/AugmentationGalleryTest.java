package org.semisup4j.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationGalleryTest {

    /** Finds the top-left pixel of the first image cell by its known colour. */
    private static int[] locate(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return new int[]{x, y};
                }
            }
        }
        return null;
    }

    @Test
    void rgbGridShowsOriginalsThenOneRowPerAugmentation() throws IOException {
        INDArray x = AugmentationsTest.images(6, 3, 32, 1);
        // Mark the first image's top-left pixel with a colour no random pixel will have exactly.
        x.putScalar(new long[]{0, 0, 0, 0}, 1f);
        x.putScalar(new long[]{0, 1, 0, 0}, 0f);
        x.putScalar(new long[]{0, 2, 0, 0}, 1f);
        AugmentationGallery gallery = AugmentationGallery.of(x).columns(4).scale(2).seed(3)
                .row("weak", Augmentations.weak())
                .row("strong", Augmentations.strong());
        BufferedImage a = gallery.render();
        BufferedImage b = gallery.render();
        int[] corner = locate(a, 0xFF00FF);
        assertTrue(corner != null, "the first original is drawn");
        // Scale 2: the marked pixel covers a 2 × 2 block, and the next pixel to the right is image pixel (0,1).
        assertEquals(0xFF00FF, a.getRGB(corner[0] + 1, corner[1] + 1) & 0xFFFFFF);
        int r = ImageOps.toByte(x.getFloat(0, 0, 0, 1));
        int g = ImageOps.toByte(x.getFloat(0, 1, 0, 1));
        int bl = ImageOps.toByte(x.getFloat(0, 2, 0, 1));
        assertEquals((r << 16) | (g << 8) | bl, a.getRGB(corner[0] + 2, corner[1]) & 0xFFFFFF);
        assertTrue(a.getWidth() >= 4 * 64 && a.getHeight() >= 3 * 64, a.getWidth() + "×" + a.getHeight());
        for (int y = 0; y < a.getHeight(); y += 7) {
            for (int xx = 0; xx < a.getWidth(); xx += 7) {
                assertEquals(a.getRGB(xx, y), b.getRGB(xx, y), "same seed, same picture");
            }
        }
        File out = new File(System.getProperty("java.io.tmpdir"), "semisup4j-gallery-rgb.png");
        ImageIO.write(a, "png", out);
        assertTrue(out.length() > 0);
    }

    @Test
    void greyImagesAreDrawnGreyAndAugmentedRowsDiffer() throws IOException {
        INDArray x = AugmentationsTest.images(3, 1, 28, 2);
        BufferedImage img = AugmentationGallery.of(x).scale(3).row(new HorizontalFlip(1.0)).row(RandAugment.fixMatch()).render();
        int grey = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int xx = 0; xx < img.getWidth(); xx++) {
                int p = img.getRGB(xx, y);
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                grey += r == g && g == b ? 1 : 0;
            }
        }
        assertEquals(img.getWidth() * img.getHeight(), grey, "all pixels grey (text is anti-aliased in grey too)");
        ImageIO.write(img, "png", new File(System.getProperty("java.io.tmpdir"), "semisup4j-gallery-grey.png"));

        INDArray one = AugmentationsTest.images(1, 1, 28, 3);
        BufferedImage same = AugmentationGallery.of(one).scale(1).row(Augmentations.identity()).render();
        BufferedImage flipped = AugmentationGallery.of(one).scale(1).row(new HorizontalFlip(1.0)).render();
        assertNotEquals(checksum(same), checksum(flipped));
    }

    private static long checksum(BufferedImage img) {
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                sum = sum * 31 + img.getRGB(x, y);
            }
        }
        return sum;
    }

    @Test
    void refusesWhatItCannotDraw() {
        assertThrows(IllegalArgumentException.class, () -> AugmentationGallery.of(Nd4j.zeros(DataType.FLOAT, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> AugmentationGallery.of(Nd4j.zeros(DataType.FLOAT, 4, 2, 8, 8)));
    }
}
