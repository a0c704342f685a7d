package dev.facesearch.server.model;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.facesearch.models.ModelManifest;
import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.core.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The ONNX models of {@code models.json}, each checked against its SHA-256 and loaded on first use
 * through DJL's ONNX Runtime engine, with one translator per model.
 *
 * <p>DJL runs offline ({@code ai.djl.offline=true}): a model is a local file, never a download. An
 * ONNX Runtime session is safe to share between threads; the predictors that use it are not, so
 * callers go through a {@link PredictorPool}.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(ModelRegistry.class.getName());

  /**
   * DJL's ONNX Runtime engine warns on every start that it found no CUDA; this server is CPU-only
   * by design. Held here because java.util.logging keeps loggers only weakly.
   */
  private static final Logger ORT_ENGINE_LOGGER =
      Logger.getLogger("ai.djl.onnxruntime.engine.OrtEngine");

  static {
    System.setProperty("ai.djl.offline", "true");
    ORT_ENGINE_LOGGER.setLevel(java.util.logging.Level.SEVERE);
  }

  private final Path folder;
  private final Map<String, ModelManifest.Entry> entries;
  private final int intraOpThreads;
  private final Map<String, ZooModel<?, ?>> loaded = new ConcurrentHashMap<>();

  private ModelRegistry(Path folder, Map<String, ModelManifest.Entry> entries, int intraOpThreads) {
    this.folder = folder;
    this.entries = entries;
    this.intraOpThreads = intraOpThreads;
  }

  /**
   * The models in a folder written by {@code facesearch models}; none if it has no models.json.
   *
   * @param intraOpThreads threads each ONNX Runtime session may use for one inference
   */
  public static ModelRegistry open(Path folder, int intraOpThreads) throws IOException {
    Path manifestFile = folder.resolve(ModelManifest.FILE_NAME);
    Map<String, ModelManifest.Entry> entries = new LinkedHashMap<>();
    if (Files.exists(manifestFile)) {
      ModelManifest manifest = ModelManifest.fromJson(Files.readString(manifestFile));
      if (manifest.format() != ModelManifest.FORMAT) {
        throw new IOException(
            manifestFile
                + " has format "
                + manifest.format()
                + ", expected "
                + ModelManifest.FORMAT);
      }
      manifest.models().forEach(entry -> entries.put(entry.name(), entry));
      logger.info("models in " + folder + ": " + entries.keySet());
    } else {
      logger.warning(
          "no " + manifestFile + ": image inputs are unavailable; run ./facesearch models");
    }
    return new ModelRegistry(folder, entries, intraOpThreads);
  }

  /** The models listed. */
  public List<ModelManifest.Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** A model's manifest entry, if listed. */
  public Optional<ModelManifest.Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /**
   * The file of a model the server reads itself (not through ONNX Runtime), checked against its
   * SHA-256.
   *
   * @throws UnavailableException if the model is not listed or its file does not match
   */
  public Path file(String name) {
    ModelManifest.Entry entry = built(name);
    Path file = folder.resolve(entry.file());
    try {
      checkSha256(file, entry);
    } catch (IOException e) {
      throw new UnavailableException("model file " + file + " cannot be read", e);
    }
    return file;
  }

  private ModelManifest.Entry built(String name) {
    return entry(name)
        .orElseThrow(() ->
            new UnavailableException("model " + name + " is not built; run ./facesearch models"));
  }

  private static void checkSha256(Path file, ModelManifest.Entry entry) throws IOException {
    String actual = Sha256.hex(Files.readAllBytes(file));
    if (!actual.equals(entry.sha256())) {
      throw new UnavailableException(
          "model file "
              + file
              + " does not match models.json (sha256 "
              + actual
              + "); run ./facesearch models --force");
    }
  }

  /**
   * The loaded model, loading it with this translator on first use.
   *
   * @throws UnavailableException if the model is not listed, its file does not match its checksum,
   *     or ONNX Runtime cannot load it
   */
  @SuppressWarnings("unchecked")
  public <I, O> ZooModel<I, O> load(String name, Translator<I, O> translator) {
    return (ZooModel<I, O>) loaded.computeIfAbsent(name, n -> loadNow(n, translator));
  }

  private <I, O> ZooModel<I, O> loadNow(String name, Translator<I, O> translator) {
    ModelManifest.Entry entry = built(name);
    Path file = folder.resolve(entry.file());
    try {
      checkSha256(file, entry);
      // The translator fixes the input and output types; Criteria needs classes, which erase them.
      @SuppressWarnings("unchecked")
      Criteria<I, O> criteria =
          (Criteria<I, O>)
              Criteria.builder()
                  .setTypes(Object.class, Object.class)
                  .optModelPath(file)
                  .optEngine("OnnxRuntime")
                  .optTranslator((Translator<Object, Object>) translator)
                  .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
                  .optOption("interOpNumThreads", "1")
                  .build();
      ZooModel<I, O> model = criteria.loadModel();
      logger.info("loaded model " + name + " from " + file);
      return model;
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new UnavailableException("model " + name + " could not be loaded from " + file, e);
    }
  }

  @Override
  public void close() {
    loaded.values().forEach(ZooModel::close);
    loaded.clear();
  }
}
