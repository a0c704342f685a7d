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
    // CLASS, or CLASS#METHOD for a static method returning the inputs.
    String[] target = args[0].split("#", 2);
    Class<?> testClass = Class.forName(target[0]);
    var method = testClass.getDeclaredMethod(target.length == 2 ? target[1] : "inputs");
    method.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<GoldenInput> inputs = (List<GoldenInput>) method.invoke(null);
    GoldenInput.writeAll(inputs, Path.of(args[1]));
  }
}
