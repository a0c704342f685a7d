package dev.facesearch.bench.search;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A table printed as Markdown with aligned columns, so it reads in a terminal and in a README. */
final class MarkdownTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  MarkdownTable(String... header) {
    columns = header.length;
    rows.add(header);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(cells.length + " cells, " + columns + " columns");
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], Math.max(3, row[i].length()));
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      printRow(out, rows.get(r), widths);
      if (r == 0) {
        String[] rule = new String[columns];
        for (int i = 0; i < columns; i++) {
          rule[i] = "-".repeat(widths[i]);
        }
        printRow(out, rule, widths);
      }
    }
    out.println();
  }

  private static void printRow(PrintStream out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
      line.append(" |");
    }
    out.println(line);
  }

  /** A number with a fixed count of decimals, or "-" for NaN (not measured). */
  static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format("%." + decimals + "f", value);
  }

  /** Bytes in MB (10^6), one decimal. */
  static String mb(long bytes) {
    return String.format("%.1f", bytes / 1e6);
  }
}
