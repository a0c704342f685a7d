package dev.facesearch.models.dlib;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Turns a dlib {@code shape_predictor} file (such as {@code shape_predictor_68_face_landmarks.dat})
 * into the compact file that the server's {@code dev.facesearch.server.landmark.ShapePredictor}
 * loads with one flat read, checking every dimension and index on the way.
 *
 * <p>dlib's file (its {@code serialize(shape_predictor)}): int version 1; the initial shape, a
 * float column matrix of 2 x parts values (x0, y0, x1, ...); the forests, a vector of cascades,
 * each a vector of trees, each tree a vector of splits (unsigned long idx1, unsigned long idx2,
 * float threshold) in breadth-first order and a vector of leaves (float column matrices of 2 x
 * parts values); the anchors, per cascade a vector of unsigned long landmark indices; the deltas,
 * per cascade a vector of (float x, float y) offsets. Matrices begin with their rows and columns as
 * longs, negated by newer dlib versions.
 *
 * <p>The compact file, all little-endian:
 *
 * <pre>
 * bytes  8             magic "FSDLIBSP"
 * int32                format version, 1
 * int32 x 5            parts P, cascades C, trees T, depth D, features F (S = 2^D - 1, L = 2^D)
 * float32[2P]          initial shape
 * float32[C*T*L*2P]    leaf values, by cascade, tree, leaf
 * int32[C*T*S*2]       split features, (idx1, idx2) by cascade, tree, split
 * float32[C*T*S]       split thresholds
 * int32[C*F]           anchors (landmark indices), by cascade
 * float32[C*F*2]       deltas (x, y), by cascade
 * int32                CRC32C of every byte before it
 * </pre>
 *
 * <p>Values are copied bit for bit (leaves stay float32), so predictions can match dlib's exactly.
 * The stream is read once and never held whole: only the splits wait in memory for the leaves.
 */
public final class ShapePredictorConverter {
  /** The first bytes of a compact file. */
  public static final String MAGIC = "FSDLIBSP";

  /** The compact format version written. */
  public static final int FORMAT_VERSION = 1;

  private static final int DLIB_VERSION = 1;

  private ShapePredictorConverter() {}

  /**
   * Converts dlib's 68-point face landmark model, checking it has {@link
   * ShapePredictorLayout#DLIB_68}.
   */
  public static void convert(InputStream dat, OutputStream compact) throws IOException {
    convert(dat, compact, ShapePredictorLayout.DLIB_68);
  }

  /**
   * Converts a shape predictor of the given layout. On failure what was written is not a valid
   * compact file (it lacks its checksum) and should be discarded.
   *
   * @throws IOException on a read or write error, or when the model is not a dlib shape predictor
   *     of that layout (the message says what and at which byte)
   */
  public static void convert(InputStream dat, OutputStream compact, ShapePredictorLayout layout)
      throws IOException {
    Objects.requireNonNull(dat, "dat");
    Objects.requireNonNull(compact, "compact");
    Objects.requireNonNull(layout, "layout");
    DlibStreamInput in = new DlibStreamInput(dat);
    LittleEndianOutput out = new LittleEndianOutput(compact);
    int version = in.readInt();
    if (version != DLIB_VERSION) {
      throw in.format(0, "not a dlib shape_predictor: version " + version + ", expected 1");
    }
    writeHeader(out, layout);
    out.writeFloats(readShapeVector(in, layout, "the initial shape"));
    int[] splitFeatures = new int[layout.cascades() * layout.trees() * layout.splits() * 2];
    float[] thresholds = new float[layout.cascades() * layout.trees() * layout.splits()];
    readForests(in, layout, out, splitFeatures, thresholds);
    out.writeInts(splitFeatures);
    out.writeFloats(thresholds);
    readAnchors(in, layout, out);
    readDeltas(in, layout, out);
    in.expectEnd();
    out.finishWithChecksum();
  }

