package dev.facesearch.models.golden;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one of the built ONNX models the way the server will: DJL's OnnxRuntime engine, offline,
 * here with raw tensors in and out.
 */
public final class OnnxRunner implements AutoCloseable {
  static {
    // Nothing may reach for the network.
    System.setProperty("ai.djl.offline", "true");
  }

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final NDManager manager;

  private OnnxRunner(ZooModel<NDList, NDList> model) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.manager = NDManager.newBaseManager("OnnxRuntime");
  }

  /** The built models: models/target/onnx, where the build writes them. */
  public static Path modelsFolder() {
    String out = System.getProperty("facesearch.models.out");
    return out != null ? Path.of(out) : Path.of("target", "onnx");
  }

  public static OnnxRunner open(String modelName) throws Exception {
    return open(modelsFolder().resolve(modelName + ".onnx"));
  }

  /** Opens an ONNX file anywhere, such as a small graph a test wrote. */
  public static OnnxRunner open(Path onnxFile) throws Exception {
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(onnxFile)
            .optEngine("OnnxRuntime")
            .optTranslator(new NoopTranslator())
            .build();
    return new OnnxRunner(criteria.loadModel());
  }

  /** Runs the model on one NHWC image (batch of one); returns the outputs by name. */
  public Map<String, float[]> run(GoldenInput input) throws Exception {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = scope.create(input.floats(), new Shape(1, input.height(), input.width(), 3));
      image.setName("image");
      NDList outputs = predictor.predict(new NDList(image));
      Map<String, float[]> byName = new LinkedHashMap<>();
      for (NDArray output : outputs) {
        byName.put(output.getName(), output.toFloatArray());
      }
      return byName;
    }
  }

  /**
   * Runs the model on a batch of NHWC images of one size; returns the outputs by name, the batch
   * elements back to back.
   */
  public Map<String, float[]> runBatch(List<GoldenInput> inputs) throws Exception {
    GoldenInput first = inputs.getFirst();
    int each = first.rgb().length;
    float[] values = new float[each * inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      GoldenInput input = inputs.get(i);
      if (input.height() != first.height() || input.width() != first.width()) {
        throw new IllegalArgumentException("a batch needs inputs of one size: " + input.name());
      }
      System.arraycopy(input.floats(), 0, values, i * each, each);
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray image =
          scope.create(values, new Shape(inputs.size(), first.height(), first.width(), 3));
      image.setName("image");
      NDList outputs = predictor.predict(new NDList(image));
      Map<String, float[]> byName = new LinkedHashMap<>();
      for (NDArray output : outputs) {
        byName.put(output.getName(), output.toFloatArray());
      }
      return byName;
    }
  }

  /** An output tensor: its shape and its values in row-major order. */
  public record Output(long[] shape, float[] values) {}

  /** Runs the model on one input of any shape (NCHW, say); returns the outputs by name. */
  public Map<String, Output> run(String inputName, float[] values, long... shape) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray input = scope.create(values, new Shape(shape));
      input.setName(inputName);
      NDList outputs;
      try {
        outputs = predictor.predict(new NDList(input));
      } catch (TranslateException e) {
        throw new IllegalStateException(e);
      }
      Map<String, Output> byName = new LinkedHashMap<>();
      for (NDArray output : outputs) {
        byName.put(
            output.getName(), new Output(output.getShape().getShape(), output.toFloatArray()));
      }
      return byName;
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
    manager.close();
  }
}
