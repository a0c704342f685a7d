package dev.facesearch.models.golden;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the inputs of a golden test class as raw RGB files for {@code golden.js}; used by {@code
 * make-golden.sh}.
 */
public final class WriteGoldenInputs {
  private WriteGoldenInputs() {}

  public static void main(String[] args) throws Exception {
    Class<?> testClass = Class.forName(args[0]);
    var method = testClass.getDeclaredMethod("inputs");
    method.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<GoldenInput> inputs = (List<GoldenInput>) method.invoke(null);
    GoldenInput.writeAll(inputs, Path.of(args[1]));
  }
}
