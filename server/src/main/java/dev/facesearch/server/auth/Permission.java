package dev.facesearch.server.auth;

import java.util.Locale;

/**
 * What a scope lets a key do in a collection. Each level implies the ones below it: {@code admin}
 * implies {@code write}, which implies {@code read}.
 */
public enum Permission {
  /** Identify, Verify, Detect, AnalyzeFaces, and reading collections and subjects. */
  READ,
  /** Enroll, and deleting subjects and faces. */
  WRITE,
  /** Creating and deleting collections. */
  ADMIN;

  /** Whether holding this permission is enough for {@code needed}. */
  public boolean implies(Permission needed) {
    return compareTo(needed) >= 0;
  }

  /** The lower-case name used in scopes and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The permission named {@code label}, such as "read". */
  public static Permission parse(String label) {
    for (Permission p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown permission '" + label + "'; expected read, write or admin");
  }
}