  /**
   * Converts a file to a file, writing a temporary file beside the target and moving it into place,
   * so that a failed conversion leaves no half-written model.
   */
  public static void convert(Path dat, Path compact) throws IOException {
    Path parent = compact.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, compact.getFileName().toString(), ".part");
    try {
      try (InputStream in = Files.newInputStream(dat);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        convert(in, out);
      }
      // A temporary file is private to its owner; the model is not a secret.
      if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(
          temporary, compact, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The size in bytes of the compact file for a layout. */
  public static long compactSize(ShapePredictorLayout layout) {
    long c = layout.cascades();
    long t = layout.trees();
    long shape = 2L * layout.parts();
    long values =
        5
            + shape
            + c * t * layout.leaves() * shape
            + c * t * layout.splits() * 3
            + c * layout.features() * 3
            + 1;
    return MAGIC.length() + 4 + values * 4;
  }

  private static void writeHeader(LittleEndianOutput out, ShapePredictorLayout layout)
      throws IOException {
    out.writeBytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.writeInt(FORMAT_VERSION);
    out.writeInt(layout.parts());
    out.writeInt(layout.cascades());
    out.writeInt(layout.trees());
    out.writeInt(layout.depth());
    out.writeInt(layout.features());
  }

  private static void readForests(
      DlibStreamInput in,
      ShapePredictorLayout layout,
      LittleEndianOutput out,
      int[] splitFeatures,
      float[] thresholds)
      throws IOException {
    expectCount(in, layout.cascades(), "cascades (forests)");
    int split = 0;
    for (int c = 0; c < layout.cascades(); c++) {
      expectCount(in, layout.trees(), "trees in cascade " + c);
      for (int t = 0; t < layout.trees(); t++) {
        String tree = "tree " + t + " of cascade " + c;
        expectCount(in, layout.splits(), "splits in " + tree + " (depth " + layout.depth() + ")");
        for (int s = 0; s < layout.splits(); s++, split++) {
          splitFeatures[2 * split] = readIndex(in, layout.features(), "feature of " + tree);
          splitFeatures[2 * split + 1] = readIndex(in, layout.features(), "feature of " + tree);
          thresholds[split] = readFinite(in, "threshold of " + tree);
        }
        expectCount(in, layout.leaves(), "leaves in " + tree + " (depth " + layout.depth() + ")");
        for (int leaf = 0; leaf < layout.leaves(); leaf++) {
          out.writeFloats(readShapeVector(in, layout, "leaf " + leaf + " of " + tree));
        }
      }
    }
  }

  private static void readAnchors(
      DlibStreamInput in, ShapePredictorLayout layout, LittleEndianOutput out) throws IOException {
    expectCount(in, layout.cascades(), "cascades of anchors");
    for (int c = 0; c < layout.cascades(); c++) {
      expectCount(in, layout.features(), "anchors in cascade " + c);
      for (int f = 0; f < layout.features(); f++) {
        out.writeInt(readIndex(in, layout.parts(), "anchor of cascade " + c));
      }
    }
  }

  private static void readDeltas(
      DlibStreamInput in, ShapePredictorLayout layout, LittleEndianOutput out) throws IOException {
    expectCount(in, layout.cascades(), "cascades of deltas");
    for (int c = 0; c < layout.cascades(); c++) {
      expectCount(in, layout.features(), "deltas in cascade " + c);
      for (int f = 0; f < 2 * layout.features(); f++) {
        out.writeFloat(readFinite(in, "delta of cascade " + c));
      }
    }
  }

  /** A float column matrix of one shape's values (2 x parts). */
  private static float[] readShapeVector(
      DlibStreamInput in, ShapePredictorLayout layout, String what) throws IOException {
    long at = in.offset();
    // Newer dlib writes the dimensions negated to mark its matrix format; both read the same.
    long rows = Math.abs(in.readLong());
    long columns = Math.abs(in.readLong());
    int values = 2 * layout.parts();
    if (columns != 1 || rows != values) {
      throw in.format(
          at,
          what
              + " is a "
              + rows
              + "x"
              + columns
              + " matrix, expected "
              + values
              + "x1 ("
              + layout.parts()
              + " parts)");
    }
    float[] shape = new float[values];
    for (int i = 0; i < values; i++) {
      shape[i] = readFinite(in, what);
    }
    return shape;
  }

  private static void expectCount(DlibStreamInput in, int expected, String what)
      throws IOException {
    long at = in.offset();
    long count = in.readUnsignedLong();
    if (count != expected) {
      throw in.format(at, count + " " + what + ", expected " + expected);
    }
  }

  private static int readIndex(DlibStreamInput in, int bound, String what) throws IOException {
    long at = in.offset();
    long index = in.readUnsignedLong();
    if (index >= bound) {
      throw in.format(at, what + " is " + index + ", out of range 0-" + (bound - 1));
    }
    return (int) index;
  }

  private static float readFinite(DlibStreamInput in, String what) throws IOException {
    long at = in.offset();
    float value = in.readFloat();
    if (!Float.isFinite(value)) {
      throw in.format(at, what + " is " + value);
    }
    return value;
  }
}
