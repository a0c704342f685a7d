package dev.facesearch.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One API key as the keys file holds it: everything but the secret, of which only a hash is kept.
 *
 * @param id the public part of the key, which names it in listings and logs
 * @param name what the key is for, chosen by the operator
 * @param created when the key was created
 * @param scopes what the key may do, at least one scope
 * @param secretHash SHA-256 of the secret, lower-case hex
 * @param revoked when the key was revoked, if it was; a revoked key authenticates nothing
 */
public record ApiKey(
    String id,
    String name,
    Instant created,
    List<Scope> scopes,
    String secretHash,
    Optional<Instant> revoked) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(revoked, "revoked");
    scopes = List.copyOf(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("key " + id + " has no scope");
    }
  }

  /** Whether the key may do {@code needed} on collection {@code collection}. */
  public boolean allows(Permission needed, String collection) {
    return scopes.stream().anyMatch(s -> s.grants(needed, collection));
  }

  /** Whether the key is still valid. */
  public boolean active() {
    return revoked.isEmpty();
  }

  /** This key, revoked at {@code time}. */
  public ApiKey revokedAt(Instant time) {
    return new ApiKey(id, name, created, scopes, secretHash, Optional.of(time));
  }
}
