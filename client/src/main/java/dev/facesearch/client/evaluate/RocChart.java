package dev.facesearch.client.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws an ROC curve as a PNG: false accept rate on a logarithmic x axis from 1e-4 to 1, true
 * accept rate on a linear y axis from 0 to 1. Face verification is judged at low FARs, which a
 * linear axis squeezes into its first pixel. Points with a FAR below 1e-4 (including 0) are drawn
 * at the left edge.
 */
public final class RocChart {
  private static final double MIN_FAR_DECADE = -4;
  private static final Color CURVE = new Color(0x1f, 0x77, 0xb4);
  private static final Color MARKER = new Color(0xd6, 0x27, 0x28);
  private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
  private static final Color MINOR_GRID = new Color(0xf2, 0xf2, 0xf2);

  static {
    // No display is needed, nor wanted on a server: draw off-screen.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private RocChart() {}

  /**
   * A point to mark on the curve, with its label.
   *
   * @param point where
   * @param label what to write beside it, e.g. "TAR 0.97 at FAR 1e-3"
   */
  public record Mark(RocPoint point, String label) {}

  /**
   * Writes the chart.
   *
   * @param points the curve, by increasing FAR
   * @param title drawn above the plot, e.g. with the AUC and accuracy
   * @param mark a point to mark and label, such as TAR at FAR 1e-3
   */
  public static void write(
      Path file, int width, int height, List<RocPoint> points, String title, Optional<Mark> mark)
      throws IOException {
    if (width < 200 || height < 150) {
      throw new IllegalArgumentException("chart too small: " + width + "x" + height);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      new Plot(g, width, height).draw(points, title, mark);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  /** The plot area and its mapping from rates to pixels. */
  private static final class Plot {
    private final Graphics2D g;
    private final int width;
    private final int height;
    private final int left;
    private final int right;
    private final int top;
    private final int bottom;

    Plot(Graphics2D g, int width, int height) {
      this.g = g;
      this.width = width;
      this.height = height;
      this.left = 80;
      this.right = width - 30;
      this.top = 60;
      this.bottom = height - 65;
    }

    double x(double far) {
      double decade = far <= 0 ? MIN_FAR_DECADE : Math.max(MIN_FAR_DECADE, Math.log10(far));
      return left + (decade - MIN_FAR_DECADE) / -MIN_FAR_DECADE * (right - left);
    }

    double y(double tar) {
      return bottom - tar * (bottom - top);
    }

    void draw(List<RocPoint> points, String title, Optional<Mark> mark) {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      grid();
      chanceLine();
      curve(points);
      mark.ifPresent(this::mark);
      legend();
      axes(title);
    }

    private void grid() {
      g.setStroke(new BasicStroke(1));
      for (int decade = (int) MIN_FAR_DECADE; decade < 0; decade++) {
        for (int m = 2; m <= 9; m++) {
          g.setColor(MINOR_GRID);
          int x = (int) Math.round(x(m * Math.pow(10, decade)));
          g.drawLine(x, top, x, bottom);
        }
      }
      g.setColor(GRID);
      for (int decade = (int) MIN_FAR_DECADE; decade <= 0; decade++) {
        int x = (int) Math.round(x(Math.pow(10, decade)));
        g.drawLine(x, top, x, bottom);
      }
      for (int tenth = 0; tenth <= 10; tenth++) {
        int y = (int) Math.round(y(tenth / 10.0));
        g.drawLine(left, y, right, y);
      }
    }

    private void chanceLine() {
      // TAR = FAR: what guessing achieves; a curve on the log axis.
      Path2D.Double chance = new Path2D.Double();
      for (int i = 0; i <= 100; i++) {
        double far = Math.pow(10, MIN_FAR_DECADE * (1 - i / 100.0));
        if (i == 0) {
          chance.moveTo(x(far), y(far));
        } else {
          chance.lineTo(x(far), y(far));
        }
      }
      g.setColor(Color.GRAY);
      g.setStroke(
          new BasicStroke(
              1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      g.draw(chance);
    }

    private void curve(List<RocPoint> points) {
      Path2D.Double curve = new Path2D.Double();
      for (int i = 0; i < points.size(); i++) {
        RocPoint p = points.get(i);
        if (i == 0) {
          curve.moveTo(x(p.far()), y(p.tar()));
        } else {
          curve.lineTo(x(p.far()), y(p.tar()));
        }
      }
      g.setClip(left, top - 2, right - left + 3, bottom - top + 4);
      g.setColor(CURVE);
      g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(curve);
      g.setClip(null);
    }

    private void mark(Mark mark) {
      int x = (int) Math.round(x(mark.point().far()));
      int y = (int) Math.round(y(mark.point().tar()));
      g.setColor(MARKER);
      g.fillOval(x - 5, y - 5, 10, 10);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      String label = mark.label();
      int labelWidth = g.getFontMetrics().stringWidth(label);
      int lx = x + labelWidth + 12 < right ? x + 10 : x - labelWidth - 10;
      int ly = y + 20 < bottom ? y + 20 : y - 10;
      g.drawString(label, lx, ly);
    }

    private void legend() {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics metrics = g.getFontMetrics();
      String curve = "ROC (pairs accepted at distance <= threshold)";
      String chance = "chance (TAR = FAR)";
      int boxWidth = Math.max(metrics.stringWidth(curve), metrics.stringWidth(chance)) + 50;
      // Bottom left: a useful curve runs along the top, the chance line along the bottom right.
      int x = left + 10;
      int y = bottom - 60;
      g.setColor(Color.WHITE);
      g.fillRect(x, y, boxWidth, 50);
      g.setColor(Color.LIGHT_GRAY);
      g.setStroke(new BasicStroke(1));
      g.drawRect(x, y, boxWidth, 50);
      g.setColor(CURVE);
      g.setStroke(new BasicStroke(2.5f));
      g.drawLine(x + 8, y + 17, x + 36, y + 17);
      g.setColor(Color.GRAY);
      g.setStroke(
          new BasicStroke(
              1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      g.drawLine(x + 8, y + 37, x + 36, y + 37);
      g.setColor(Color.BLACK);
      g.drawString(curve, x + 42, y + 17 + metrics.getAscent() / 2 - 1);
      g.drawString(chance, x + 42, y + 37 + metrics.getAscent() / 2 - 1);
    }

    private void axes(String title) {
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.2f));
      g.drawRect(left, top, right - left, bottom - top);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics metrics = g.getFontMetrics();
      for (int decade = (int) MIN_FAR_DECADE; decade <= 0; decade++) {
        int x = (int) Math.round(x(Math.pow(10, decade)));
        g.drawLine(x, bottom, x, bottom + 6);
        String label = decade == 0 ? "1" : "1e" + decade;
        g.drawString(label, x - metrics.stringWidth(label) / 2, bottom + 22);
      }
      for (int tenth = 0; tenth <= 10; tenth++) {
        int y = (int) Math.round(y(tenth / 10.0));
        g.drawLine(left - 6, y, left, y);
        String label = String.format(Locale.ROOT, "%.1f", tenth / 10.0);
        g.drawString(label, left - 10 - metrics.stringWidth(label), y + metrics.getAscent() / 2);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      metrics = g.getFontMetrics();
      String xLabel = "false accept rate (FAR, log scale)";
      g.drawString(xLabel, (left + right - metrics.stringWidth(xLabel)) / 2, height - 18);
      String yLabel = "true accept rate (TAR)";
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(top + bottom + metrics.stringWidth(yLabel)) / 2, 28);
      g.setTransform(saved);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      metrics = g.getFontMetrics();
      g.drawString(title, Math.max(5, (width - metrics.stringWidth(title)) / 2), 35);
    }
  }
}
