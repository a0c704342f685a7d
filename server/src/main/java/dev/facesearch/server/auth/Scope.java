package dev.facesearch.server.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission on one collection, or on every collection ({@code *}), written {@code
 * permission:collection} as in {@code read:faces} or {@code admin:*}.
 *
 * @param permission what the key may do
 * @param collection a collection name, or {@link #ANY_COLLECTION}
 */
public record Scope(Permission permission, String collection) {
  /** The collection of a scope that covers every collection. */
  public static final String ANY_COLLECTION = "*";

  // The API's rule for collection names; a scope may name a collection that does not exist yet.
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

  public Scope {
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(collection, "collection");
    if (!collection.equals(ANY_COLLECTION) && !NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException(
          "scope collection must be '*' or 1 to 64 characters of a-z, 0-9, '_' and '-', got '"
              + collection
              + "'");
    }
  }

  /** The scope written as {@code permission:collection}. */
  public static Scope parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "scope '" + text + "' is not permission:collection, e.g. read:faces or admin:*");
    }
    return new Scope(Permission.parse(text.substring(0, colon)), text.substring(colon + 1));
  }

  /** Whether this scope grants {@code needed} on {@code name}. */
  public boolean grants(Permission needed, String name) {
    return permission.implies(needed)
        && (collection.equals(ANY_COLLECTION) || collection.equals(name));
  }

  @Override
  public String toString() {
    return permission.label() + ":" + collection;
  }
}
