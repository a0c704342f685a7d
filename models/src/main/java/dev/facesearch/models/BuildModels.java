package dev.facesearch.models;

import dev.facesearch.models.dlib.DlibModels;
import dev.facesearch.models.faceapi.FaceApiSource;
import dev.facesearch.models.faceapi.FaceLandmark68Graph;
import dev.facesearch.models.faceapi.FaceRecognitionNetGraph;
import dev.facesearch.models.faceapi.SsdMobilenetV1Graph;
import dev.facesearch.models.faceapi.TinyFaceDetectorGraph;
import dev.facesearch.models.openface.OpenFaceGraph;
import dev.facesearch.models.openface.OpenFaceSource;
import dev.facesearch.models.openface.OpenFaceWeights;
import dev.facesearch.models.tfjs.NpmPackage;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Builds the ONNX models and {@code models.json} from published weights.
 *
 * <p>The face-api set comes from its npm tarball, fetched once into a cache with {@code npm pack}
 * or given with {@code --from}, and checked by SHA-256. Nothing is rebuilt when {@code models.json}
 * has the same recipe and every file still has its checksum.
 *
 * <p>OpenFace nn4.small2.v1 is built only from the user's own copy of its weights ({@code
 * --openface-weights}), since they cannot be fetched from a package registry.
 *
 * <p>dlib's HOG face detector and 68-point shape predictor come from Debian's {@code libdlib-dev}
 * and {@code libdlib-data}, fetched into the cache with {@code apt-get download} or given as files
 * ({@code --dlib-dev}, {@code --dlib-data}), and are written in compact forms of our own. Where
 * they cannot be had, the other models are still built and a warning says how to add them.
 */
@Command(
    name = "facesearch models",
    mixinStandardHelpOptions = true,
    description = "Builds the ONNX face models and models.json from published weights.")
public final class BuildModels implements Callable<Integer> {
  /** A face-api net: the name of its weights in the package, and its converter. */
  private record FaceApiNet(String weights, Function<TfjsWeights, BuiltModel> converter) {}

  private static final List<FaceApiNet> FACE_API_NETS =
      List.of(
          new FaceApiNet(FaceRecognitionNetGraph.WEIGHTS, FaceRecognitionNetGraph::build),
          new FaceApiNet(FaceLandmark68Graph.WEIGHTS, FaceLandmark68Graph::build),
          new FaceApiNet(FaceLandmark68Graph.TINY_WEIGHTS, FaceLandmark68Graph::buildTiny),
          new FaceApiNet(TinyFaceDetectorGraph.WEIGHTS, TinyFaceDetectorGraph::build),
          new FaceApiNet(SsdMobilenetV1Graph.WEIGHTS, SsdMobilenetV1Graph::build));

  @Option(
      names = "--out",
      required = true,
      description = "Folder for the ONNX files and models.json.")
  Path out;

  @Option(
      names = "--from",
      description = "The face-api tarball (vladmandic-face-api-1.7.15.tgz) to use instead of npm.")
  Path from;

  @Option(
      names = "--cache",
      description =
          "Where npm's tarball is kept (default: $XDG_CACHE_HOME/facesearch or ~/.cache/facesearch).")
  Path cache;

  @Option(names = "--force", description = "Rebuild even if the models are up to date.")
  boolean force;

  @Option(
      names = "--openface-weights",
      defaultValue = "${env:FACESEARCH_OPENFACE_WEIGHTS}",
      description =
          "Your copy of the OpenFace nn4.small2.v1 weights: a Keras-OpenFace CSV folder or"
              + " nn4.small2.v1.t7 (default: $FACESEARCH_OPENFACE_WEIGHTS). Without it, OpenFace"
              + " is not built.")
  Path openFaceWeights;

  @Option(
      names = "--dlib-dev",
      defaultValue = "${env:FACESEARCH_DLIB_DEV}",
      description =
          "Debian's libdlib-dev package (.deb) or its dlib/image_processing/"
              + "frontal_face_detector.h, for dlib's HOG detector (default:"
              + " $FACESEARCH_DLIB_DEV, else apt-get download into the cache).")
  Path dlibDev;

  @Option(
      names = "--dlib-data",
      defaultValue = "${env:FACESEARCH_DLIB_DATA}",
      description =
          "Debian's libdlib-data package (.deb) or its shape_predictor_68_face_landmarks.dat,"
              + " for dlib's 68-point shape predictor (default: $FACESEARCH_DLIB_DATA, else"
              + " apt-get download into the cache). Its licence excludes commercial use.")
  Path dlibData;

