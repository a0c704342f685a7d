package dev.facesearch.bench.pipeline;

import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * dlib's own C++ timing of its HOG face detector and 68-point shape predictor on the bench's photo
 * sets, to print beside the Java pipeline's rows; or, when a piece is missing, why it was skipped.
 *
 * <p>dlib's program ({@code server/src/test/dlib/dlib_faces.cpp}, see the README beside it) is
 * built against dlib once, into the work folder, and reused while it is newer than its source (see
 * {@link DlibBuild} for where dlib comes from and how the program is compiled). Each photo is
 * decoded by the server's {@link ImageDecoder}, as the pipeline decodes it, and its RGB bytes go to
 * the program, which times R rounds of every photo on one thread: detection at upsampling 0, at
 * upsampling 1 (as dlib's Python API upsamples: {@code pyramid_up}, detect, boxes mapped back; the
 * upsampling is included), and the shape predictor on each face found at upsampling 1. A set's
 * figures are the medians over its photos of those per-photo medians.
 *
 * <p>The timed code is dlib's header templates, compiled here, so the compiler's flags are ours to
 * choose ({@link Build}); Debian's generic x86-64 build of libdlib only unpacks the detector's
 * model. {@link #forProject()} compiles for this machine ({@code -march=native}), the fairer match
 * for the Java side, whose JIT compiles for this machine too. On a 2-core AMD EPYC (AVX-512) with
 * g++ 12 that is 7-9% faster at detection than the generic build, with the shape predictor's times
 * the same within their noise.
 *
 * <pre>{@code
 * DlibNativeTiming.Outcome dlib = DlibNativeTiming.forProject().measure(sets, decoder, 5);
 * switch (dlib) {
 *   case DlibNativeTiming.Timed t -> t.of(set.name()).detectMillisUpsample1() ...
 *   case DlibNativeTiming.Skipped s -> print(s.note());
 * }
 * }</pre>
 */
public final class DlibNativeTiming {
  /** How the program is compiled. */
  public enum Build {
    /**
     * x86-64's baseline instructions (SSE2): what Debian builds its libdlib with, and what dlib's
     * CMake gives a C++ program unless told otherwise.
     */
    GENERIC(List.of("-O2", "-std=c++14")),
    /**
     * Every instruction set of this machine, as the JIT uses for the Java side: dlib's SIMD code
     * takes its AVX paths, with AVX2 for its integer lanes. (dlib's CMake adds only {@code -mavx},
     * for its Python module on an AVX host; with g++ 12 that made detection 1.75 times slower here
     * than the generic build, the time going to the HOG features, whose 8-lane integer code then
     * runs in 128-bit halves.)
     */
    NATIVE(List.of("-O2", "-std=c++14", "-march=native"));

    private final List<String> flags;

    Build(List<String> flags) {
      this.flags = flags;
    }

    /** The compiler's flags. */
    public List<String> flags() {
      return flags;
    }
  }

  /** What {@link #measure} gives: the timings, or why there are none. */
  public sealed interface Outcome permits Timed, Skipped {}

  /**
   * dlib's timings.
   *
   * @param build dlib's version and origin, the compiler and its flags, for a note under the table
   * @param sets one per photo set, in the order given
   */
  public record Timed(String build, List<SetTiming> sets) implements Outcome {
    public Timed {
      sets = List.copyOf(sets);
    }

    /** The timing of the set with this name. */
    public SetTiming of(String photos) {
      return sets.stream()
          .filter(s -> s.photos().equals(photos))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no dlib timing for " + photos));
    }
  }

  /**
   * No timings: a piece was missing (a compiler, dlib, its shape predictor) or failed.
   *
   * @param reason what was missing or failed
   */
  public record Skipped(String reason) implements Outcome {
    /** The line to print where the timings would be. */
    public String note() {
      return "dlib's own C++ timing skipped: " + reason;
    }
  }

  /**
   * dlib's medians on one photo set, single-threaded.
   *
   * @param photos the set's name
   * @param images photos timed
   * @param facesPerImage faces dlib found per photo at upsampling 1
   * @param detectMillisUpsample0 detection without upsampling, ms
   * @param detectMillisUpsample1 detection at upsampling 1, the upsampling included, ms
   * @param shapeMicrosPerFace the 68-point shape predictor per face, µs; NaN when no face was found
   */
  public record SetTiming(
      String photos,
      int images,
      double facesPerImage,
      double detectMillisUpsample0,
      double detectMillisUpsample1,
      double shapeMicrosPerFace) {}

  private final DlibBuild build;
  private final Path work;

  /**
   * @param source {@code dlib_faces.cpp}
   * @param work where dlib is unpacked and the program built ({@code bench/target/dlib})
   * @param cache where Debian's dlib packages are kept ({@link #defaultCache()})
   * @param compiler the C++ compiler's command, such as {@code g++}
   * @param build how to compile
   */
  public DlibNativeTiming(Path source, Path work, Path cache, String compiler, Build build) {
    this(new DlibBuild(source, work, cache, compiler, build, Path.of("/"), "pkg-config"), work);
  }

  DlibNativeTiming(DlibBuild build, Path work) {
    this.build = Objects.requireNonNull(build, "build");
    this.work = Objects.requireNonNull(work, "work");
  }

  /** The project's program, built into {@code bench/target/dlib} with g++ for this machine. */
  public static DlibNativeTiming forProject() {
    return forProject(Build.NATIVE);
  }

  /** The project's program, built into {@code bench/target/dlib} with g++. */
  public static DlibNativeTiming forProject(Build build) {
    Path root = ProjectFiles.root();
    return new DlibNativeTiming(
        root.resolve("server/src/test/dlib/dlib_faces.cpp"),
        root.resolve("bench/target/dlib"),
        defaultCache(),
        "g++",
        build);
  }

  /** Where {@code ./facesearch models} keeps packages: {@code $XDG_CACHE_HOME/facesearch}. */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("facesearch");
  }

  /**
   * Times dlib on every photo of the sets.
   *
   * @param sets photo sets with distinct names
   * @param decoder decodes the photos, as the pipeline does
   * @param rounds rounds per photo, whose median is the photo's time
   */
  public Outcome measure(List<BenchPhotos.PhotoSet> sets, ImageDecoder decoder, int rounds)
      throws InterruptedException {
    if (sets.isEmpty() || rounds < 1) {
      throw new IllegalArgumentException(
          "need photo sets and at least one round: "
              + sets.size()
              + " sets, "
              + rounds
              + " rounds");
    }
    if (new HashSet<>(sets.stream().map(BenchPhotos.PhotoSet::name).toList()).size()
        != sets.size()) {
      throw new IllegalArgumentException("photo sets with the same name");
    }
    DlibBuild.Program program;
    try {
      program = build.program();
    } catch (DlibBuild.Unavailable e) {
      return new Skipped(e.getMessage());
    }
    Path folder = null;
    try {
      folder = Files.createTempDirectory(Files.createDirectories(work), "photos-");
      return run(program, sets, decoder, rounds, folder);
    } catch (IOException e) {
      return new Skipped("dlib's program could not be run: " + e.getMessage());
    } finally {
      delete(folder);
    }
  }

  private static Outcome run(
      DlibBuild.Program program,
      List<BenchPhotos.PhotoSet> sets,
      ImageDecoder decoder,
      int rounds,
      Path folder)
      throws IOException, InterruptedException {
    // The program reads "<file> <width> <height>" lines; names relative to its folder, so that no
    // space in the project's path can split one.
    StringBuilder cases = new StringBuilder();
    List<List<String>> files = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      List<String> mine = new ArrayList<>();
      List<byte[]> images = sets.get(s).images();
      for (int i = 0; i < images.size(); i++) {
        RgbImage image = decoder.decode(images.get(i));
        String file = "set" + s + "-" + i + ".rgb";
        Files.write(folder.resolve(file), image.pixels());
        cases.append(file).append(' ').append(image.width()).append(' ').append(image.height());
        cases.append('\n');
        mine.add(file);
      }
      files.add(mine);
    }
    Files.writeString(folder.resolve("cases.txt"), cases);
    int photos = files.stream().mapToInt(List::size).sum();
    Command.Result result =
        Command.run(
            List.of(
                program.binary().toString(),
                program.shapePredictor().toString(),
                "--time",
                Integer.toString(rounds)),
            folder,
            folder.resolve("cases.txt"),
            // Generous: dlib takes well under a second per photo and round.
            Duration.ofSeconds(60 + 5L * rounds * photos));
    if (result.exit() != 0) {
      return new Skipped(program.binary().getFileName() + " failed: " + result.reason());
    }
    Map<String, DlibTimes.Photo> byFile = new HashMap<>();
    for (DlibTimes.Photo p : DlibTimes.parse(result.stdout())) {
      byFile.put(p.file(), p);
    }
    List<SetTiming> timings = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      List<DlibTimes.Photo> times = files.get(s).stream().map(byFile::get).toList();
      if (times.contains(null)) {
        return new Skipped(
            program.binary().getFileName()
                + " timed "
                + byFile.size()
                + " of "
                + photos
                + " photos");
      }
      timings.add(DlibTimes.summarize(sets.get(s).name(), times));
    }
    return new Timed(program.description(), timings);
  }

  private static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try {
      UnpackedFolder.clear(folder);
    } catch (IOException e) {
      // Only scratch copies of the photos, under target/: left for mvn clean.
    }
  }
}
