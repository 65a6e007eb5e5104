package org.semisup4j.plot;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGridTest {

    @Test
    void gridPlacesScaledTilesAndKeepsIntensities() throws IOException {
        INDArray batch = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 2, 2);
        batch.putScalar(new long[]{1, 0, 0, 1}, 1.0); // image 1, top-right pixel white
        ImageGrid grid = Plots.images("Batch", batch).columns(2).scale(3).captions("a", "b", "c");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(grid.toPng().orElseThrow()));
        // 2 columns × (6 px + 2 gap) + 2 = 18 wide, 2 rows → 18 high
        assertEquals(18, image.getWidth());
        assertEquals(18, image.getHeight());
        int left = 2 + 8; // second tile
        assertEquals(0xFFFFFF, image.getRGB(left + 3, 2) & 0xFFFFFF, "white pixel scaled ×3");
        assertEquals(0x000000, image.getRGB(left + 2, 2) & 0xFFFFFF);
        String html = grid.toHtml();
        assertEquals(3, html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("<figcaption style=\"font-size:11px\">b</figcaption>"));
        assertTrue(grid.toText().contains("3 images, 2x2"));
    }

    @Test
    void rejectsNonImageShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.images("x", Nd4j.zeros(2, 5, 4, 4)));
        assertTrue(e.getMessage().contains("NCHW"), e.getMessage());
    }
}
