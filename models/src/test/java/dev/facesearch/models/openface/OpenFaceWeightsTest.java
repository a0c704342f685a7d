package dev.facesearch.models.openface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.onnx.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer table, the generated weights, and both readers against the generated files. */
class OpenFaceWeightsTest {
  @TempDir Path temp;

  @Test
  void layerTable_hasThePublishedParameterCount() {
    assertEquals(OpenFaceLayers.PARAMETERS, OpenFaceLayers.parameters());
    assertEquals(3_733_968L, GeneratedOpenFace.weights().parameterCount());
    assertEquals(37, OpenFaceLayers.convs().size());
  }

  @Test
  void layerTable_channelsChainThroughTheBlocks() {
    int channels = OpenFaceLayers.STEM.getLast().out();
    for (OpenFaceLayers.Inception block : OpenFaceLayers.INCEPTIONS) {
      assertEquals(channels, block.in(), block.name());
      channels = block.out();
    }
    assertEquals(OpenFaceLayers.FEATURES, channels);
  }

  @Test
  void csvFolder_readsBackExactly() throws IOException {
    Path folder = GeneratedOpenFace.csvFolder();
    try (Stream<Path> files = Files.list(folder)) {
      // 224 weight files, and two that are not the model's (the published folder has 226).
      assertEquals(226, files.count());
    }
    assertEquals(224, KerasCsvWeights.fileNames().size());
    assertSameWeights(GeneratedOpenFace.weights(), OpenFaceWeights.read(folder));
  }

  @Test
  void t7File_readsBackExactly() throws IOException {
    assertSameWeights(
        GeneratedOpenFace.weights(), OpenFaceWeights.read(GeneratedOpenFace.t7File()));
  }

  @Test
  void t7File_oldBatchNormRunningStd_becomesVariance() throws IOException {
    Path file = temp.resolve("old-bn.t7");
    Files.write(
        file,
        OpenFaceT7Writer.write(GeneratedOpenFace.weights(), new OpenFaceT7Writer.Options(true, 9)));
    OpenFaceWeights read = OpenFaceWeights.read(file);
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      float[] expected = GeneratedOpenFace.weights().layer(conv).variance().data();
      float[] actual = read.layer(conv).variance().data();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6 * expected[i], conv.batchNorm() + "[" + i + "]");
      }
    }
  }

  @Test
  void t7File_lpPoolingOfTheMean_isRejected() throws IOException {
    Path file = temp.resolve("mean-lp.t7");
    Files.write(
        file,
        OpenFaceT7Writer.write(
            GeneratedOpenFace.weights(), new OpenFaceT7Writer.Options(false, 0)));
    IOException e = assertThrows(IOException.class, () -> OpenFaceWeights.read(file));
    assertTrue(e.getMessage().contains("LpPool"), e.getMessage());
  }

  @Test
  void t7File_truncated_isAnIoError() throws IOException {
    byte[] bytes = Files.readAllBytes(GeneratedOpenFace.t7File());
    Path file = temp.resolve("truncated.t7");
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThrows(IOException.class, () -> OpenFaceWeights.read(file));
  }

  @Test
  void csvFolder_missingFile_namesIt() throws IOException {
    Path folder = temp.resolve("weights");
    Files.createDirectories(folder);
    IOException e = assertThrows(IOException.class, () -> OpenFaceWeights.read(folder));
    assertTrue(e.getMessage().contains("conv1_w.csv"), e.getMessage());
  }

  @Test
  void source_csvChecksumIsStableAndT7IsNotThePublishedFile() throws IOException {
    OpenFaceSource csv = OpenFaceSource.of(GeneratedOpenFace.csvFolder());
    assertEquals(csv.sha256(), OpenFaceSource.of(GeneratedOpenFace.csvFolder()).sha256());
    assertEquals(64, csv.sha256().length());
    assertTrue(csv.warning().isEmpty());
    OpenFaceSource t7 = OpenFaceSource.of(GeneratedOpenFace.t7File());
    assertTrue(t7.warning().isPresent(), "generated weights are not the published file");
    assertEquals("nn4.small2.v1.t7", t7.cardSource().file());
  }

  private static void assertSameWeights(OpenFaceWeights expected, OpenFaceWeights actual) {
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      OpenFaceWeights.ConvBn e = expected.layer(conv);
      OpenFaceWeights.ConvBn a = actual.layer(conv);
      assertTensor(conv.name() + " weight", e.weight(), a.weight());
      assertTensor(conv.name() + " bias", e.bias(), a.bias());
      assertTensor(conv.batchNorm() + " gamma", e.gamma(), a.gamma());
      assertTensor(conv.batchNorm() + " beta", e.beta(), a.beta());
      assertTensor(conv.batchNorm() + " mean", e.mean(), a.mean());
      assertTensor(conv.batchNorm() + " variance", e.variance(), a.variance());
      assertEquals(e.epsilon(), a.epsilon(), conv.batchNorm());
    }
    assertTensor("dense weight", expected.denseWeight(), actual.denseWeight());
    assertTensor("dense bias", expected.denseBias(), actual.denseBias());
  }

  private static void assertTensor(String what, FloatTensor expected, FloatTensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    assertArrayEquals(expected.data(), actual.data(), what);
  }
}
