package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.auth.KeyFile;
import dev.facesearch.server.auth.KeyRing;
import dev.facesearch.server.auth.KeyTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code facesearch-server keys}: create prints a working key once; list and revoke by id. */
class KeysCommandTest {
  @TempDir Path data;

  private record Run(int status, String out, String err) {}

  private Run keys(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new KeysCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    int status = commandLine.execute(all);
    return new Run(status, out.toString(), err.toString());
  }

  private KeyRing ring() {
    return new KeyRing(new KeyFile(data, Clock.systemUTC()), Duration.ZERO);
  }

  @Test
  void create_printsWorkingKeyOnce_listShowsNoSecret() throws Exception {
    Run created =
        keys("create", "--name", "front door", "--scope", "read:lobby", "--scope", "write:staff");
    assertEquals(0, created.status(), created.err());
    String token = created.out().strip();
    String id = KeyTokens.parse(token).orElseThrow().id();
    String secret = KeyTokens.parse(token).orElseThrow().secret();
    assertTrue(ring().authenticate(token).isPresent());
    assertFalse(created.err().contains(secret));

    Run listed = keys("list");
    assertEquals(0, listed.status(), listed.err());
    assertTrue(listed.out().contains(id), listed.out());
    assertTrue(listed.out().contains("read:lobby,write:staff"), listed.out());
    assertTrue(listed.out().contains("front door"), listed.out());
    assertTrue(listed.out().contains("active"), listed.out());
    assertFalse(listed.out().contains(secret), listed.out());
    String file = Files.readString(data.resolve(KeyFile.FILE_NAME), StandardCharsets.UTF_8);
    assertFalse(file.contains(secret), file);
  }

  @Test
  void revoke_keyStopsWorking_listSaysRevoked() {
    String token = keys("create", "--name", "temp", "--scope", "admin:*").out().strip();
    String id = KeyTokens.parse(token).orElseThrow().id();
    Run revoked = keys("revoke", id);
    assertEquals(0, revoked.status(), revoked.err());
    assertTrue(ring().authenticate(token).isEmpty());
    assertTrue(keys("list").out().contains("revoked"));
  }

  @Test
  void badInput_usageErrors() {
    assertNotEquals(0, keys("create", "--name", "x", "--scope", "root:*").status());
    assertNotEquals(0, keys("create", "--name", "x").status());
    assertNotEquals(0, keys("revoke", "nope").status());
    assertNotEquals(0, keys("revoke", "0123456789ab").status());
    assertFalse(Files.exists(data.resolve(KeyFile.FILE_NAME)), "a refused create writes nothing");
  }
}
