package dev.facesearch.client.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocChartTest {
  @TempDir Path dir;

  @Test
  void write_decodesAtTheRequestedSizeWithACurve() throws IOException {
    List<RocPoint> roc =
        List.of(
            new RocPoint(0.0, 0, 0),
            new RocPoint(0.3, 0, 0.6),
            new RocPoint(0.4, 0.001, 0.9),
            new RocPoint(0.6, 0.05, 0.99),
            new RocPoint(4, 1, 1));
    Path file = dir.resolve("roc.png");
    RocChart.write(
        file,
        800,
        600,
        roc,
        "ROC: AUC 0.99",
        Optional.of(new RocChart.Mark(roc.get(2), "TAR 0.9 at FAR 1e-3")));
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(800, image.getWidth());
    assertEquals(600, image.getHeight());
    int white = 0;
    int blue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb == 0xffffff) {
          white++;
        } else if ((rgb & 0xff) > 0x90 && (rgb >> 16 & 0xff) < 0x60) {
          blue++;
        }
      }
    }
    assertTrue(white > 800 * 600 / 2, "mostly background");
    assertTrue(blue > 500, "the curve is drawn: " + blue + " bluish pixels");
  }
}
