package dev.facesearch.models.tfjs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.models.onnx.FloatTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weights of one TF.js model: a {@code *-weights_manifest.json} and its {@code .bin} shards.
 *
 * <p>The manifest lists groups of weights (name, shape, dtype, optional quantization) and the shard
 * files that hold them, back to back. Quantized weights are uint8 (or uint16) values {@code q}
 * meaning {@code q * scale + min}, computed in double and stored as float32, exactly as TF.js's
 * {@code decodeWeights} does. int32 weights are returned as floats.
 *
 * <p>The reader remembers which weights a graph took, so a converter can check that it used all of
 * them: a weight left over means the graph does not match the model.
 */
public final class TfjsWeights {
  /** Reads a model's files by name. */
  @FunctionalInterface
  public interface Files {
    byte[] read(String name) throws IOException;
  }

  private final Map<String, FloatTensor> tensors;
  private final Set<String> taken = new LinkedHashSet<>();

  private TfjsWeights(Map<String, FloatTensor> tensors) {
    this.tensors = tensors;
  }

  /** Reads the weights of the model whose manifest is {@code <model>-weights_manifest.json}. */
  public static TfjsWeights read(String model, Files files) throws IOException {
    JsonArray groups =
        JsonParser.parseString(
                new String(
                    files.read(model + "-weights_manifest.json"),
                    java.nio.charset.StandardCharsets.UTF_8))
            .getAsJsonArray();
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (JsonElement groupElement : groups) {
      JsonObject group = groupElement.getAsJsonObject();
      ByteArrayOutputStream shards = new ByteArrayOutputStream();
      for (JsonElement path : group.getAsJsonArray("paths")) {
        shards.write(files.read(path.getAsString()));
      }
      ByteBuffer buffer = ByteBuffer.wrap(shards.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      for (JsonElement weightElement : group.getAsJsonArray("weights")) {
        JsonObject weight = weightElement.getAsJsonObject();
        String name = weight.get("name").getAsString();
        int[] shape = shape(weight.getAsJsonArray("shape"));
        tensors.put(name, decode(buffer, weight, shape));
      }
      if (buffer.hasRemaining()) {
        throw new IOException(
            model + ": " + buffer.remaining() + " bytes left after the last weight");
      }
    }
    return new TfjsWeights(tensors);
  }

  private static int[] shape(JsonArray dims) {
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).getAsInt();
    }
    return shape;
  }

  private static FloatTensor decode(ByteBuffer buffer, JsonObject weight, int[] shape)
      throws IOException {
    int count = Math.toIntExact(FloatTensor.size(shape));
    String dtype = weight.get("dtype").getAsString();
    float[] values = new float[count];
    JsonObject quantization =
        weight.has("quantization") ? weight.getAsJsonObject("quantization") : null;
    if (quantization != null) {
      String quantized = quantization.get("dtype").getAsString();
      double scale = quantization.get("scale").getAsDouble();
      double min = quantization.get("min").getAsDouble();
      for (int i = 0; i < count; i++) {
        int q =
            switch (quantized) {
              case "uint8" -> Byte.toUnsignedInt(buffer.get());
              case "uint16" -> Short.toUnsignedInt(buffer.getShort());
              default -> throw new IOException("unsupported quantization " + quantized);
            };
        double value = q * scale + min;
        values[i] = dtype.equals("int32") ? (float) Math.round(value) : (float) value;
      }
    } else {
      for (int i = 0; i < count; i++) {
        values[i] =
            switch (dtype) {
              case "float32" -> buffer.getFloat();
              case "int32" -> buffer.getInt();
              default -> throw new IOException("unsupported dtype " + dtype);
            };
      }
    }
    return new FloatTensor(shape, values);
  }

  /** A weight by name; it counts as taken. */
  public FloatTensor get(String name) {
    FloatTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException(
          "no weight named " + name + "; have " + new TreeSet<>(tensors.keySet()));
    }
    taken.add(name);
    return tensor;
  }

  /** Whether a weight exists. */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** All weight names, in manifest order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  /** Weights no one took. */
  public Set<String> untaken() {
    Set<String> left = new TreeSet<>(tensors.keySet());
    left.removeAll(taken);
    return left;
  }
}
