package dev.facesearch.server.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of the names, ids and numbers that arrive in requests. Each check returns the value or
 * throws {@link InvalidInputException} with a one-line reason.
 */
public final class Validation {
  public static final int MAX_SUBJECT_ID_LENGTH = 256;
  public static final int DEFAULT_TOP_K = 5;
  public static final int MAX_TOP_K = 1000;
  public static final int MAX_INPUTS = 100;
  public static final int MAX_METADATA_ENTRIES = 32;
  public static final int MAX_METADATA_KEY_LENGTH = 64;
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;
  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int MAX_PAGE_SIZE = 1000;

  /** Largest squared L2 distance of two unit vectors. */
  public static final float MAX_DISTANCE = 4f;

  private static final Pattern COLLECTION_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final int QUOTE_LENGTH = 64;

  private Validation() {}

  /** A collection name: 1 to 64 characters of a-z, 0-9, '_' and '-'. */
  public static String collectionName(String name) {
    if (!COLLECTION_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "collection name " + quote(name) + " is not 1 to 64 characters of a-z, 0-9, '_', '-'");
    }
    return name;
  }

  /** A subject id: 1 to 256 printable characters. */
  public static String subjectId(String id) {
    return printable("subject_id", id, 1, MAX_SUBJECT_ID_LENGTH);
  }

  /** A face id, as {@code FaceIds} makes them. */
  public static String faceId(String id, boolean wellFormed) {
    if (!wellFormed) {
      throw new InvalidInputException("face_id " + quote(id) + " is not 32 lower-case hex digits");
    }
    return id;
  }

  /** How many candidates to return: unset means the default. */
  public static int topK(Integer requested) {
    if (requested == null) {
      return DEFAULT_TOP_K;
    }
    if (requested < 1 || requested > MAX_TOP_K) {
      throw new InvalidInputException("top_k must be in [1, " + MAX_TOP_K + "], got " + requested);
    }
    return requested;
  }

  /** How many inputs one call carries. */
  public static int inputCount(int count) {
    if (count < 1 || count > MAX_INPUTS) {
      throw new InvalidInputException("a call takes 1 to " + MAX_INPUTS + " inputs, got " + count);
    }
    return count;
  }

  /** A distance bound, such as max_distance: finite, in [0, 4]. */
  public static float distance(String field, float value) {
    if (!(value >= 0 && value <= MAX_DISTANCE)) {
      throw new InvalidInputException(
          field + " must be a squared L2 distance in [0, " + MAX_DISTANCE + "], got " + value);
    }
    return value;
  }

  /** A match threshold: finite, in (0, 4]. */
  public static float matchThreshold(float value) {
    if (!(value > 0 && value <= MAX_DISTANCE)) {
      throw new InvalidInputException(
          "match_threshold must be in (0, " + MAX_DISTANCE + "], got " + value);
    }
    return value;
  }

  /** An optional setting: 0 means the default, otherwise it must be in range. */
  public static int orDefault(String field, int value, int defaultValue, int min, int max) {
    if (value == 0) {
      return defaultValue;
    }
    if (value < min || value > max) {
      throw new InvalidInputException(
          field
              + " must be 0 (default "
              + defaultValue
              + ") or in ["
              + min
              + ", "
              + max
              + "], got "
              + value);
    }
    return value;
  }

  /** Face metadata: at most 32 entries of printable keys and values. */
  public static Map<String, String> metadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new InvalidInputException(
          "metadata has " + metadata.size() + " entries, at most " + MAX_METADATA_ENTRIES);
    }
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = printable("metadata key", entry.getKey(), 1, MAX_METADATA_KEY_LENGTH);
      checked.put(
          key,
          printable(
              "metadata value of " + quote(key), entry.getValue(), 0, MAX_METADATA_VALUE_LENGTH));
    }
    return checked;
  }

  private static String printable(String field, String value, int minLength, int maxLength) {
    int length = value.codePointCount(0, value.length());
    if (length < minLength || length > maxLength) {
      throw new InvalidInputException(
          field + " must be " + minLength + " to " + maxLength + " characters, got " + length);
    }
    for (int i = 0; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      if (!isPrintable(codePoint)) {
        throw new InvalidInputException(
            field
                + " has a character that is not printable: U+"
                + String.format("%04X", codePoint)
                + " at index "
                + i);
      }
      i += Character.charCount(codePoint);
    }
    return value;
  }

  private static boolean isPrintable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * A caller's string made safe for a one-line message: quoted, at most 64 characters, with
   * characters that are not printable escaped.
   */
  public static String quote(String value) {
    StringBuilder quoted = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < value.length(); shown++) {
      if (shown == QUOTE_LENGTH) {
        quoted.append("...");
        break;
      }
      int codePoint = value.codePointAt(i);
      if (isPrintable(codePoint)) {
        quoted.appendCodePoint(codePoint);
      } else {
        quoted.append(String.format("\\u%04X", codePoint));
      }
      i += Character.charCount(codePoint);
    }
    return quoted.append('\'').toString();
  }
}
