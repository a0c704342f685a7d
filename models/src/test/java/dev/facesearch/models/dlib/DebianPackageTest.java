package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianPackageTest {
  @TempDir Path folder;

  @Test
  void read_findsTheFileInAnXzDataArchive() throws Exception {
    byte[] model = new byte[300_000];
    new Random(7).nextBytes(model);
    Path deb =
        deb(
            "data.tar.xz",
            Map.of("./usr/share/doc/x/copyright", text("c"), "./usr/share/x/m.dat", model));
    assertArrayEquals(model, DebianPackage.read(deb, "usr/share/x/m.dat", in -> in.readAllBytes()));
  }

  @Test
  void read_findsTheFileInAGzipDataArchive() throws Exception {
    Path deb = deb("data.tar.gz", Map.of("./usr/include/a.h", text("int a;")));
    assertEquals(
        "int a;",
        DebianPackage.read(
            deb, "usr/include/a.h", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8)));
  }

  @Test
  void read_missingFile_namesIt() throws Exception {
    Path deb = deb("data.tar.xz", Map.of("./usr/include/a.h", text("int a;")));
    IOException e =
        assertThrows(
            IOException.class, () -> DebianPackage.read(deb, "usr/include/b.h", in -> null));
    assertTrue(e.getMessage().contains("has no file /usr/include/b.h"), e.getMessage());
  }

  @Test
  void read_notAPackage_saysSo() throws Exception {
    Path notDeb = folder.resolve("x.deb");
    Files.writeString(notDeb, "<html>not found</html>");
    IOException e =
        assertThrows(IOException.class, () -> DebianPackage.read(notDeb, "a", in -> null));
    assertTrue(e.getMessage().contains("not a"), e.getMessage());
  }

  @Test
  void extract_writesTheChosenFilesAtTheirPaths() throws Exception {
    byte[] library = new byte[70_000];
    new Random(11).nextBytes(library);
    Path deb =
        deb(
            "data.tar.xz",
            Map.of(
                "./usr/include/x/a.h", text("int a;"),
                "./usr/include/x/sub/b.h", text("int b;"),
                "./usr/include/y.h", text("int y;"),
                "./usr/lib/x86_64-linux-gnu/libx.a", library,
                "./usr/share/doc/x/copyright", text("c")));
    Path out = folder.resolve("out");
    List<Path> written =
        DebianPackage.extract(
            deb, p -> p.startsWith("usr/include/x/") || p.endsWith("/libx.a"), out);
    assertEquals(3, written.size(), written.toString());
    assertEquals("int a;", Files.readString(out.resolve("usr/include/x/a.h")));
    assertEquals("int b;", Files.readString(out.resolve("usr/include/x/sub/b.h")));
    assertArrayEquals(library, Files.readAllBytes(out.resolve("usr/lib/x86_64-linux-gnu/libx.a")));
    assertFalse(Files.exists(out.resolve("usr/include/y.h")));
    assertFalse(Files.exists(out.resolve("usr/share")));
  }

  @Test
  void extract_nothingChosen_saysSo() throws Exception {
    Path deb = deb("data.tar.gz", Map.of("./usr/include/a.h", text("int a;")));
    IOException e =
        assertThrows(
            IOException.class,
            () -> DebianPackage.extract(deb, p -> p.startsWith("usr/lib/"), folder.resolve("o")));
    assertTrue(e.getMessage().contains("none of the files"), e.getMessage());
  }

  @Test
  void extract_pathOutsideTheFolder_refusesIt() throws Exception {
    Path deb = deb("data.tar.xz", Map.of("./usr/../../escaped.h", text("int e;")));
    Path out = folder.resolve("inner").resolve("out");
    IOException e =
        assertThrows(IOException.class, () -> DebianPackage.extract(deb, p -> true, out));
    assertTrue(e.getMessage().contains("outside its root"), e.getMessage());
    assertFalse(Files.exists(folder.resolve("inner").resolve("escaped.h")));
  }

  @Test
  void version_comesFromTheFileName() {
    assertEquals("19.24+dfsg-1", DlibFile.version(Path.of("libdlib-dev_19.24+dfsg-1_amd64.deb")));
    assertEquals("1:2.0-3", DlibFile.version(Path.of("x_1%3a2.0-3_all.deb")));
    assertEquals("unknown", DlibFile.version(Path.of("copy.deb")));
  }

  @Test
  void dlibFile_readsTheBareFileOrThePackage() throws Exception {
    byte[] header = text("// a header");
    Path bare = folder.resolve("frontal_face_detector.h");
    Files.write(bare, header);
    DlibFile.Read<byte[]> fromBare =
        DlibFile.FRONTAL_FACE_DETECTOR.read(bare, folder, in -> in.readAllBytes());
    assertArrayEquals(header, fromBare.value());
    assertEquals(DlibFile.sha256(bare), fromBare.source().sha256());

    Path deb =
        deb(
            "data.tar.xz",
            Map.of("./" + DlibFile.FRONTAL_FACE_DETECTOR.path(), header),
            "libdlib-dev_19.24+dfsg-1_amd64.deb");
    DlibFile.Read<byte[]> fromDeb =
        DlibFile.FRONTAL_FACE_DETECTOR.read(deb, folder, in -> in.readAllBytes());
    assertArrayEquals(header, fromDeb.value());
    assertEquals("19.24+dfsg-1", fromDeb.source().version());
    assertEquals(DlibFile.sha256(deb), fromDeb.source().sha256());
  }

  /** Debian's own package, which the models build leaves in the cache. */
  @Test
  void read_debianLibdlibDev_givesTheDetectorHeader() throws Exception {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "facesearch");
    Path deb = null;
    if (Files.isDirectory(cache)) {
      try (var files = Files.newDirectoryStream(cache, "libdlib-dev_*.deb")) {
        for (Path p : files) {
          deb = p;
        }
      }
    }
    assumeTrue(
        deb != null, "no libdlib-dev package in " + cache + " (./facesearch models puts it there)");
    byte[] header =
        DebianPackage.read(deb, DlibFile.FRONTAL_FACE_DETECTOR.path(), in -> in.readAllBytes());
    assertTrue(
        new String(header, StandardCharsets.US_ASCII).contains("get_serialized_frontal_faces"));
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Path deb(String dataName, Map<String, byte[]> files) throws IOException {
    return deb(dataName, files, "test_1.0_all.deb");
  }

  /** A package as dpkg-deb builds one: debian-binary, control.tar.xz, then the data archive. */
  private Path deb(String dataName, Map<String, byte[]> files, String fileName) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (OutputStream compressed =
            dataName.endsWith(".xz")
                ? new XZCompressorOutputStream(data)
                : new GZIPOutputStream(data);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    Path deb = folder.resolve(fileName);
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
      member(ar, "debian-binary", text("2.0\n"));
      member(ar, "control.tar.xz", new byte[] {1, 2, 3});
      member(ar, dataName, data.toByteArray());
    }
    return deb;
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] content)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
    ar.write(content);
    ar.closeArchiveEntry();
  }
}
