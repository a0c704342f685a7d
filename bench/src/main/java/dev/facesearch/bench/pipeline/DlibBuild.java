package dev.facesearch.bench.pipeline;

import dev.facesearch.models.dlib.DebianPackage;
import dev.facesearch.models.dlib.DlibFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds dlib's timing program ({@code server/src/test/dlib/dlib_faces.cpp}) against dlib, and
 * finds dlib's shape predictor: from an installed libdlib-dev and libdlib-data, else from Debian's
 * packages in the facesearch cache (fetched there with {@code apt-get download} when missing), all
 * under one work folder.
 *
 * <p>What the program times is header code: dlib's detector and shape predictor are templates,
 * compiled here with our flags, so the flags Debian built its library with do not apply to them;
 * the library adds only the base64 and compression kernels that unpack the detector's model. The
 * headers are a private copy whose {@code config.h} has BLAS, LAPACK, JPEG and PNG off, as {@code
 * make-dlib-faces.sh} builds the golden fixture's program: nothing else needs linking, and the
 * shape predictor's 2x2 SVDs run in dlib's own code, not in whichever LAPACK the machine has.
 *
 * <p>Every step is reused when its inputs are unchanged: the unpacked headers (by the package's or
 * the installed folder's identity) and the binary (newer than the source, same command and
 * headers).
 */
final class DlibBuild {
  /** Why the program cannot be had; the message is the reason, for a note. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }

    Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /**
   * The built program.
   *
   * @param binary the executable
   * @param shapePredictor dlib's {@code shape_predictor_68_face_landmarks.dat}
   * @param description dlib's version and origin, the compiler and its flags, for a table's note
   */
  record Program(Path binary, Path shapePredictor, String description) {}

  /** dlib's headers (the folder holding {@code dlib/}) and static library, and where from. */
  private record Dlib(Path include, Path library, String origin, String identity) {}

  private static final Duration COMPILE_LIMIT = Duration.ofMinutes(10);
  private static final String HEADERS = "usr/include/dlib/";

  private final Path source;
  private final Path work;
  private final Path cache;
  private final String compiler;
  private final DlibNativeTiming.Build build;
  private final Path root;
  private final String pkgConfig;

  /**
   * @param root where installed packages are looked for ({@code /}; a test passes an empty folder)
   * @param pkgConfig the pkg-config command, which also finds a dlib installed from source
   */
  DlibBuild(
      Path source,
      Path work,
      Path cache,
      String compiler,
      DlibNativeTiming.Build build,
      Path root,
      String pkgConfig) {
    this.source = source;
    this.work = work;
    this.cache = cache;
    this.compiler = compiler;
    this.build = build;
    this.root = root;
    this.pkgConfig = pkgConfig;
  }

  /** Finds or builds everything, cheapest checks first, so a missing compiler downloads nothing. */
  Program program() throws Unavailable, InterruptedException {
    String compilerVersion = compilerVersion();
    if (!Files.isRegularFile(source)) {
      throw new Unavailable(
          "no " + source + " (dlib's program is built from the project's sources)");
    }
    try {
      Files.createDirectories(work);
      Dlib dlib = dlib();
      Path binary = compile(dlib);
      Path model = shapePredictor();
      String flags = String.join(" ", build.flags());
      return new Program(
          binary,
          model,
          dlib.origin() + "; " + compilerVersion + ", " + flags + ", BLAS/LAPACK off");
    } catch (IOException e) {
      throw new Unavailable(e.getMessage(), e);
    }
  }

  private String compilerVersion() throws Unavailable, InterruptedException {
    Command.Result version;
    try {
      version = Command.run(List.of(compiler, "--version"), null, null, Duration.ofMinutes(1));
    } catch (IOException e) {
      throw new Unavailable(
          "no C++ compiler: " + compiler + " cannot be run (" + e.getMessage() + ")");
    }
    if (version.exit() != 0) {
      throw new Unavailable(compiler + " --version failed: " + version.reason());
    }
    return version.stdout().lines().findFirst().orElse(compiler);
  }

  private Dlib dlib() throws Unavailable, IOException, InterruptedException {
    Dlib installed = installed();
    if (installed != null) {
      return installed;
    }
    String name = DlibFile.FRONTAL_FACE_DETECTOR.packageName();
    try {
      Path deb = DebianPackage.fetch(name, cache);
      String identity = deb.getFileName() + " " + Files.size(deb);
      Path folder = work.resolve(name);
      if (!UnpackedFolder.stamped(folder, identity)) {
        UnpackedFolder.clear(folder);
        DebianPackage.extract(
            deb,
            p -> p.startsWith(HEADERS) || (p.startsWith("usr/lib/") && p.endsWith("/libdlib.a")),
            folder);
        rewriteConfig(folder.resolve(HEADERS).resolve("config.h"));
        UnpackedFolder.stamp(folder, identity);
      }
      Path library = staticLibrary(folder.resolve("usr/lib"));
      if (library == null) {
        throw new IOException(deb + " has no libdlib.a");
      }
      Path include = folder.resolve("usr/include");
      return new Dlib(
          include,
          library,
          "dlib " + version(include) + " from Debian's " + deb.getFileName(),
          identity);
    } catch (IOException e) {
      throw notToBeHad("dlib is not installed", name, e);
    }
  }

