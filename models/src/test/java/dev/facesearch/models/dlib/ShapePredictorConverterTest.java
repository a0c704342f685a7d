package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShapePredictorConverterTest {
  private static final ShapePredictorLayout SMALL = new ShapePredictorLayout(3, 2, 4, 2, 5);

  private static byte[] convert(byte[] dat, ShapePredictorLayout layout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ShapePredictorConverter.convert(new ByteArrayInputStream(dat), out, layout);
    return out.toByteArray();
  }

  private static String failure(byte[] dat, ShapePredictorLayout layout) {
    return assertThrows(IOException.class, () -> convert(dat, layout)).getMessage();
  }

  @Test
  void convert_syntheticModel_copiesEveryValueBitForBit() throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      SyntheticShapeModel model = SyntheticShapeModel.random(SMALL, seed);
      byte[] compact = convert(model.toDlib(), SMALL);

      assertEquals(ShapePredictorConverter.compactSize(SMALL), compact.length);
      CompactShapeFile file = CompactShapeFile.parse(compact);
      assertEquals(SMALL, file.layout());
      assertBits(model.initialShape, file.initialShape());
      assertBits(model.leaves, file.leaves());
      assertArrayEquals(model.splitFeatures, file.splitFeatures());
      assertBits(model.thresholds, file.thresholds());
      assertArrayEquals(model.anchors, file.anchors());
      assertBits(model.deltas, file.deltas());
    }
  }

  @Test
  void convert_depthOneSinglePart_works() throws IOException {
    ShapePredictorLayout tiny = new ShapePredictorLayout(1, 1, 1, 1, 1);
    SyntheticShapeModel model = SyntheticShapeModel.random(tiny, 7);
    CompactShapeFile file = CompactShapeFile.parse(convert(model.toDlib(), tiny));
    assertBits(model.leaves, file.leaves());
  }

  @Test
  void convert_otherLayout_namesTheMismatch() {
    byte[] dat = SyntheticShapeModel.random(SMALL, 1).toDlib();
    assertTrue(
        failure(dat, new ShapePredictorLayout(4, 2, 4, 2, 5))
            .contains("initial shape is a 6x1 matrix, expected 8x1"));
    assertTrue(
        failure(dat, new ShapePredictorLayout(3, 3, 4, 2, 5))
            .contains("2 cascades (forests), expected 3"));
    assertTrue(
        failure(dat, new ShapePredictorLayout(3, 2, 5, 2, 5))
            .contains("4 trees in cascade 0, expected 5"));
    assertTrue(
        failure(dat, new ShapePredictorLayout(3, 2, 4, 3, 5))
            .contains("3 splits in tree 0 of cascade 0 (depth 3), expected 7"));
    assertTrue(
        failure(dat, new ShapePredictorLayout(3, 2, 4, 2, 6))
            .contains("5 anchors in cascade 0, expected 6"));
  }

  @Test
  void convert_wrongVersion_fails() {
    SyntheticShapeModel model = SyntheticShapeModel.random(SMALL, 2);
    model.version = 2;
    assertTrue(failure(model.toDlib(), SMALL).contains("version 2, expected 1"));
  }

  @Test
  void convert_indexOutOfRange_fails() {
    SyntheticShapeModel model = SyntheticShapeModel.random(SMALL, 3);
    model.splitFeatures[17] = SMALL.features();
    assertTrue(
        failure(model.toDlib(), SMALL)
            .contains("feature of tree 2 of cascade 0 is 5, out of range 0-4"));

    model = SyntheticShapeModel.random(SMALL, 3);
    model.anchors[6] = SMALL.parts();
    assertTrue(
        failure(model.toDlib(), SMALL).contains("anchor of cascade 1 is 3, out of range 0-2"));
  }

  @Test
  void convert_nonFiniteValue_fails() {
    SyntheticShapeModel model = SyntheticShapeModel.random(SMALL, 4);
    model.leaves[50] = Float.NaN;
    assertTrue(failure(model.toDlib(), SMALL).contains("leaf 0 of tree 2 of cascade 0 is NaN"));

    model = SyntheticShapeModel.random(SMALL, 4);
    model.deltas[3] = Float.POSITIVE_INFINITY;
    assertTrue(failure(model.toDlib(), SMALL).contains("delta of cascade 0 is Infinity"));
  }

  @Test
  void convert_truncatedStream_failsAtEveryCut() {
    byte[] dat = SyntheticShapeModel.random(SMALL, 5).toDlib();
    for (int length = 0; length < dat.length; length += 37) {
      byte[] cut = Arrays.copyOf(dat, length);
      assertThrows(EOFException.class, () -> convert(cut, SMALL), "cut at " + length);
    }
  }

  @Test
  void convert_trailingBytes_fails() {
    byte[] dat = SyntheticShapeModel.random(SMALL, 6).toDlib();
    byte[] longer = Arrays.copyOf(dat, dat.length + 1);
    assertTrue(failure(longer, SMALL).contains("unexpected bytes after the end"));
  }

  private static void assertBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "value " + i);
    }
  }
}
