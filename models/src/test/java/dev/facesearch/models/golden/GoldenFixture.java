package dev.facesearch.models.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference outputs computed by face-api itself in Node ({@code src/test/golden}), one fixture per
 * model in {@code src/test/resources/golden/<model>.json}: for each input, its SHA-256 and each
 * output's shape and float32 values (little-endian, base64).
 */
public final class GoldenFixture {
  /** The reference outputs for one input. */
  public record Case(String input, String sha256, Map<String, Output> outputs) {}

  /** One output tensor. */
  public record Output(int[] shape, float[] values) {}

  private final Map<String, Case> cases;

  private GoldenFixture(Map<String, Case> cases) {
    this.cases = cases;
  }

  public static GoldenFixture load(String model) throws IOException {
    try (InputStream in = GoldenFixture.class.getResourceAsStream("/golden/" + model + ".json")) {
      if (in == null) {
        throw new IOException(
            "no fixture golden/" + model + ".json; see models/src/test/golden/README.md");
      }
      JsonObject root =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
      Map<String, Case> cases = new LinkedHashMap<>();
      for (JsonElement element : root.getAsJsonArray("cases")) {
        JsonObject c = element.getAsJsonObject();
        Map<String, Output> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> o : c.getAsJsonObject("outputs").entrySet()) {
          JsonObject output = o.getValue().getAsJsonObject();
          int[] shape = new int[output.getAsJsonArray("shape").size()];
          for (int i = 0; i < shape.length; i++) {
            shape[i] = output.getAsJsonArray("shape").get(i).getAsInt();
          }
          byte[] bytes = Base64.getDecoder().decode(output.get("float32_le_base64").getAsString());
          float[] values = new float[bytes.length / 4];
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
          outputs.put(o.getKey(), new Output(shape, values));
        }
        String input = c.get("input").getAsString();
        cases.put(input, new Case(input, c.get("sha256").getAsString(), outputs));
      }
      return new GoldenFixture(cases);
    }
  }

  public Case get(String input) {
    Case c = cases.get(input);
    if (c == null) {
      throw new IllegalArgumentException(
          "fixture has no case " + input + "; has " + cases.keySet());
    }
    return c;
  }

  public Map<String, Case> cases() {
    return cases;
  }

  /** Largest absolute difference between two arrays of the same length. */
  public static double maxAbsDifference(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new AssertionError("lengths differ: " + expected.length + " vs " + actual.length);
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
    }
    return max;
  }
}
