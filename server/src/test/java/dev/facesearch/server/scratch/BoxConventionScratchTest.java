package dev.facesearch.server.scratch;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.testing.DlibReference;
import dev.facesearch.server.testing.HardCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "scratch", matches = "box")
class BoxConventionScratchTest {
  @Test
  void measure() throws Exception {
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        FaceModels models = new FaceModels(registry, 1)) {
      for (DetectorKind kind : DetectorKind.values()) {
        List<double[]> rows = new ArrayList<>();
        int missed = 0;
        for (DlibReference.Entry e : DlibReference.load()) {
          if (e.source().variant() != HardCases.Variant.ORIGINAL
              && e.source().variant() != HardCases.Variant.GRAY) {
            continue;
          }
          RgbImage image = e.imageIfSame();
          DetectionSettings.Resolved r = DetectionSettings.of(kind).resolve();
          List<Detection> found = models.detector(kind).detect(image, r.options());
          for (DlibReference.Face f : e.faces(1)) {
            double fw = f.right() - f.left() + 1;
            double fh = f.bottom() - f.top() + 1;
            Detection best = null;
            double bestIou = 0.3;
            for (Detection d : found) {
              double ix = Math.min(d.x() + d.width(), f.right() + 1) - Math.max(d.x(), f.left());
              double iy = Math.min(d.y() + d.height(), f.bottom() + 1) - Math.max(d.y(), f.top());
              if (ix <= 0 || iy <= 0) continue;
              double inter = ix * iy;
              double iou = inter / (fw * fh + d.width() * d.height() - inter);
              if (iou > bestIou) {
                bestIou = iou;
                best = d;
              }
            }
            if (best == null) {
              missed++;
              continue;
            }
            double dcx = (f.left() + f.right() + 1) / 2.0;
            double dcy = (f.top() + f.bottom() + 1) / 2.0;
            double scx = best.x() + best.width() / 2.0;
            double scy = best.y() + best.height() / 2.0;
            rows.add(
                new double[] {
                  (dcx - scx) / best.width(),
                  (dcy - scy) / best.height(),
                  fw / best.width(),
                  fh / best.height(),
                  bestIou,
                  best.width() / (double) best.height()
                });
          }
        }
        System.out.printf("%s: matched %d missed %d%n", kind, rows.size(), missed);
        String[] names = {"dx/w", "dy/h", "w ratio", "h ratio", "iou", "aspect"};
        for (int c = 0; c < names.length; c++) {
          final int col = c;
          double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
          System.out.printf(
              "  %-8s median %.4f  p10 %.4f  p90 %.4f%n",
              names[c], v[v.length / 2], v[v.length / 10], v[v.length * 9 / 10]);
        }
      }
    }
  }
}
