package dev.facesearch.server.gallery;

import dev.facesearch.server.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Face ids: derived from the subject and the content of the input, so enrolling the same input for
 * the same subject twice names the same face, which makes Enroll idempotent.
 */
public final class FaceIds {
  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

  private FaceIds() {}

  /** The id of the face made from an input with this content hash, for this subject. */
  public static String of(String subjectId, String contentHash) {
    byte[] key = (subjectId + '\0' + contentHash).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(Sha256.digest(key), 0, 16);
  }

  /** Whether a string has the form of a face id: 32 lower-case hex characters. */
  public static boolean isWellFormed(String faceId) {
    return FORMAT.matcher(faceId).matches();
  }
}
