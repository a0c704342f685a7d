package dev.facesearch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.FaceSearchGrpc;
import io.grpc.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys file, key texts and the access table, without a server. */
class KeyFileTest {
  @TempDir Path data;

  private KeyFile file() {
    return new KeyFile(data, Clock.systemUTC());
  }

  @Test
  void create_fileHoldsHashNotSecret() throws Exception {
    KeyFile.NewKey key = file().create("kiosk", List.of(Scope.parse("read:front-door")));
    String secret = KeyTokens.parse(key.token()).orElseThrow().secret();
    String text = Files.readString(file().path(), StandardCharsets.UTF_8);
    assertFalse(text.contains(secret), text);
    assertTrue(text.contains(key.key().id()), text);
    assertTrue(key.token().startsWith("fsk_" + key.key().id() + "_"), key.token());
    assertFalse(key.toString().contains(secret));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().path())));
    }
  }

  @Test
  void readBack_sameKeys() throws Exception {
    KeyFile.NewKey a = file().create("a", List.of(Scope.parse("admin:*")));
    KeyFile.NewKey b =
        file()
            .create("b \"quoted\" \u00e9", List.of(Scope.parse("read:x"), Scope.parse("write:y")));
    assertEquals(List.of(a.key(), b.key()), file().read());
  }

  @Test
  void revoke_marksKeyAndRingRefusesIt() throws Exception {
    KeyFile.NewKey a = file().create("a", List.of(Scope.parse("read:*")));
    KeyRing ring = new KeyRing(file(), Duration.ZERO);
    assertTrue(ring.authenticate(a.token()).isPresent());
    ApiKey revoked = file().revoke(a.key().id());
    assertTrue(revoked.revoked().isPresent());
    assertTrue(ring.authenticate(a.token()).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> file().revoke("000000000000"));
  }

  @Test
  void ring_refusesWrongSecretsAndMalformedFiles() throws Exception {
    KeyFile.NewKey a = file().create("a", List.of(Scope.parse("read:*")));
    KeyRing ring = new KeyRing(file(), Duration.ZERO);
    String otherSecret = KeyTokens.format(a.key().id(), KeyTokens.newSecret());
    assertTrue(ring.authenticate(otherSecret).isEmpty());
    assertTrue(ring.authenticate(a.token() + "x").isEmpty());
    assertTrue(ring.authenticate(null).isEmpty());
    Files.writeString(file().path(), "{not json");
    assertTrue(ring.authenticate(a.token()).isEmpty(), "a broken file must leave no valid key");
  }

  @Test
  void scopes_implyLowerPermissionsOnTheirCollection() {
    Scope write = Scope.parse("write:a");
    assertTrue(write.grants(Permission.READ, "a"));
    assertTrue(write.grants(Permission.WRITE, "a"));
    assertFalse(write.grants(Permission.ADMIN, "a"));
    assertFalse(write.grants(Permission.READ, "b"));
    assertTrue(Scope.parse("admin:*").grants(Permission.ADMIN, "anything"));
    assertThrows(IllegalArgumentException.class, () -> Scope.parse("read"));
    assertThrows(IllegalArgumentException.class, () -> Scope.parse("own:a"));
    assertThrows(IllegalArgumentException.class, () -> Scope.parse("read:Bad Name"));
  }

  @Test
  void accessRules_coverEveryMethodOfTheService() {
    for (MethodDescriptor<?, ?> method : FaceSearchGrpc.getServiceDescriptor().getMethods()) {
      assertTrue(
          AccessRules.of(method.getFullMethodName()).isPresent(),
          method.getFullMethodName() + " has no access rule");
    }
    assertEquals(
        FaceSearchGrpc.getServiceDescriptor().getMethods().size(), AccessRules.all().size());
  }
}
