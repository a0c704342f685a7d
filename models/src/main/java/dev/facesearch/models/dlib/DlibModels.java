package dev.facesearch.models.dlib;

import dev.facesearch.models.ModelCard;
import dev.facesearch.models.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * dlib's face models from Debian's dlib packages, each in the compact form of our own that the
 * server reads quickly: the HOG frontal face detector ({@link HogDetectorConverter}) and the
 * 68-point shape predictor ({@link ShapePredictorConverter}).
 */
public final class DlibModels {
  private DlibModels() {}

  /** The detector's name in models.json. */
  public static final String HOG = "dlib_hog_frontal_face";

  /** The shape predictor's name in models.json. */
  public static final String SHAPE_PREDICTOR = "dlib_shape_predictor_68";

  /** SHA-256 of dlib's {@code shape_predictor_68_face_landmarks.dat} (99,693,937 bytes). */
  public static final String SHAPE_PREDICTOR_SHA256 =
      "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f";

  /** What the recipe of models.json says of these models: the content they are made from. */
  public static String recipe() {
    return "dlib detector sha256 "
        + FrontalFaceDetectorHeader.SERIALIZED_SHA256
        + ", shape predictor sha256 "
        + SHAPE_PREDICTOR_SHA256;
  }

  /**
   * Builds both models.
   *
   * @param devFile the user's libdlib-dev package or frontal_face_detector.h, or null for the cache
   * @param dataFile the user's libdlib-data package or the .dat, or null for the cache
   * @param cache where packages are downloaded to with apt-get
   */
  public static List<ModelFile> build(Path devFile, Path dataFile, Path cache)
      throws IOException, InterruptedException {
    return List.of(detector(devFile, cache), shapePredictor(dataFile, cache));
  }

  private static ModelFile detector(Path devFile, Path cache)
      throws IOException, InterruptedException {
    DlibFile.Read<byte[]> header =
        DlibFile.FRONTAL_FACE_DETECTOR.read(
            devFile,
            cache,
            in ->
                FrontalFaceDetectorHeader.serializedDetector(
                    new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
    byte[] compact = HogDetectorConverter.convert(header.value());
    return new ModelFile(
        HOG,
        HOG + ".bin",
        compact,
        new ModelCard(
            "face-detection",
            header.source(),
            new ModelCard.Tensor(
                "image", List.of(-1, -1, 3), "an 8-bit RGB (or grayscale) image of any size"),
            "None by the caller: the server computes dlib's fHOG features (31 per 8x8 cell) on"
                + " dlib's 5/6 image pyramid and scans them with the detector's 5 linear filters"
                + " of 10x10 cells (80x80 pixels), exactly as dlib 19.24's"
                + " get_frontal_face_detector() does; upsample n first doubles the image n times"
                + " with dlib's pyramid_up, as dlib's Python API does. The file is our compact"
                + " form of dlib's serialized object_detector<scan_fhog_pyramid<pyramid_down<6>>>,"
                + " decoded from the base64, compressed (compress_stream kernel_1ea) string in"
                + " dlib/image_processing/frontal_face_detector.h.",
            List.of(
                new ModelCard.Tensor(
                    "faces",
                    List.of(-1, 4),
                    "dlib rectangles (left, top, right, bottom, inclusive) in image pixels, each"
                        + " with dlib's detection confidence (kept when above 0) and the filter"
                        + " that found it; the server reports the logistic of the confidence as"
                        + " the score")),
            "none",
            null));
  }

  private static ModelFile shapePredictor(Path dataFile, Path cache)
      throws IOException, InterruptedException {
    DlibFile.Read<byte[]> dat =
        DlibFile.SHAPE_PREDICTOR_68.read(dataFile, cache, DlibModels::checkedCompact);
    return new ModelFile(
        SHAPE_PREDICTOR,
        SHAPE_PREDICTOR + ".bin",
        dat.value(),
        new ModelCard(
            "face-landmarks-68",
            dat.source(),
            new ModelCard.Tensor(
                "image and box",
                List.of(-1, -1, 3),
                "an 8-bit RGB image and a face box in dlib's rectangle convention (as dlib's HOG"
                    + " detector draws it)"),
            "None by the caller: the server samples pixel intensities ((R+G+B)/3) at 500"
                + " feature points per cascade, placed relative to the current shape by a"
                + " similarity transform, and runs 15 cascades of 500 regression trees of depth 4"
                + " (Kazemi and Sullivan), exactly as dlib 19.24's shape_predictor does. Boxes of"
                + " other detectors are moved onto dlib's framing first. The file is our compact"
                + " form of shape_predictor_68_face_landmarks.dat. LICENCE: see source.license:"
                + " trained on iBUG 300-W, whose terms exclude commercial use.",
            List.of(
                new ModelCard.Tensor(
                    "landmarks",
                    List.of(68, 2),
                    "68 points in the iBUG 300-W order, in image pixels, rounded to whole pixels"
                        + " as dlib's full_object_detection holds them")),
            "none",
            null));
  }

  /** The compact form of a .dat, refused unless the .dat is dlib's own 68-point model. */
  private static byte[] checkedCompact(InputStream dat) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
    ByteArrayOutputStream compact = new ByteArrayOutputStream(70 << 20);
    DigestInputStream in = new DigestInputStream(dat, sha256);
    ShapePredictorConverter.convert(in, compact);
    in.transferTo(java.io.OutputStream.nullOutputStream());
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(SHAPE_PREDICTOR_SHA256)) {
      throw new IOException(
          "the shape predictor has SHA-256 "
              + actual
              + ", expected "
              + SHAPE_PREDICTOR_SHA256
              + " (dlib's shape_predictor_68_face_landmarks.dat)");
    }
    return compact.toByteArray();
  }
}
