package dev.facesearch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table built row by row and rendered as Markdown with aligned columns, so that every benchmark's
 * output reads in a terminal and pastes into bench/README.md unchanged.
 */
public final class MarkdownTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public MarkdownTable(String... header) {
    columns = header.length;
    rows.add(header.clone());
  }

  /** Adds a row; a {@code Double} cell is formatted by {@link #number}, anything else as text. */
  public MarkdownTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(cells.length + " cells, " + columns + " columns");
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = cells[i] instanceof Double d ? number(d) : String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  /** Prints the table and a blank line. */
  public void print(PrintStream out) {
    out.print(this);
    out.println();
  }

  @Override
  public String toString() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], Math.max(3, row[i].length()));
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      appendRow(out, rows.get(r), widths);
      if (r == 0) {
        String[] rule = new String[columns];
        for (int i = 0; i < columns; i++) {
          rule[i] = "-".repeat(widths[i]);
        }
        appendRow(out, rule, widths);
      }
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
      out.append(" |");
    }
    out.append('\n');
  }

  /** Three significant digits for small values, whole numbers with separators for large ones. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (Math.abs(value) >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A number with a fixed count of decimals, or "-" for NaN (not measured). */
  public static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Bytes in MB (10^6), one decimal. */
  public static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
