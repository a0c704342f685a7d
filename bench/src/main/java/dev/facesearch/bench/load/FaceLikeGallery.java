package dev.facesearch.bench.load;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.Catalog;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A large gallery of face-like embeddings ({@link FaceVectors}: each subject an identity, each face
 * a photo of it), written straight through the server's own {@link LuceneGallery} into the data
 * folder before the server starts: the same index the server would build from Enroll calls, without
 * paying for a hundred thousand RPCs in set-up. (Enroll throughput over gRPC is measured
 * separately.)
 *
 * <p>Subject {@code s} is seeded by {@code seed + s}, so the gallery and its probes are the same on
 * every run, and probes can be made for any subject without keeping the gallery in memory.
 */
public final class FaceLikeGallery {
  private final FaceVectors vectors;
  private final long seed;
  private final int subjects;
  private final int facesPerSubject;
  private final VectorEncoding encoding;

  public FaceLikeGallery(FaceVectors vectors, long seed, int subjects, int facesPerSubject) {
    this(vectors, seed, subjects, facesPerSubject, VectorEncoding.FLOAT32);
  }

  /** A gallery whose collection's graph holds its vectors in this encoding. */
  public FaceLikeGallery(
      FaceVectors vectors, long seed, int subjects, int facesPerSubject, VectorEncoding encoding) {
    this.encoding = encoding;
    this.vectors = vectors;
    this.seed = seed;
    this.subjects = subjects;
    this.facesPerSubject = facesPerSubject;
  }

  public int subjects() {
    return subjects;
  }

  public int faces() {
    return subjects * facesPerSubject;
  }

  /** The spec of a collection with the server's defaults for the resnet128 model. */
  public static CollectionSpec spec(String name) {
    return spec(name, VectorEncoding.FLOAT32);
  }

  /** As {@link #spec(String)}, with this vector encoding. */
  public static CollectionSpec spec(String name, VectorEncoding encoding) {
    EmbeddingModel model = EmbeddingModel.RESNET128;
    return new CollectionSpec(
        name,
        model.id(),
        model.dimension(),
        model.defaultThreshold().orElseThrow(),
        Catalog.DEFAULT_HNSW_MAX_CONNECTIONS,
        Catalog.DEFAULT_HNSW_BEAM_WIDTH,
        encoding,
        Clock.systemUTC().instant(),
        DetectionSettings.NONE);
  }

  /** Subject {@code s}'s id. */
  public static String subjectId(int s) {
    return "subject-" + s;
  }

  /**
   * Creates the collection in the server's embedded gallery and enrolls every subject ({@link
   * #enrollInto}).
   *
   * @return how long it took, in seconds
   */
  public double build(ServerSettings settings, String collection, int threads)
      throws IOException, InterruptedException {
    try (Gallery gallery = LuceneGallery.open(settings, Clock.systemUTC())) {
      return enrollInto(gallery, spec(collection, encoding), threads);
    }
  }

  /**
   * Creates the collection in a gallery and enrolls every subject, one Enroll of all its faces per
   * subject, from several threads so that commits (or refreshes) are shared as they would be under
   * load.
   *
   * @return how long it took, in seconds
   */
  public double enrollInto(Gallery gallery, CollectionSpec spec, int threads)
      throws InterruptedException {
    long start = System.nanoTime();
    gallery.create(spec);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(() -> {
              for (int s = next.getAndIncrement(); s < subjects; s = next.getAndIncrement()) {
                gallery.enroll(spec.name(), subjectId(s), faces(s), Map.of());
              }
              return null;
            }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("enrolling the gallery failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Subject {@code s}'s enrolled faces, as {@link #build} enrolls them. */
  public List<NewFace> faces(int subject) {
    Random random = new Random(seed + subject);
    float[] identity = vectors.identity(random);
    List<NewFace> faces = new ArrayList<>(facesPerSubject);
    for (int p = 0; p < facesPerSubject; p++) {
      float[] face = vectors.photo(identity, random);
      faces.add(new NewFace(face, Vectors.contentHash(face)));
    }
    return faces;
  }

  /**
   * Probes: new photos of enrolled subjects, never enrolled themselves, spread over the gallery.
   * Probe {@code i} shows subject {@code (i * 7919) mod subjects}.
   */
  public List<float[]> probes(int count) {
    List<float[]> probes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int subject = (int) ((i * 7919L) % subjects);
      float[] identity = vectors.identity(new Random(seed + subject));
      // A different stream from the enrolled faces, which continued seed + subject's.
      probes.add(vectors.photo(identity, new Random(~(seed + subject) ^ i)));
    }
    return probes;
  }
}
