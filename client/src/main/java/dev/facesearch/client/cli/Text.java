package dev.facesearch.client.cli;

import com.google.protobuf.Timestamp;
import dev.facesearch.api.v1.BoundingBox;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.Face;
import dev.facesearch.api.v1.Subject;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Plain-text forms of API messages, for people. */
final class Text {
  private Text() {}

  /** A box as {@code WxH+X+Y} in whole pixels, as image tools write geometry. */
  static String box(BoundingBox b) {
    return String.format(
        Locale.ROOT,
        "%dx%d+%d+%d",
        Math.round(b.getWidth()),
        Math.round(b.getHeight()),
        Math.round(b.getX()),
        Math.round(b.getY()));
  }

  static String time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }

  static void collection(PrintWriter out, Collection c) {
    out.println("name:            " + c.getName());
    out.println("embedding model: " + c.getEmbeddingModel() + " (" + c.getDimension() + "-D)");
    out.println("match threshold: " + c.getMatchThreshold());
    out.println(
        "hnsw:            max_connections="
            + c.getHnsw().getMaxConnections()
            + " beam_width="
            + c.getHnsw().getBeamWidth()
            + " vector_encoding="
            + vectorEncoding(c.getHnsw().getVectorEncoding()));
    out.println("created:         " + time(c.getCreateTime()));
    if (c.hasStats()) {
      out.println("faces:           " + c.getStats().getFaceCount());
      out.println("subjects:        " + c.getStats().getSubjectCount());
      out.println("size on disk:    " + c.getStats().getSizeBytes() + " bytes");
      out.println("segments:        " + c.getStats().getSegmentCount());
    }
  }

  /** FLOAT32 for VECTOR_ENCODING_FLOAT32. */
  static String vectorEncoding(dev.facesearch.api.v1.VectorEncoding encoding) {
    return encoding.name().replace("VECTOR_ENCODING_", "");
  }

  /** One line of a compaction's progress. */
  static String compaction(String collection, dev.facesearch.api.v1.CompactionProgress p) {
    StringBuilder line =
        new StringBuilder()
            .append(p.getDone() ? "compacted " : "compacting ")
            .append(collection)
            .append(": ")
            .append(p.getSegmentsBefore())
            .append(" -> ")
            .append(p.getSegments())
            .append(" segments");
    if (!p.getDone() && p.getVectorsTotal() > 0) {
      line.append(
          String.format(
              Locale.ROOT,
              ", graph %,d / %,d vectors (%d%%)",
              p.getVectorsMerged(),
              p.getVectorsTotal(),
              100 * p.getVectorsMerged() / p.getVectorsTotal()));
    }
    long millis = p.getElapsed().getSeconds() * 1000 + p.getElapsed().getNanos() / 1_000_000;
    return line.append(String.format(Locale.ROOT, ", %.1f s", millis / 1000.0)).toString();
  }

  static void collections(PrintWriter out, List<Collection> collections) {
    if (collections.isEmpty()) {
      out.println("no collections");
      return;
    }
    out.printf("%-24s %-24s %10s  %s%n", "NAME", "MODEL", "THRESHOLD", "CREATED");
    for (Collection c : collections) {
      out.printf(
          "%-24s %-24s %10s  %s%n",
          c.getName(), c.getEmbeddingModel(), c.getMatchThreshold(), time(c.getCreateTime()));
    }
  }

  static void subjects(PrintWriter out, List<Subject> subjects) {
    if (subjects.isEmpty()) {
      out.println("no subjects");
      return;
    }
    out.printf("%-40s %6s%n", "SUBJECT", "FACES");
    for (Subject s : subjects) {
      out.printf("%-40s %6d%n", s.getSubjectId(), s.getFaceCount());
    }
  }

  static void subject(PrintWriter out, Subject s) {
    out.println("subject: " + s.getSubjectId() + " (" + s.getFaceCount() + " faces)");
    for (Face f : s.getFacesList()) {
      out.println(
          "  "
              + f.getFaceId()
              + "  enrolled "
              + time(f.getCreateTime())
              + (f.getMetadataMap().isEmpty() ? "" : "  " + f.getMetadataMap()));
    }
  }
}