  /**
   * An installed dlib with a static library: where pkg-config says, else Debian's own paths. Its
   * headers are copied, so that their config.h can be changed.
   */
  private Dlib installed() throws IOException, InterruptedException {
    List<Installed> candidates = new ArrayList<>();
    String include = pkgConfigVariable("includedir");
    String libdir = pkgConfigVariable("libdir");
    if (include != null && libdir != null) {
      candidates.add(new Installed(Path.of(include), Path.of(libdir).resolve("libdlib.a")));
    }
    Path library = staticLibrary(root.resolve("usr/lib"));
    if (library != null) {
      candidates.add(new Installed(root.resolve("usr/include"), library));
    }
    for (Installed c : candidates) {
      Path config = c.include().resolve("dlib/config.h");
      if (!Files.isRegularFile(config) || !Files.isRegularFile(c.library())) {
        continue;
      }
      String identity = c + " " + Files.getLastModifiedTime(config);
      Path copy = work.resolve("installed");
      if (!UnpackedFolder.stamped(copy, identity)) {
        UnpackedFolder.clear(copy);
        UnpackedFolder.copyTree(c.include().resolve("dlib"), copy.resolve("dlib"));
        rewriteConfig(copy.resolve("dlib/config.h"));
        UnpackedFolder.stamp(copy, identity);
      }
      return new Dlib(
          copy, c.library(), "dlib " + version(copy) + " installed in " + c.include(), identity);
    }
    return null;
  }

  /** Where an installed dlib might be: the folder holding dlib/, and libdlib.a. */
  private record Installed(Path include, Path library) {}

  private String pkgConfigVariable(String variable) throws InterruptedException {
    try {
      Command.Result r =
          Command.run(
              List.of(pkgConfig, "--variable=" + variable, "dlib-1"),
              null,
              null,
              Duration.ofMinutes(1));
      String value = r.stdout().strip();
      return r.exit() == 0 && !value.isEmpty() ? value : null;
    } catch (IOException e) {
      return null; // no pkg-config: Debian's paths are still looked at
    }
  }

  /** libdlib.a in a lib folder or one level below it (Debian's multiarch folders). */
  private static Path staticLibrary(Path lib) throws IOException {
    if (!Files.isDirectory(lib)) {
      return null;
    }
    if (Files.isRegularFile(lib.resolve("libdlib.a"))) {
      return lib.resolve("libdlib.a");
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(lib, Files::isDirectory)) {
      for (Path folder : folders) {
        if (Files.isRegularFile(folder.resolve("libdlib.a"))) {
          return folder.resolve("libdlib.a");
        }
      }
    }
    return null;
  }

  private Path compile(Dlib dlib) throws Unavailable, IOException, InterruptedException {
    Path binary = work.resolve("dlib_faces-" + build.name().toLowerCase(Locale.ROOT));
    List<String> command = new ArrayList<>();
    command.add(compiler);
    command.addAll(build.flags());
    command.addAll(
        List.of(
            "-I" + dlib.include(),
            source.toString(),
            dlib.library().toString(),
            "-lpthread",
            "-o",
            binary.toString()));
    String identity = String.join(" ", command) + "\n" + dlib.identity();
    Path built = binary.resolveSibling(binary.getFileName() + ".built");
    if (Files.isExecutable(binary)
        && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0
        && Files.isRegularFile(built)
        && Files.readString(built).equals(identity)) {
      return binary;
    }
    Files.deleteIfExists(built);
    Command.Result result = Command.run(command, work, null, COMPILE_LIMIT);
    if (result.exit() != 0) {
      throw new Unavailable(
          compiler + " could not build " + source.getFileName() + ": " + result.reason());
    }
    Files.writeString(built, identity);
    return binary;
  }

  private Path shapePredictor() throws Unavailable, InterruptedException {
    DlibFile model = DlibFile.SHAPE_PREDICTOR_68;
    Path installed = root.resolve(model.path());
    if (Files.isRegularFile(installed)) {
      return installed;
    }
    try {
      Path deb = DebianPackage.fetch(model.packageName(), cache);
      String identity = deb.getFileName() + " " + Files.size(deb);
      Path folder = work.resolve(model.packageName());
      if (!UnpackedFolder.stamped(folder, identity)) {
        UnpackedFolder.clear(folder);
        DebianPackage.extract(deb, p -> p.equals(model.path()), folder);
        UnpackedFolder.stamp(folder, identity);
      }
      return folder.resolve(model.path());
    } catch (IOException e) {
      throw notToBeHad("dlib's shape predictor is not installed", model.packageName(), e);
    }
  }

  private static Unavailable notToBeHad(String what, String name, IOException e) {
    return new Unavailable(
        what + " (no " + name + ") and its package is not to be had: " + e.getMessage(), e);
  }

  /**
   * What {@code make-dlib-faces.sh} does to config.h: BLAS and LAPACK off (nothing is linked for
   * them), no library version check, no JPEG or PNG loaders.
   */
  static String switchOffOptions(String config) {
    return config
        .replaceAll("(?m)^#define DLIB_USE_BLAS\\b", "// BLAS off")
        .replaceAll("(?m)^#define DLIB_USE_LAPACK\\b", "// LAPACK off")
        .replaceAll("(?m)^#define DLIB_CHECK_FOR_VERSION_MISMATCH.*$", "// no library to check")
        .replaceAll("(?m)^#define DLIB_(JPEG|PNG)_SUPPORT\\b.*$", "");
  }

  private static void rewriteConfig(Path config) throws IOException {
    Files.writeString(config, switchOffOptions(Files.readString(config)));
  }

  /** dlib's version from its revision.h, such as 19.24.0. */
  private static String version(Path include) throws IOException {
    Path revision = include.resolve("dlib/revision.h");
    if (!Files.isRegularFile(revision)) {
      return "(version unknown)";
    }
    String text = Files.readString(revision);
    List<String> parts = new ArrayList<>();
    for (String part : List.of("MAJOR", "MINOR", "PATCH")) {
      Matcher m = Pattern.compile("#define DLIB_" + part + "_VERSION\\s+(\\d+)").matcher(text);
      parts.add(m.find() ? m.group(1) : "?");
    }
    return String.join(".", parts);
  }
}
