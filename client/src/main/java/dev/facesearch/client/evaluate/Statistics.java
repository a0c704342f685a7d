package dev.facesearch.client.evaluate;

/** Mean, standard deviation and standard error of a sample, such as ten fold accuracies. */
public final class Statistics {
  private Statistics() {}

  public static double mean(double[] values) {
    requireValues(values);
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The sample standard deviation, dividing by n - 1, as LFW's protocol defines its sigma; 0 for a
   * single value.
   */
  public static double sampleStd(double[] values) {
    requireValues(values);
    if (values.length == 1) {
      return 0;
    }
    double mean = mean(values);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }

  /** The standard error of the mean, sample std / sqrt(n), what LFW's results tables print. */
  public static double standardError(double[] values) {
    return sampleStd(values) / Math.sqrt(values.length);
  }

  private static void requireValues(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
  }
}
