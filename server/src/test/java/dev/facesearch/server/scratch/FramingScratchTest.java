package dev.facesearch.server.scratch;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceFraming;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.landmark.ShapePredictor;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.testing.DlibReference;
import dev.facesearch.server.testing.HardCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "scratch", matches = "framing")
class FramingScratchTest {
  @Test
  void measure() throws Exception {
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        FaceModels models = new FaceModels(registry, 1)) {
      ShapePredictor sp = ShapePredictor.read(registry.file(FaceModels.DLIB_SHAPE_PREDICTOR));
      dev.facesearch.server.detect.hog.HogFaceDetector hogDetector =
          dev.facesearch.server.detect.hog.HogFaceDetector.read(registry.file(FaceModels.DLIB_HOG));
      for (DetectorKind kind :
          List.of(
              DetectorKind.SSD_MOBILENET_V1,
              DetectorKind.TINY_FACE,
              DetectorKind.HAAR_CASCADE,
              DetectorKind.DLIB_HOG)) {
        int inCropMiss = 0;
        List<Double> inCrop = new ArrayList<>();
        List<Double> direct = new ArrayList<>(),
            refined = new ArrayList<>(),
            refined2 = new ArrayList<>(),
            faceapi = new ArrayList<>(),
            selfRefine = new ArrayList<>();
        for (DlibReference.Entry e : DlibReference.load()) {
          if (e.source().variant() != HardCases.Variant.ORIGINAL) continue;
          RgbImage image = e.imageIfSame();
          List<Detection> found =
              models.detector(kind).detect(image, DetectionSettings.of(kind).resolve().options());
          for (DlibReference.Face f : e.faces(1)) {
            Detection best = null;
            double bestIou = 0.3;
            for (Detection d : found) {
              double ix = Math.min(d.x() + d.width(), f.right() + 1) - Math.max(d.x(), f.left());
              double iy = Math.min(d.y() + d.height(), f.bottom() + 1) - Math.max(d.y(), f.top());
              if (ix <= 0 || iy <= 0) continue;
              double fw = f.right() - f.left() + 1, fh = f.bottom() - f.top() + 1;
              double iou = ix * iy / (fw * fh + d.width() * d.height() - ix * iy);
              if (iou > bestIou) {
                bestIou = iou;
                best = d;
              }
            }
            if (best == null) continue;
            float[] ref = f.landmarks();
            Detection box = FaceFraming.reframe(best, kind, DetectorKind.DLIB_HOG);
            float[] p1 = predict(sp, image, box);
            float[] p2 = predict(sp, image, around(p1));
            float[] p3 = predict(sp, image, around(p2));
            direct.add(err(p1, ref));
            refined.add(err(p2, ref));
            refined2.add(err(p3, ref));
            float[] fa =
                models
                    .landmarker(LandmarkModel.FACE_API)
                    .landmarks(image, List.of(best), kind)
                    .get(0);
            faceapi.add(err(fa, ref));
            // self: HOG box -> refine
            Detection hogBox =
                new Detection(
                    1, f.left(), f.top(), f.right() - f.left() + 1, f.bottom() - f.top() + 1);
            float[] h1 = predict(sp, image, hogBox);
            selfRefine.add(err(predict(sp, image, around(h1)), ref));
            Detection hog = hogInCrop(hogDetector, image, box);
            if (hog != null) {
              inCrop.add(err(predict(sp, image, hog), ref));
            } else {
              inCropMiss++;
              inCrop.add(err(p1, ref));
            }
          }
        }
        System.out.printf(
            "  hog in crop %.4f (p90 %.4f) misses %d%n", med(inCrop), p90(inCrop), inCropMiss);
        System.out.printf(
            "%s faces %d: direct %.4f (p90 %.4f)  refined %.4f (p90 %.4f)  refined twice %.4f  face-api %.4f  hog-box refined %.4f%n",
            kind,
            direct.size(),
            med(direct),
            p90(direct),
            med(refined),
            p90(refined),
            med(refined2),
            med(faceapi),
            med(selfRefine));
      }
    }
  }

  static Detection hogInCrop(
      dev.facesearch.server.detect.hog.HogFaceDetector hog, RgbImage image, Detection box) {
    double side = Math.sqrt(box.width() * box.height());
    double target = 110;
    double scale = target / side;
    int n = (int) Math.round(2.2 * target);
    double cx = box.x() + box.width() / 2.0, cy = box.y() + box.height() / 2.0;
    double x0 = cx - n / 2.0 / scale, y0 = cy - n / 2.0 / scale;
    byte[] out = new byte[n * n * 3];
    byte[] in = image.pixels();
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double sx = x0 + (x + 0.5) / scale - 0.5, sy = y0 + (y + 0.5) / scale - 0.5;
        int ix = (int) Math.floor(sx), iy = (int) Math.floor(sy);
        double fx = sx - ix, fy = sy - iy;
        for (int c = 0; c < 3; c++) {
          double v = 0;
          for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++) {
              int px = Math.min(Math.max(ix + dx, 0), image.width() - 1),
                  py = Math.min(Math.max(iy + dy, 0), image.height() - 1);
              double w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
              v += w * Byte.toUnsignedInt(in[(py * image.width() + px) * 3 + c]);
            }
          out[(y * n + x) * 3 + c] = (byte) Math.round(v);
        }
      }
    }
    RgbImage crop = new RgbImage(n, n, out);
    var found = hog.detect(crop, 0, -0.5);
    dev.facesearch.server.detect.hog.HogDetection best = null;
    double bestD = 1e9;
    for (var d : found) {
      double dcx = (d.left() + d.right() + 1) / 2.0 - n / 2.0,
          dcy = (d.top() + d.bottom() + 1) / 2.0 - n / 2.0;
      double dist = Math.hypot(dcx, dcy);
      if (dist < 0.3 * target
          && dist < bestD
          && d.width() > 0.6 * target
          && d.width() < 1.6 * target) {
        bestD = dist;
        best = d;
      }
    }
    if (best == null) return null;
    return new Detection(
        1,
        (float) (x0 + best.left() / scale),
        (float) (y0 + best.top() / scale),
        (float) (best.width() / scale),
        (float) (best.height() / scale));
  }

  static float[] predict(ShapePredictor sp, RgbImage image, Detection box) {
    return sp.predict(
        image,
        Math.round(box.x()),
        Math.round(box.y()),
        Math.round(box.x() + box.width()) - 1,
        Math.round(box.y() + box.height()) - 1);
  }

  static Detection around(float[] points) {
    double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
    for (int i = 0; i < points.length; i += 2) {
      minX = Math.min(minX, points[i]);
      maxX = Math.max(maxX, points[i]);
      minY = Math.min(minY, points[i + 1]);
      maxY = Math.max(maxY, points[i + 1]);
    }
    double side = 1.0828 * Math.sqrt((maxX - minX) * (maxY - minY));
    double cx = (minX + maxX) / 2 - 0.0236 * side, cy = (minY + maxY) / 2 - 0.1049 * side;
    return new Detection(
        1, (float) (cx - side / 2), (float) (cy - side / 2), (float) side, (float) side);
  }

  static double err(float[] p, float[] ref) {
    double io = Math.hypot(ref[72] - ref[90], ref[73] - ref[91]);
    double sum = 0;
    for (int i = 0; i < 136; i += 2) sum += Math.hypot(p[i] - ref[i], p[i + 1] - ref[i + 1]);
    return sum / 68 / io;
  }

  static double med(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  static double p90(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() * 9 / 10);
  }
}
