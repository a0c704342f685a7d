package dev.facesearch.client.cli;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.Face;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.MultipleFaces;
import dev.facesearch.client.FaceSearchClient;
import dev.facesearch.client.cli.EnrollTally.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Enrolls the images of a {@code DIR/<person>/<image>} tree, with a bounded number of calls in
 * flight. A call carries up to {@code batch} images of one person (and at most {@link #BATCH_BYTES}
 * of them): the server answers an outcome per image, and the images of a call share one durable
 * commit, which at one image per call costs more than the pipeline itself. A call that fails for
 * something one of its images may cause (a corrupt file, say) is sent again image by image, so that
 * the failure lands on its file and the others are enrolled.
 *
 * <p>The run is resumable: before a person's images are sent, one GetSubject call gives the content
 * hashes of the faces already enrolled, and images whose SHA-256 is among them are skipped without
 * a call. A failure of one image is recorded and the run goes on; a failure that concerns the whole
 * run (server unavailable or too slow, collection gone) stops it after the calls in flight finish.
 */
final class FolderEnroller {
  /**
   * How to enroll.
   *
   * @param collection the collection
   * @param detection detection settings sent with each image
   * @param rejectMultiple whether images with several faces are refused rather than enrolled by
   *     their largest face
   * @param parallel most Enroll calls in flight
   * @param batch most images of one person per Enroll call
   */
  record Settings(
      String collection,
      DetectionSettings detection,
      boolean rejectMultiple,
      int parallel,
      int batch) {
    Settings {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(detection, "detection");
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
      }
      if (batch < 1 || batch > MAX_BATCH) {
        throw new IllegalArgumentException("batch must be from 1 to " + MAX_BATCH + ": " + batch);
      }
    }
  }

  /** The most inputs one Enroll call takes. */
  static final int MAX_BATCH = 100;

  /** Bytes of images per call, well under the server's message limit (32 MiB by default). */
  static final long BATCH_BYTES = 8L << 20;

  private final FaceSearchClient client;
  private final Settings settings;
  private final EnrollTally tally;
  private final AtomicReference<StatusRuntimeException> stop = new AtomicReference<>();

  FolderEnroller(FaceSearchClient client, Settings settings, EnrollTally tally) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tally = Objects.requireNonNull(tally, "tally");
  }

  /**
   * Enrolls the images, each under its person's name, until all have an outcome or the run must
   * stop.
   *
   * @return the error that stopped the run, if one did
   */
  Optional<StatusRuntimeException> run(List<ImageFiles.PersonImage> images) {
    Map<String, List<ImageFiles.PersonImage>> byPerson =
        images.stream()
            .collect(
                Collectors.groupingBy(
                    ImageFiles.PersonImage::person, LinkedHashMap::new, Collectors.toList()));
    Semaphore inFlight = new Semaphore(settings.parallel());
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallel(), new Named());
    try {
      for (Map.Entry<String, List<ImageFiles.PersonImage>> person : byPerson.entrySet()) {
        // The main thread looks the next person up while the pool enrolls the previous one.
        Set<String> enrolled = enrolledHashes(person.getKey());
        for (List<ImageFiles.PersonImage> batch : batches(person.getValue())) {
          if (stop.get() != null) {
            break;
          }
          inFlight.acquire();
          pool.execute(() -> {
            try {
              enroll(batch, enrolled);
            } finally {
              inFlight.release();
            }
          });
        }
        if (stop.get() != null) {
          break;
        }
      }
    } catch (StatusRuntimeException e) {
      stop.compareAndSet(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.compareAndSet(
          null, Status.CANCELLED.withDescription("interrupted").asRuntimeException());
    } finally {
      pool.shutdown();
      awaitQuietly(pool);
    }
    return Optional.ofNullable(stop.get());
  }

  /** The content hashes of a person's enrolled faces; none when the subject has no face yet. */
  private Set<String> enrolledHashes(String person) {
    try {
      return client.getSubject(settings.collection(), person).getFacesList().stream()
          .map(Face::getContentHash)
          .collect(Collectors.toUnmodifiableSet());
    } catch (StatusRuntimeException e) {
      // INVALID_ARGUMENT: the folder's name is no valid subject id; each image will say so.
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND
          || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        return Set.of();
      }
      throw e;
    }
  }

  /** A person's images in calls of at most {@code batch} images and {@link #BATCH_BYTES}. */
  private List<List<ImageFiles.PersonImage>> batches(List<ImageFiles.PersonImage> images) {
    List<List<ImageFiles.PersonImage>> batches = new ArrayList<>();
    List<ImageFiles.PersonImage> current = new ArrayList<>();
    long bytes = 0;
    for (ImageFiles.PersonImage image : images) {
      long size = sizeOf(image);
      if (!current.isEmpty()
          && (current.size() == settings.batch() || bytes + size > BATCH_BYTES)) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(image);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private static long sizeOf(ImageFiles.PersonImage image) {
    try {
      return Files.size(image.file());
    } catch (IOException e) {
      return 0; // reading it will fail, and say why
    }
  }

  /** An image read for enrolling. */
  private record Pending(ImageFiles.PersonImage image, FaceInput input) {}

  private void enroll(List<ImageFiles.PersonImage> batch, Set<String> enrolled) {
    List<Pending> pending = new ArrayList<>();
    for (ImageFiles.PersonImage image : batch) {
      if (stop.get() != null) {
        return;
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(image.file());
      } catch (IOException e) {
        tally.record(image.file(), Outcome.ERROR, "cannot read: " + e.getMessage());
        continue;
      }
      if (enrolled.contains(sha256(bytes))) {
        tally.record(image.file(), Outcome.ALREADY_ENROLLED, "");
        continue;
      }
      pending.add(
          new Pending(image, FaceInput.newBuilder().setImage(ByteString.copyFrom(bytes)).build()));
    }
    if (pending.size() > 1) {
      try {
        List<EnrollOutcome> outcomes = call(pending);
        for (int i = 0; i < pending.size(); i++) {
          record(pending.get(i).image(), outcomes.get(i));
        }
        return;
      } catch (StatusRuntimeException e) {
        if (stopsTheRun(e.getStatus().getCode())) {
          stop.compareAndSet(null, e);
          return;
        }
        // One of the images may be the cause: nothing was written, so each goes again alone.
      } catch (RuntimeException e) {
        // An answer that does not fit the request: each image goes again alone and says so.
      }
    }
    for (Pending one : pending) {
      if (stop.get() != null) {
        return;
      }
      enroll(one);
    }
  }

  private void enroll(Pending pending) {
    Path file = pending.image().file();
    try {
      record(pending.image(), call(List.of(pending)).get(0));
    } catch (StatusRuntimeException e) {
      if (stopsTheRun(e.getStatus().getCode())) {
        stop.compareAndSet(null, e);
        return;
      }
      String description = e.getStatus().getDescription();
      tally.record(
          file,
          Outcome.ERROR,
          e.getStatus().getCode() + (description == null ? "" : ": " + description));
    } catch (RuntimeException e) {
      // Whatever else goes wrong with one image is that image's error, not the end of the run.
      tally.record(file, Outcome.ERROR, e.toString());
    }
  }

  private void record(ImageFiles.PersonImage image, EnrollOutcome outcome) {
    if (outcome.getResult() == EnrollResult.ENROLL_RESULT_ENROLLED && outcome.getFacesFound() > 1) {
      tally.record(
          image.file(),
          Outcome.SEVERAL_FACES_LARGEST_ENROLLED,
          outcome.getFacesFound()
              + " faces; the largest, at "
              + Text.box(outcome.getBox())
              + ", was enrolled");
    } else {
      tally.record(image.file(), outcomeOf(outcome.getResult()), outcome.getDetail());
    }
  }

  /** One Enroll call for images of one person; an outcome per image, in order. */
  private List<EnrollOutcome> call(List<Pending> pending) {
    tally.countCall();
    EnrollRequest.Builder request =
        EnrollRequest.newBuilder()
            .setCollection(settings.collection())
            .setSubjectId(pending.get(0).image().person())
            .setDetection(settings.detection())
            .setMultipleFaces(
                settings.rejectMultiple()
                    ? MultipleFaces.MULTIPLE_FACES_REJECT
                    : MultipleFaces.MULTIPLE_FACES_LARGEST);
    pending.forEach(p -> request.addInputs(p.input()));
    List<EnrollOutcome> outcomes = client.enroll(request.build()).getOutcomesList();
    if (outcomes.size() != pending.size()) {
      throw new IllegalStateException(
          "the server answered " + outcomes.size() + " outcomes for " + pending.size() + " images");
    }
    return outcomes;
  }

  private static Outcome outcomeOf(EnrollResult result) {
    return switch (result) {
      case ENROLL_RESULT_ENROLLED -> Outcome.ENROLLED;
      case ENROLL_RESULT_ALREADY_ENROLLED -> Outcome.ALREADY_ENROLLED;
      case ENROLL_RESULT_NO_FACE -> Outcome.NO_FACE;
      case ENROLL_RESULT_MULTIPLE_FACES -> Outcome.MULTIPLE_FACES;
      case ENROLL_RESULT_UNSPECIFIED, UNRECOGNIZED -> Outcome.ERROR;
    };
  }

  /**
   * Whether an error concerns the whole run rather than one image: the server cannot serve (the
   * rest would fail the same way), or the collection is gone or cannot take images.
   */
  static boolean stopsTheRun(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE,
          DEADLINE_EXCEEDED,
          CANCELLED,
          NOT_FOUND,
          FAILED_PRECONDITION,
          UNAUTHENTICATED,
          PERMISSION_DENIED,
          UNIMPLEMENTED ->
          true;
      default -> false;
    };
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      // Calls in flight end by their deadline at the latest.
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // keep waiting
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Names the pool's threads, for thread dumps. */
  private static final class Named implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "facesearch-enroll-" + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    }
  }
}
