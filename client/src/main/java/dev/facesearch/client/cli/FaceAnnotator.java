package dev.facesearch.client.cli;

import dev.facesearch.api.v1.BoundingBox;
import dev.facesearch.api.v1.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws found faces on a photo for people to look at: each face's box, its 68 landmarks as dots
 * joined by the outline of the jaw, brows, nose, eyes and lips, and a label above the box.
 *
 * <p>Sizes follow the image, so that the drawing reads the same when a viewer fits any photo to the
 * screen: lines are about 1/400 of the image's longer side and text about 1/45, but never smaller
 * than legible nor (for text) much wider than the face it names. Boxes and labels have a dark edge
 * or background so they read on light and dark photos alike.
 */
final class FaceAnnotator {
  /** What is known about a face, which gives its colour. */
  enum Verdict {
    /** Found, not identified (no collection given). */
    FOUND(new Color(255, 200, 0)),
    /** Identified as an enrolled subject. */
    KNOWN(new Color(40, 220, 90)),
    /** Compared with a collection: nobody enrolled. */
    UNKNOWN(new Color(255, 70, 60));

    final Color colour;

    Verdict(Color colour) {
      this.colour = colour;
    }
  }

  /**
   * A face to draw.
   *
   * @param box its box, in the coordinates the server reported
   * @param landmarks its 68 landmarks (iBUG 300-W order), or none
   * @param label the text above its box
   * @param verdict what is known about it, which gives its colour
   */
  record Mark(BoundingBox box, List<Point> landmarks, String label, Verdict verdict) {}

  /** The 68-point groups as runs of consecutive indices: first, last, and whether closed. */
  private static final int[][] OUTLINES = {
    {0, 16, 0}, // jaw
    {17, 21, 0}, // right brow (the subject's right, on the left of the image)
    {22, 26, 0}, // left brow
    {27, 30, 0}, // nose bridge
    {31, 35, 0}, // lower nose
    {36, 41, 1}, // right eye
    {42, 47, 1}, // left eye
    {48, 59, 1}, // outer lips
    {60, 67, 1}, // inner lips
  };

  private static final Color SHADOW = new Color(0, 0, 0, 140);
  private static final Color LABEL_BACKGROUND = new Color(0, 0, 0, 190);

  private final Graphics2D g;
  private final int width;
  private final int height;
  private final double scaleX;
  private final double scaleY;
  private final float line;

  private FaceAnnotator(Graphics2D g, int width, int height, double scaleX, double scaleY) {
    this.g = g;
    this.width = width;
    this.height = height;
    this.scaleX = scaleX;
    this.scaleY = scaleY;
    this.line = Math.max(2f, Math.max(width, height) / 400f);
  }

  /**
   * Draws the faces on the image.
   *
   * @param scaleX image pixels per pixel of the marks' coordinates, horizontally (1 when the image
   *     is the one the server analysed)
   */
  static void draw(BufferedImage image, List<Mark> marks, double scaleX, double scaleY) {
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      FaceAnnotator annotator =
          new FaceAnnotator(g, image.getWidth(), image.getHeight(), scaleX, scaleY);
      // Boxes and landmarks first, then every label, so no face's lines cross another's label.
      marks.forEach(annotator::face);
      marks.forEach(annotator::label);
    } finally {
      g.dispose();
    }
  }

  private Rectangle2D box(BoundingBox b) {
    return new Rectangle2D.Double(
        b.getX() * scaleX, b.getY() * scaleY, b.getWidth() * scaleX, b.getHeight() * scaleY);
  }

  private void face(Mark mark) {
    Rectangle2D box = box(mark.box());
    g.setStroke(new BasicStroke(line + 2, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
    g.setColor(SHADOW);
    g.draw(box);
    g.setStroke(new BasicStroke(line, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
    g.setColor(mark.verdict().colour);
    g.draw(box);
    if (mark.landmarks().size() == 68) {
      landmarks(mark.landmarks(), box.getWidth(), mark.verdict().colour);
    }
  }

  private void landmarks(List<Point> points, double faceWidth, Color colour) {
    // Thinner than the box, and small enough that the dots of a small face stay apart.
    float outline = (float) Math.max(1, Math.min(line / 2, faceWidth / 80));
    double radius = Math.max(0.9, Math.min(line * 0.7, faceWidth / 60));
    g.setStroke(new BasicStroke(outline, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 170));
    for (int[] run : OUTLINES) {
      Path2D path = new Path2D.Double();
      path.moveTo(x(points.get(run[0])), y(points.get(run[0])));
      for (int i = run[0] + 1; i <= run[1]; i++) {
        path.lineTo(x(points.get(i)), y(points.get(i)));
      }
      if (run[2] == 1) {
        path.closePath();
      }
      g.draw(path);
    }
    g.setStroke(new BasicStroke(Math.max(1f, outline / 2)));
    for (Point p : points) {
      Ellipse2D dot = new Ellipse2D.Double(x(p) - radius, y(p) - radius, 2 * radius, 2 * radius);
      g.setColor(Color.WHITE);
      g.fill(dot);
      if (radius >= 1.5) { // an edge on a smaller dot would hide its white
        g.setColor(SHADOW);
        g.draw(dot);
      }
    }
  }

  private double x(Point p) {
    return p.getX() * scaleX;
  }

  private double y(Point p) {
    return p.getY() * scaleY;
  }

  private void label(Mark mark) {
    Rectangle2D box = box(mark.box());
    float imageSize = Math.max(12f, Math.max(width, height) / 45f);
    float faceSize = (float) Math.max(12, box.getWidth() / 4);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(Math.min(imageSize, faceSize))));
    FontMetrics metrics = g.getFontMetrics();
    double pad = Math.max(2, metrics.getHeight() * 0.2);
    double labelWidth = metrics.stringWidth(mark.label()) + 2 * pad;
    double labelHeight = metrics.getAscent() + metrics.getDescent() + 2 * pad;
    double left = Math.max(0, Math.min(box.getX() - line / 2, width - labelWidth));
    // Above the box where there is room, else just inside its top edge.
    double top = box.getY() - line / 2 - labelHeight;
    if (top < 0) {
      top = Math.max(0, box.getY() + line / 2);
    }
    Rectangle2D background = new Rectangle2D.Double(left, top, labelWidth, labelHeight);
    g.setColor(LABEL_BACKGROUND);
    g.fill(background);
    g.setStroke(new BasicStroke(Math.max(1f, line / 2)));
    g.setColor(mark.verdict().colour);
    g.draw(background);
    g.drawString(mark.label(), (float) (left + pad), (float) (top + pad + metrics.getAscent()));
  }
}
