package dev.facesearch.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlibNativeTimingTest {
  /**
   * Stands in for g++: answers --version, logs each compile, and "builds" a program that checks its
   * model file and prints, per case, the times of dlib_faces --time from the image's width.
   */
  private static final String FAKE_COMPILER =
      """
      #!/bin/sh
      if [ "$1" = "--version" ]; then echo "fakec++ 1.0"; exit 0; fi
      echo compiled >> "$(dirname "$0")/compiles.log"
      prev=""
      for a in "$@"; do if [ "$prev" = "-o" ]; then out="$a"; fi; prev="$a"; done
      cat > "$out" <<'EOF'
      #!/bin/sh
      [ -f "$1" ] && [ "$2" = "--time" ] || exit 3
      while read file w h; do echo "time $file 1.25 $((w / 100)).5 2 400.0"; done
      EOF
      chmod +x "$out"
      """;

  @TempDir Path folder;
  private Path source;
  private Path work;
  private Path cache;
  private Path emptyRoot;

  @BeforeEach
  void setUp() throws IOException {
    source = folder.resolve("dlib_faces.cpp");
    Files.writeString(source, "int main() {}\n");
    // Older than anything built here, so reuse does not hang on the clock's resolution.
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
    work = folder.resolve("work");
    cache = Files.createDirectories(folder.resolve("cache"));
    emptyRoot = Files.createDirectories(folder.resolve("root"));
  }

  @Test
  void parseLine_readsEveryField() throws IOException {
    DlibTimes.Photo p = DlibTimes.parseLine("time set0-3.rgb 12.345 40.500 2 512.3");
    assertEquals(new DlibTimes.Photo("set0-3.rgb", 12.345, 40.5, 2, 512.3), p);
  }

  @Test
  void parseLine_notATimeLine_throwsNamingIt() {
    for (String line :
        List.of(
            "box 0 1 2 3 4 0.5 1",
            "time a.rgb 1.0 2.0 1",
            "time a.rgb 1.0 x 1 2.0",
            "time a.rgb 1.0 2.0 -1 2.0",
            "time a.rgb -1.0 2.0 1 2.0",
            "time a.rgb nan 2.0 1 2.0",
            "time a.rgb 1.0 inf 1 2.0")) {
      IOException e = assertThrows(IOException.class, () -> DlibTimes.parseLine(line), line);
      assertTrue(e.getMessage().contains(line), e.getMessage());
    }
  }

  @Test
  void summarize_mediansOverPhotos_shapeOnlyWhereAFaceWas() throws IOException {
    List<DlibTimes.Photo> times =
        DlibTimes.parse(
            """
            time a 5.0 20.0 1 300.0
            time b 1.0 10.0 0 0.0

            time c 3.0 40.0 2 500.0
            time d 9.0 30.0 1 700.0
            """);
    DlibNativeTiming.SetTiming t = DlibTimes.summarize("set", times);
    assertEquals(new DlibNativeTiming.SetTiming("set", 4, 1.0, 4.0, 25.0, 500.0), t);
    DlibNativeTiming.SetTiming none =
        DlibTimes.summarize("faceless", List.of(new DlibTimes.Photo("a", 1, 2, 0, 0)));
    assertTrue(Double.isNaN(none.shapeMicrosPerFace()));
  }

  @Test
  void median_oddAndEvenCounts_andInputUntouched() {
    Random random = new Random(5);
    for (int n = 1; n <= 9; n++) {
      double[] values = random.doubles(n).toArray();
      double[] before = values.clone();
      double m = DlibTimes.median(values);
      long below = Arrays.stream(values).filter(v -> v < m).count();
      long above = Arrays.stream(values).filter(v -> v > m).count();
      assertEquals(below, above, "as many values each side of the median, n=" + n);
      assertArrayEquals(before, values);
    }
  }

  @Test
  void switchOffOptions_asTheFixturesScriptDoes() {
    String config =
        """
        #define DLIB_DISABLE_ASSERTS // asserts always disabled
        #define DLIB_JPEG_SUPPORT
        #define DLIB_PNG_SUPPORT
        #define DLIB_USE_BLAS
        #define DLIB_USE_LAPACK
        #define DLIB_CHECK_FOR_VERSION_MISMATCH DLIB_VERSION_MISMATCH_CHECK__EXPECTED_VERSION_19_24_0
        """;
    String off = DlibBuild.switchOffOptions(config);
    assertTrue(off.contains("#define DLIB_DISABLE_ASSERTS"), off);
    for (String gone :
        List.of("BLAS", "LAPACK", "JPEG_SUPPORT", "PNG_SUPPORT", "VERSION_MISMATCH")) {
      assertFalse(off.lines().anyMatch(l -> l.startsWith("#define") && l.contains(gone)), off);
    }
  }

  @Test
  void measure_noCompiler_skipsSayingSo() throws Exception {
    DlibNativeTiming.Outcome outcome =
        timing("no-such-compiler-for-facesearch-tests").measure(photos(), decoder(), 1);
    DlibNativeTiming.Skipped skipped = assertInstanceOf(DlibNativeTiming.Skipped.class, outcome);
    assertTrue(skipped.reason().startsWith("no C++ compiler"), skipped.reason());
    assertTrue(skipped.note().contains(skipped.reason()));
    assertFalse(Files.exists(work), "nothing unpacked or fetched without a compiler");
  }

  @Test
  void measure_noSource_skipsNamingIt() throws Exception {
    Files.delete(source);
    DlibNativeTiming.Skipped skipped =
        assertInstanceOf(
            DlibNativeTiming.Skipped.class,
            timing(fakeCompiler("true")).measure(photos(), decoder(), 1));
    assertTrue(skipped.reason().contains(source.toString()), skipped.reason());
  }

  @Test
  void measure_noDlibAndNoUsablePackage_skipsWithThePackagesProblem() throws Exception {
    Files.writeString(cache.resolve("libdlib-dev_0_amd64.deb"), "<html>not found</html>");
    DlibNativeTiming.Skipped skipped =
        assertInstanceOf(
            DlibNativeTiming.Skipped.class,
            timing(fakeCompiler(FAKE_COMPILER)).measure(photos(), decoder(), 1));
    assertTrue(skipped.reason().contains("dlib is not installed"), skipped.reason());
    assertTrue(skipped.reason().contains("not a readable Debian package"), skipped.reason());
  }

  @Test
  void measure_compileFails_skipsWithTheCompilersError() throws Exception {
    dlibPackages();
    String failing =
        """
        #!/bin/sh
        if [ "$1" = "--version" ]; then echo "fakec++ 1.0"; exit 0; fi
        echo "In file included from x.h:1," >&2
        echo "dlib_faces.cpp:3:1: error: 'frontal' was not declared" >&2
        exit 1
        """;
    DlibNativeTiming.Skipped skipped =
        assertInstanceOf(
            DlibNativeTiming.Skipped.class,
            timing(fakeCompiler(failing)).measure(photos(), decoder(), 1));
    assertTrue(skipped.reason().contains("could not build dlib_faces.cpp"), skipped.reason());
    assertTrue(skipped.reason().endsWith("error: 'frontal' was not declared"), skipped.reason());
  }

  @Test
  void measure_fromTheCachedPackages_timesEverySetAndBuildsOnce() throws Exception {
    dlibPackages();
    Path compiler = fakeCompiler(FAKE_COMPILER);
    List<BenchPhotos.PhotoSet> sets = photos();
    for (int run = 0; run < 2; run++) {
      DlibNativeTiming.Timed timed =
          assertInstanceOf(
              DlibNativeTiming.Timed.class,
              timing(compiler.toString()).measure(sets, decoder(), 3));
      assertEquals(
          new DlibNativeTiming.SetTiming("small", 3, 2.0, 1.25, 2.5, 400.0), timed.of("small"));
      assertEquals(
          new DlibNativeTiming.SetTiming("wide", 2, 2.0, 1.25, 3.5, 400.0), timed.sets().get(1));
      assertTrue(timed.build().contains("dlib 19.24.0"), timed.build());
      assertTrue(
          timed.build().contains("fakec++ 1.0, -O2 -std=c++14 -march=native"), timed.build());
    }
    assertEquals(1, Files.readAllLines(compiler.resolveSibling("compiles.log")).size());
    String config = Files.readString(work.resolve("libdlib-dev/usr/include/dlib/config.h"));
    assertFalse(config.contains("#define DLIB_USE_BLAS"), config);
    assertFalse(Files.exists(work.resolve("libdlib-dev/usr/share")), "only headers and libdlib.a");
    try (var left = Files.list(work)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("photos-")));
    }
  }

  @Test
  void measure_installedDlib_usesItAndLeavesItAlone() throws Exception {
    Path include = Files.createDirectories(emptyRoot.resolve("usr/include/dlib"));
    String config = "#define DLIB_USE_BLAS\n#define DLIB_USE_LAPACK\n";
    Files.writeString(include.resolve("config.h"), config);
    Files.writeString(
        include.resolve("revision.h"),
        "#define DLIB_MAJOR_VERSION 19\n#define DLIB_MINOR_VERSION 22\n#define DLIB_PATCH_VERSION 1\n");
    Path lib = Files.createDirectories(emptyRoot.resolve("usr/lib/aarch64-linux-gnu"));
    Files.writeString(lib.resolve("libdlib.a"), "!<arch>\n");
    Path model = emptyRoot.resolve("usr/share/dlib/shape_predictor_68_face_landmarks.dat");
    Files.createDirectories(model.getParent());
    Files.writeString(model, "model");
    // The cache is a file, so that were the packages looked for, apt-get could not be asked.
    Files.delete(cache);
    Files.writeString(cache, "not a folder");
    DlibNativeTiming.Timed timed =
        assertInstanceOf(
            DlibNativeTiming.Timed.class,
            timing(fakeCompiler(FAKE_COMPILER)).measure(photos(), decoder(), 1));
    assertTrue(
        timed.build().startsWith("dlib 19.22.1 installed in " + emptyRoot.resolve("usr/include")),
        timed.build());
    assertEquals(config, Files.readString(include.resolve("config.h")), "the installed copy");
    assertFalse(
        Files.readString(work.resolve("installed/dlib/config.h")).contains("#define DLIB_USE"));
  }

  private DlibNativeTiming timing(Object compiler) {
    return new DlibNativeTiming(
        new DlibBuild(
            source,
            work,
            cache,
            compiler.toString(),
            DlibNativeTiming.Build.NATIVE,
            emptyRoot,
            "no-such-pkg-config-for-facesearch-tests"),
        work);
  }

  private Path fakeCompiler(String script) throws IOException {
    Path bin = Files.createDirectories(folder.resolve("bin")).resolve("c++");
    Files.writeString(bin, script.equals("true") ? "#!/bin/sh\nexit 0\n" : script);
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static ImageDecoder decoder() {
    return new ImageDecoder(1 << 24, 1 << 24);
  }

  /** Two sets of distinct JPEGs: three 200x150, two 300x200. */
  private static List<BenchPhotos.PhotoSet> photos() throws IOException {
    return List.of(
        new BenchPhotos.PhotoSet(
            "small", List.of(jpeg(200, 150, 1), jpeg(200, 150, 2), jpeg(200, 150, 3))),
        new BenchPhotos.PhotoSet("wide", List.of(jpeg(300, 200, 4), jpeg(300, 200, 5))));
  }

  private static byte[] jpeg(int width, int height, int seed) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }

  /** Debian's two dlib packages in the cache, in miniature. */
  private void dlibPackages() throws IOException {
    deb(
        cache.resolve("libdlib-dev_19.24+test_amd64.deb"),
        Map.of(
            "./usr/include/dlib/config.h", "#define DLIB_USE_BLAS\n#define DLIB_USE_LAPACK\n",
            "./usr/include/dlib/revision.h",
                "#define DLIB_MAJOR_VERSION  19\n#define DLIB_MINOR_VERSION  24\n"
                    + "#define DLIB_PATCH_VERSION  0\n",
            "./usr/lib/x86_64-linux-gnu/libdlib.a", "!<arch>\n",
            "./usr/share/doc/libdlib-dev/copyright", "Boost"));
    deb(
        cache.resolve("libdlib-data_19.24+test_all.deb"),
        Map.of("./usr/share/dlib/shape_predictor_68_face_landmarks.dat", "model"));
  }

  private static void deb(Path deb, Map<String, String> files) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZCompressorOutputStream(data))) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.UTF_8));
      member(ar, "data.tar.xz", data.toByteArray());
    }
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] content)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
    ar.write(content);
    ar.closeArchiveEntry();
  }
}
