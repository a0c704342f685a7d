package dev.facesearch.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of API keys, {@code fsk_<id>_<secret>}: a short public id, and a secret of 32 random
 * bytes in unpadded base64url.
 *
 * <p>Only SHA-256 of the secret is stored. A salt or a slow hash would add nothing: the secret is
 * 256 random bits, so its hash cannot be reversed by guessing, unlike a password's.
 */
public final class KeyTokens {
  /** The prefix of every key, so that keys are recognisable in configuration and by scanners. */
  public static final String PREFIX = "fsk_";

  private static final int ID_BYTES = 6;
  private static final int SECRET_BYTES = 32;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{" + 2 * ID_BYTES + "}");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyTokens() {}

  /** A key's id and secret, parsed from its text. */
  public record Parsed(String id, String secret) {
    @Override
    public String toString() {
      // Never the secret, should a parsed key end up in a message.
      return "Parsed[id=" + id + "]";
    }
  }

  /** A fresh random id. */
  static String newId() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A fresh random secret. */
  static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The key's text, as the client sends it. */
  static String format(String id, String secret) {
    return PREFIX + id + "_" + secret;
  }

  /** Whether {@code id} has the form of a key id. */
  public static boolean isId(String id) {
    return ID.matcher(id).matches();
  }

  /** The id and secret of a key's text; empty when the text is not a key. */
  public static Optional<Parsed> parse(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    // The id has no '_'; the secret may (base64url), so split at the first '_' after the id.
    int end = token.indexOf('_', PREFIX.length());
    if (end < 0) {
      return Optional.empty();
    }
    String id = token.substring(PREFIX.length(), end);
    String secret = token.substring(end + 1);
    if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(id, secret));
  }

  /** SHA-256 of the secret. */
  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code secret} hashes to {@code expectedHex}, in time independent of the match. */
  static boolean matches(String secret, String expectedHex) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(expectedHex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hash(secret), expected);
  }
}