  @Option(
      names = "--without-dlib",
      description =
          "Build no dlib model (the server then detects with SSD, landmarks with face-api).")
  boolean withoutDlib;

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(new BuildModels())
            .setExecutionExceptionHandler((e, cmd, parseResult) -> {
              // One line for people; the cause's class says what kind of failure it was.
              cmd.getErr().println("facesearch models: " + e.getMessage());
              return 1;
            });
    System.exit(commandLine.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String recipe =
        "converters "
            + ConverterCode.sha256()
            + "; "
            + FaceApiSource.PACKAGE
            + "@"
            + FaceApiSource.VERSION
            + " sha256 "
            + FaceApiSource.SHA256;
    OpenFaceSource openFace = openFaceSource();
    recipe +=
        openFace == null
            ? "; no openface"
            : "; " + OpenFaceSource.NAME + " sha256 " + openFace.sha256();
    recipe += withoutDlib ? "; no dlib" : "; " + DlibModels.recipe();
    if (!force && upToDate(recipe)) {
      System.out.println("models are up to date in " + out);
      return 0;
    }
    Path tarball =
        from != null
            ? from
            : NpmPackage.fetch(
                FaceApiSource.PACKAGE, FaceApiSource.VERSION, FaceApiSource.SHA256, cacheFolder());
    NpmPackage faceApi = NpmPackage.open(tarball, FaceApiSource.SHA256, FaceApiSource.MODEL_FOLDER);

    List<ModelFile> built = new ArrayList<>();
    for (FaceApiNet net : FACE_API_NETS) {
      built.add(net.converter().apply(TfjsWeights.read(net.weights(), faceApi::read)).file());
    }
    if (openFace != null) {
      built.add(OpenFaceGraph.build(OpenFaceWeights.read(openFaceWeights), openFace).file());
    }
    if (!withoutDlib) {
      try {
        built.addAll(DlibModels.build(dlibDev, dlibData, cacheFolder()));
      } catch (IOException e) {
        // Without dlib the server still serves, on SSD and face-api's landmarks; the recipe
        // records it, so the next run tries again.
        recipe = recipe.replace(DlibModels.recipe(), "dlib unavailable");
        System.out.println(
            "warning: dlib's models were not built: "
                + e.getMessage()
                + "\n  They come from Debian's libdlib-dev and libdlib-data: give"
                + " --dlib-dev FILE.deb|frontal_face_detector.h and --dlib-data"
                + " FILE.deb|shape_predictor_68_face_landmarks.dat, or make apt-get work"
                + " (apt-get update), or pass --without-dlib.");
      }
    }

    Files.createDirectories(out);
    List<ModelManifest.Entry> entries = new ArrayList<>();
    for (ModelFile model : built) {
      writeAtomically(out.resolve(model.file()), model.bytes());
      entries.add(
          new ModelManifest.Entry(
              model.name(), model.file(), NpmPackage.sha256(model.bytes()), model.card()));
      System.out.printf("built %s (%,d bytes)%n", model.file(), model.bytes().length);
    }
    writeAtomically(
        out.resolve(ModelManifest.FILE_NAME),
        new ModelManifest(ModelManifest.FORMAT, recipe, entries)
            .toJson()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    System.out.println("wrote " + out.resolve(ModelManifest.FILE_NAME));
    return 0;
  }

  /** The user's OpenFace weights, or null (and a note saying so) when none were given. */
  private OpenFaceSource openFaceSource() throws IOException {
    if (openFaceWeights == null || openFaceWeights.toString().isEmpty()) {
      System.out.println(
          "OpenFace nn4.small2.v1 not built: give --openface-weights PATH (a Keras-OpenFace CSV"
              + " folder or nn4.small2.v1.t7) or set FACESEARCH_OPENFACE_WEIGHTS");
      return null;
    }
    if (!Files.exists(openFaceWeights)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--openface-weights (or FACESEARCH_OPENFACE_WEIGHTS): no such file or folder: "
              + openFaceWeights);
    }
    OpenFaceSource source = OpenFaceSource.of(openFaceWeights);
    source.warning().ifPresent(w -> System.out.println("warning: " + w));
    return source;
  }

  private boolean upToDate(String recipe) throws IOException {
    Path manifestFile = out.resolve(ModelManifest.FILE_NAME);
    if (!Files.exists(manifestFile)) {
      return false;
    }
    ModelManifest manifest = ModelManifest.fromJson(Files.readString(manifestFile));
    if (manifest == null || !recipe.equals(manifest.recipe())) {
      return false;
    }
    for (ModelManifest.Entry entry : manifest.models()) {
      Path file = out.resolve(entry.file());
      if (!Files.exists(file)
          || !NpmPackage.sha256(Files.readAllBytes(file)).equals(entry.sha256())) {
        return false;
      }
    }
    return true;
  }

  private Path cacheFolder() {
    if (cache != null) {
      return cache;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("facesearch");
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
