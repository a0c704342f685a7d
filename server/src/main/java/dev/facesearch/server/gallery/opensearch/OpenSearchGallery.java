package dev.facesearch.server.gallery.opensearch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.facesearch.server.core.AlreadyExistsException;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * The gallery on an OpenSearch cluster (3.x with the k-NN plugin): one index per collection,
 * sharded and replicated as the collection says (see {@link FaceIndexLayout}).
 *
 * <p><b>Durability.</b> Enroll writes with {@code refresh=wait_for}, so an acknowledged face is
 * found by the next search, and with {@code wait_for_active_shards} set to two copies when the
 * collection has replicas: OpenSearch writes to every in-sync copy before it answers and fsyncs its
 * translog per request (the default), so an acknowledged face is on the disks of two nodes and
 * survives the loss of one. ("all" would refuse every Enroll while a node is down and its copies
 * wait to be reassigned; with two replicas on three nodes, forever.) With no replica, a face is on
 * one node only.
 *
 * <p><b>Search.</b> Nearest subjects come from a k-NN query (HNSW, Lucene engine) for {@code
 * max(candidates, limit)} faces, widened like the embedded gallery's when several faces of one
 * subject fill the candidates. Distances are not converted from OpenSearch's scores (1 / (1 + d²)
 * as a float, which loses digits): they are recomputed from the returned vectors, which are stored
 * exactly, so a distance here is the same float as in the embedded gallery. Verify runs an exact
 * {@code script_score} (knn_score, l2) over the subject's faces only, and recomputes the best
 * candidates' distances the same way.
 *
 * <p><b>Deletes.</b> A delete refreshes before it answers, so the deleted faces are in no later
 * answer. Their bytes leave the nodes' disks a little later: the cluster keeps deleted documents
 * while its copies' retention leases cover them (about 30 s on a healthy cluster), and {@link
 * DeletePurger} force-merges them away once the leases have moved on.
 */
public final class OpenSearchGallery implements Gallery {
  private static final Logger logger = Logger.getLogger(OpenSearchGallery.class.getName());

  /** OpenSearch's upper bound on k and on a search's size. */
  private static final int MAX_K = 10_000;

  /** Most times the candidate count is doubled to find enough distinct subjects. */
  private static final int MAX_WIDENINGS = 6;

  /**
   * Pauses before each retry of a search that some shard failed or that the cluster answered with a
   * server error (a node lost meanwhile). About 8 s in all: when the lost node was the cluster
   * manager, searches keep being routed to its copies until a new manager is elected and publishes
   * the routing without them, which takes a few seconds.
   */
  private static final List<Duration> SEARCH_RETRIES =
      List.of(
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofMillis(1000),
          Duration.ofMillis(2000),
          Duration.ofMillis(4000));

  /** Candidates re-ranked exactly by Verify, against ties in the scores' float precision. */
  private static final int VERIFY_CANDIDATES = 10;

  /** Nearest first; ties broken by subject id, then face id, as in the embedded gallery. */
  private static final Comparator<Match> NEAREST_FIRST =
      Comparator.comparingDouble(Match::distance)
          .thenComparing(Match::subjectId)
          .thenComparing(Match::faceId);

  private final OpenSearchClient client;
  private final int searchCandidates;
  private final Clock clock;
  private final DeletePurger purger;
  private final ConcurrentMap<String, Compaction> compactions = new ConcurrentHashMap<>();

  /** Specs are fixed at creation; kept briefly so that each Identify costs one round trip. */
  private final Cache<String, CollectionSpec> specs =
      Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(Duration.ofSeconds(10))
          .recordStats()
          .build();

  /** The counts of every collection, kept for a few seconds: a scrape reads them several times. */
  private final Cache<String, Map<String, CollectionStats>> allStats =
      Caffeine.newBuilder().maximumSize(1).expireAfterWrite(Duration.ofSeconds(5)).build();

  private OpenSearchGallery(OpenSearchClient client, int searchCandidates, Clock clock) {
    this.client = client;
    this.searchCandidates = searchCandidates;
    this.clock = clock;
    this.purger = new DeletePurger(client, clock);
  }

  /**
   * A gallery on the cluster behind these nodes' plain addresses, with no credentials. Does not
   * fail if the cluster is down: calls fail with UnavailableException until it is back.
   */
  public static OpenSearchGallery connect(List<URI> nodes, int searchCandidates, Clock clock) {
    try {
      return connect(ClusterAccess.of(nodes), searchCandidates, clock);
    } catch (IOException e) {
      // No file to read: cannot happen.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A gallery on the cluster as the access says (addresses, trusted authorities, credentials).
   * Fails if the access's files cannot be read, not if the cluster is down: calls fail with
   * UnavailableException until it is back.
   */
  public static OpenSearchGallery connect(ClusterAccess access, int searchCandidates, Clock clock)
      throws IOException {
    OpenSearchGallery gallery =
        new OpenSearchGallery(
            new OpenSearchClient(
                access.nodes(), Duration.ofMinutes(2), access.sslContext(), access.authorization()),
            searchCandidates,
            clock);
    String how = access.credentials().map(file -> ", with the credentials in " + file).orElse("");
    try {
      OpenSearchClient.Reply root = gallery.client.send("GET", "/", null);
      if (root.ok()) {
        logger.info(
            "gallery on OpenSearch "
                + root.body().getAsJsonObject("version").get("number").getAsString()
                + " at "
                + access.nodes()
                + how);
      } else {
        logger.warning(
            "OpenSearch at "
                + access.nodes()
                + how
                + " answered "
                + root.status()
                + " "
                + root.body());
      }
    } catch (RuntimeException e) {
      logger.warning("OpenSearch at " + access.nodes() + " does not answer yet: " + e.getMessage());
    }
    gallery.purger.start();
    return gallery;
  }

  // --- Collections ---

  @Override
  public CollectionSpec create(CollectionSpec spec) {
    Sharding sharding =
        spec.sharding().orElse(new Sharding(Sharding.DEFAULT_SHARDS, Sharding.DEFAULT_REPLICAS));
    JsonObject body = FaceIndexLayout.createBody(spec, sharding);
    // Writes go through an alias with require_alias, so that a write to a collection deleted
    // meanwhile fails instead of auto-creating an index without our mapping.
    JsonObject aliases = new JsonObject();
    aliases.add(writeAlias(spec.name()), new JsonObject());
    body.add("aliases", aliases);
    OpenSearchClient.Reply reply =
        client.send("PUT", "/" + FaceIndexLayout.index(spec.name()), body.toString());
    if (reply.status() == 400 && reply.errorType().equals("resource_already_exists_exception")) {
      throw new AlreadyExistsException("collection '" + spec.name() + "' already exists");
    }
    if (!reply.ok()) {
      throw OpenSearchClient.failure(spec.name(), "be created", reply);
    }
    CollectionSpec created = spec.withSharding(sharding);
    specs.put(spec.name(), created);
    return created;
  }

  private static String writeAlias(String collection) {
    return "facesearch_write-" + collection;
  }

  @Override
  public CollectionSpec spec(String collection) {
    CollectionSpec cached = specs.getIfPresent(collection);
    if (cached != null) {
      return cached;
    }
    String index = FaceIndexLayout.index(collection);
    OpenSearchClient.Reply reply = client.send("GET", "/" + index + "/_mapping", null);
    if (!reply.ok()) {
      throw OpenSearchClient.failure(collection, "be read", reply);
    }
    CollectionSpec spec =
        FaceIndexLayout.spec(
                collection, reply.body().getAsJsonObject(index).getAsJsonObject("mappings"))
            .orElseThrow(
                () -> new NotFoundException("collection '" + collection + "' does not exist"));
    specs.put(collection, spec);
    return spec;
  }

  @Override
  public CollectionStats stats(String collection) {
    String index = FaceIndexLayout.index(collection);
    JsonObject body = new JsonObject();
    body.addProperty("size", 0);
    body.addProperty("track_total_hits", true);
    // Cardinality is exact below its precision threshold (40000 subjects), approximate above.
    body.add(
        "aggs",
        parse(
            "{\"subjects\":{\"cardinality\":{\"field\":\""
                + FaceIndexLayout.SUBJECT_ID
                + "\",\"precision_threshold\":40000}}}"));
    JsonObject found = search(collection, body);
    long faces = found.getAsJsonObject("hits").getAsJsonObject("total").get("value").getAsLong();
    long subjects =
        found.getAsJsonObject("aggregations").getAsJsonObject("subjects").get("value").getAsLong();
    OpenSearchClient.Reply store = client.send("GET", "/" + index + "/_stats/store,segments", null);
    if (!store.ok()) {
      throw OpenSearchClient.failure(collection, "be measured", store);
    }
    JsonObject primaries = store.body().getAsJsonObject("_all").getAsJsonObject("primaries");
    return new CollectionStats(faces, subjects, storeBytes(primaries), segmentCount(primaries));
  }

  private static long storeBytes(JsonObject primaries) {
    return primaries.getAsJsonObject("store").get("size_in_bytes").getAsLong();
  }

  /** Segments of the primaries: each search of a shard visits its copy's segments. */
  private static int segmentCount(JsonObject primaries) {
    JsonObject segments = primaries.getAsJsonObject("segments");
    return segments == null ? 0 : segments.get("count").getAsInt();
  }

  @Override
  public List<CollectionSpec> list() {
    OpenSearchClient.Reply reply =
        client.send(
            "GET",
            "/"
                + FaceIndexLayout.PREFIX
                + "*/_mapping?allow_no_indices=true&ignore_unavailable=true",
            null);
    if (!reply.ok()) {
      throw OpenSearchClient.failure("*", "be listed", reply);
    }
    List<CollectionSpec> list = new ArrayList<>();
    for (Map.Entry<String, JsonElement> index : reply.body().entrySet()) {
      String collection = FaceIndexLayout.collection(index.getKey());
      FaceIndexLayout.spec(
              collection, index.getValue().getAsJsonObject().getAsJsonObject("mappings"))
          .ifPresent(list::add);
    }
    list.sort(Comparator.comparing(CollectionSpec::name));
    return list;
  }

  @Override
  public void delete(String collection) {
    specs.invalidate(collection);
    OpenSearchClient.Reply reply =
        client.send("DELETE", "/" + FaceIndexLayout.index(collection), null);
    specs.invalidate(collection);
    if (!reply.ok()) {
      throw OpenSearchClient.failure(collection, "be deleted", reply);
    }
    purger.indexDeleted(FaceIndexLayout.index(collection));
  }

  // --- Faces ---

  @Override
  public List<Enrollment> enroll(
      String collection, String subjectId, List<NewFace> faces, Map<String, String> metadata) {
    CollectionSpec spec = spec(collection);
    StringBuilder bulk = new StringBuilder();
    List<Enrollment> enrollments = new ArrayList<>(faces.size());
    List<Integer> written = new ArrayList<>();
    Set<String> inThisCall = new HashSet<>();
    for (NewFace face : faces) {
      String faceId = FaceIds.of(subjectId, face.contentHash());
      if (!inThisCall.add(faceId)) {
        enrollments.add(new Enrollment(faceId, false));
        continue;
      }
      // op_type create: a face already enrolled is reported, not written again.
      JsonObject target = new JsonObject();
      target.addProperty("_index", writeAlias(collection));
      target.addProperty("_id", faceId);
      JsonObject action = new JsonObject();
      action.add("create", target);
      bulk.append(action).append('\n');
      bulk.append(
              FaceIndexLayout.document(
                  faceId, subjectId, face.vector(), face.contentHash(), clock.instant(), metadata))
          .append('\n');
      written.add(enrollments.size());
      enrollments.add(new Enrollment(faceId, true));
    }
    if (written.isEmpty()) {
      return enrollments;
    }
    OpenSearchClient.Reply reply =
        client.sendNdjson(
            "/_bulk?refresh=wait_for&require_alias=true&timeout=30s&wait_for_active_shards="
                + copiesBeforeWrite(spec),
            bulk.toString());
    if (!reply.ok()) {
      throw OpenSearchClient.failure(collection, "enroll", reply);
    }
    JsonArray items = reply.body().getAsJsonArray("items");
    RuntimeException failure = null;
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.get(i).getAsJsonObject().getAsJsonObject("create");
      int status = item.get("status").getAsInt();
      int position = written.get(i);
      if (status == 409) {
        enrollments.set(position, new Enrollment(enrollments.get(position).faceId(), false));
      } else if (status != 201 && failure == null) {
        JsonObject error = new JsonObject();
        error.add("error", item.get("error"));
        failure =
            OpenSearchClient.failure(
                collection, "enroll", new OpenSearchClient.Reply(status, error));
      }
    }
    if (failure != null) {
      // The faces that were written stay: they are durable, and enrolling again is idempotent.
      if (failure instanceof NotFoundException) {
        specs.invalidate(collection);
      }
      throw failure;
    }
    return enrollments;
  }

  /** Copies that must be active before a write: two if the collection has replicas. */
  private static int copiesBeforeWrite(CollectionSpec spec) {
    int replicas = spec.sharding().map(Sharding::replicas).orElse(Sharding.DEFAULT_REPLICAS);
    return Math.min(2, replicas + 1);
  }

  /**
   * The k nearest faces by HNSW on every shard, collapsed on the subject: the cluster returns only
   * each of the {@code limit} nearest subjects' nearest face, so a call carries {@code limit}
   * vectors back rather than k (at k = 100, fetching and parsing every candidate's vector cost
   * about 5 ms of CPU per call). Distances are recomputed exactly from the returned vectors.
   */
  @Override
  public List<Match> nearestSubjects(String collection, float[] query, int limit) {
    int k = Math.min(MAX_K, Math.max(searchCandidates, limit));
    for (int widening = 0; ; widening++) {
      JsonObject knn = new JsonObject();
      knn.add("vector", floats(query));
      knn.addProperty("k", k);
      JsonObject field = new JsonObject();
      field.add(FaceIndexLayout.VECTOR, knn);
      JsonObject q = new JsonObject();
      q.add("knn", field);
      JsonObject collapse = new JsonObject();
      collapse.addProperty("field", FaceIndexLayout.SUBJECT_ID);
      JsonObject body = new JsonObject();
      body.addProperty("size", limit);
      body.add("query", q);
      body.add("collapse", collapse);
      body.addProperty("track_total_hits", true);
      body.add("_source", searchFields());
      JsonObject found = search(collection, body);
      List<Match> nearest = new ArrayList<>();
      for (JsonElement hit : hits(found)) {
        nearest.add(match(hit.getAsJsonObject().getAsJsonObject("_source"), query));
      }
      // Several faces of one subject can fill the candidates: widen until enough subjects.
      long candidates =
          found.getAsJsonObject("hits").getAsJsonObject("total").get("value").getAsLong();
      boolean exhausted = candidates < k || k >= MAX_K;
      if (nearest.size() >= limit || exhausted || widening == MAX_WIDENINGS) {
        nearest.sort(NEAREST_FIRST);
        return List.copyOf(nearest);
      }
      k = Math.min(MAX_K, k * 2);
    }
  }

  @Override
  public Optional<Match> nearestFaceOf(String collection, String subjectId, float[] query) {
    JsonObject params = new JsonObject();
    params.addProperty("field", FaceIndexLayout.VECTOR);
    params.add("query_value", floats(query));
    params.addProperty("space_type", "l2");
    JsonObject script = new JsonObject();
    script.addProperty("source", "knn_score");
    script.addProperty("lang", "knn");
    script.add("params", params);
    JsonObject scoring = new JsonObject();
    scoring.add("query", term(FaceIndexLayout.SUBJECT_ID, subjectId));
    scoring.add("script", script);
    JsonObject q = new JsonObject();
    q.add("script_score", scoring);
    JsonObject body = new JsonObject();
    body.addProperty("size", VERIFY_CANDIDATES);
    body.add("query", q);
    body.add("_source", searchFields());
    Match best = null;
    for (JsonElement hit : hits(search(collection, body))) {
      Match match = match(hit.getAsJsonObject().getAsJsonObject("_source"), query);
      if (best == null || NEAREST_FIRST.compare(match, best) < 0) {
        best = match;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public Optional<Subject> subject(String collection, String subjectId) {
    JsonObject body = new JsonObject();
    body.addProperty("size", Subject.MAX_FACES_LISTED);
    body.addProperty("track_total_hits", true);
    body.add("query", term(FaceIndexLayout.SUBJECT_ID, subjectId));
    body.add("_source", parse("{\"excludes\":[\"" + FaceIndexLayout.VECTOR + "\"]}"));
    body.add(
        "sort",
        parse(
            "[{\""
                + FaceIndexLayout.CREATE_TIME
                + "\":\"asc\"},{\""
                + FaceIndexLayout.FACE_ID
                + "\":\"asc\"}]"));
    JsonObject found = search(collection, body);
    int count = found.getAsJsonObject("hits").getAsJsonObject("total").get("value").getAsInt();
    if (count == 0) {
      return Optional.empty();
    }
    List<Face> faces = new ArrayList<>();
    for (JsonElement hit : hits(found)) {
      faces.add(FaceIndexLayout.face(hit.getAsJsonObject().getAsJsonObject("_source")));
    }
    return Optional.of(new Subject(subjectId, count, faces));
  }

  @Override
  public SubjectPage subjects(String collection, String after, int limit) {
    // A composite aggregation pages through every subject id in order, exactly, across shards.
    JsonObject terms = new JsonObject();
    terms.add("terms", parse("{\"field\":\"" + FaceIndexLayout.SUBJECT_ID + "\"}"));
    JsonObject source = new JsonObject();
    source.add("subject", terms);
    JsonArray sources = new JsonArray();
    sources.add(source);
    JsonObject composite = new JsonObject();
    composite.addProperty("size", limit + 1);
    composite.add("sources", sources);
    if (!after.isEmpty()) {
      JsonObject afterKey = new JsonObject();
      afterKey.addProperty("subject", after);
      composite.add("after", afterKey);
    }
    JsonObject agg = new JsonObject();
    agg.add("composite", composite);
    JsonObject aggs = new JsonObject();
    aggs.add("subjects", agg);
    JsonObject body = new JsonObject();
    body.addProperty("size", 0);
    body.add("aggs", aggs);
    JsonArray buckets =
        search(collection, body)
            .getAsJsonObject("aggregations")
            .getAsJsonObject("subjects")
            .getAsJsonArray("buckets");
    List<Subject> page = new ArrayList<>();
    for (JsonElement bucket : buckets) {
      if (page.size() == limit) {
        // A further subject exists, so another page follows this one.
        return new SubjectPage(page, Optional.of(page.getLast().subjectId()));
      }
      JsonObject b = bucket.getAsJsonObject();
      page.add(
          new Subject(
              b.getAsJsonObject("key").get("subject").getAsString(),
              b.get("doc_count").getAsInt(),
              List.of()));
    }
    return new SubjectPage(page, Optional.empty());
  }

  @Override
  public Compaction compact(String collection) {
    spec(collection);
    return compactions.compute(
        collection,
        (name, running) ->
            running != null && !running.finished().isDone()
                ? running
                : ClusterCompaction.start(client, name, () -> stats(name).segments()));
  }

  @Override
  public int deleteSubject(String collection, String subjectId) {
    CollectionSpec spec = spec(collection);
    JsonObject body = new JsonObject();
    body.add("query", term(FaceIndexLayout.SUBJECT_ID, subjectId));
    OpenSearchClient.Reply reply =
        client.send(
            "POST",
            "/"
                + FaceIndexLayout.index(collection)
                + "/_delete_by_query?refresh=true&conflicts=proceed&wait_for_active_shards="
                + copiesBeforeWrite(spec),
            body.toString());
    if (!reply.ok() || reply.body().getAsJsonArray("failures").size() > 0) {
      throw OpenSearchClient.failure(collection, "delete", reply);
    }
    int deleted = reply.body().get("deleted").getAsInt();
    if (deleted > 0) {
      purger.deleted(FaceIndexLayout.index(collection));
    }
    return deleted;
  }

  @Override
  public Optional<String> deleteFace(String collection, String faceId) {
    CollectionSpec spec = spec(collection);
    String doc = "/" + FaceIndexLayout.index(collection) + "/_doc/" + faceId;
    OpenSearchClient.Reply found =
        client.send("GET", doc + "?_source_includes=" + FaceIndexLayout.SUBJECT_ID, null);
    if (found.status() == 404 && found.errorType().isEmpty()) {
      return Optional.empty();
    }
    if (!found.ok()) {
      throw OpenSearchClient.failure(collection, "be read", found);
    }
    String subjectId =
        found.body().getAsJsonObject("_source").get(FaceIndexLayout.SUBJECT_ID).getAsString();
    OpenSearchClient.Reply deleted =
        client.send(
            "DELETE",
            doc + "?refresh=true&wait_for_active_shards=" + copiesBeforeWrite(spec),
            null);
    if (deleted.status() == 404 && deleted.errorType().isEmpty()) {
      // Deleted by another call since it was read.
      return Optional.empty();
    }
    if (!deleted.ok()) {
      throw OpenSearchClient.failure(collection, "delete", deleted);
    }
    purger.deleted(FaceIndexLayout.index(collection));
    return Optional.of(subjectId);
  }

  // --- Helpers ---

  /**
   * Runs a search and returns its answer only if every shard answered. A search is a read, so one
   * that some shard failed, or that the cluster answered with a server error, is retried: when a
   * node dies, searches already routed to its copies fail (partly, or wholly when the copy that
   * held the hits to fetch is gone) until the cluster publishes a routing without it, and the retry
   * reaches the surviving copies.
   */
  private JsonObject search(String collection, JsonObject body) {
    for (int attempt = 0; ; attempt++) {
      OpenSearchClient.Reply reply =
          client.send(
              "POST", "/" + FaceIndexLayout.index(collection) + "/_search", body.toString());
      boolean retryable = reply.status() >= 500;
      if (!reply.ok() && !retryable) {
        RuntimeException failure = OpenSearchClient.failure(collection, "be searched", reply);
        if (failure instanceof NotFoundException) {
          specs.invalidate(collection);
        }
        throw failure;
      }
      if (reply.ok()) {
        JsonObject shards = reply.body().getAsJsonObject("_shards");
        if (shards == null || shards.get("failed").getAsInt() == 0) {
          return reply.body();
        }
      }
      if (attempt == SEARCH_RETRIES.size()) {
        // A partial answer could miss the nearest face: refuse it rather than answer wrong.
        throw OpenSearchClient.failure(collection, "be searched on every shard", reply);
      }
      logger.fine(() -> "collection '" + collection + "': search retried after " + reply.status());
      pause(SEARCH_RETRIES.get(attempt));
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while retrying a search", e);
    }
  }

  private static JsonArray hits(JsonObject found) {
    return found.getAsJsonObject("hits").getAsJsonArray("hits");
  }

  private static Match match(JsonObject source, float[] query) {
    return new Match(
        source.get(FaceIndexLayout.SUBJECT_ID).getAsString(),
        source.get(FaceIndexLayout.FACE_ID).getAsString(),
        Vectors.squareDistance(query, FaceIndexLayout.vector(source)));
  }

  private static JsonArray searchFields() {
    JsonArray fields = new JsonArray();
    fields.add(FaceIndexLayout.SUBJECT_ID);
    fields.add(FaceIndexLayout.FACE_ID);
    fields.add(FaceIndexLayout.VECTOR);
    return fields;
  }

  private static JsonObject term(String field, String value) {
    JsonObject match = new JsonObject();
    match.addProperty(field, value);
    JsonObject term = new JsonObject();
    term.add("term", match);
    return term;
  }

  private static JsonArray floats(float[] values) {
    JsonArray array = new JsonArray(values.length);
    for (float v : values) {
      array.add(v);
    }
    return array;
  }

  /**
   * The counts of every collection on the cluster (all are open), from two requests: one search
   * whose aggregation counts faces and subjects per index, and the indexes' store statistics. Empty
   * while the cluster does not answer: the metrics must not fail.
   */
  @Override
  public Map<String, CollectionStats> openCollectionStats() {
    return allStats.get("all", unused -> countAll());
  }

  private Map<String, CollectionStats> countAll() {
    String pattern = "/" + FaceIndexLayout.PREFIX + "*";
    String lenient = "allow_no_indices=true&ignore_unavailable=true";
    JsonObject body = new JsonObject();
    body.addProperty("size", 0);
    body.add(
        "aggs",
        parse(
            "{\"indexes\":{\"terms\":{\"field\":\"_index\",\"size\":10000},\"aggs\":"
                + "{\"subjects\":{\"cardinality\":{\"field\":\""
                + FaceIndexLayout.SUBJECT_ID
                + "\",\"precision_threshold\":40000}}}}}"));
    try {
      OpenSearchClient.Reply counts =
          client.send("POST", pattern + "/_search?" + lenient, body.toString());
      OpenSearchClient.Reply store =
          client.send("GET", pattern + "/_stats/store,segments?" + lenient, null);
      if (!counts.ok() || !store.ok()) {
        return Map.of();
      }
      JsonObject indices = store.body().getAsJsonObject("indices");
      Map<String, CollectionStats> stats = new HashMap<>();
      if (indices != null) {
        for (Map.Entry<String, JsonElement> index : indices.entrySet()) {
          JsonObject primaries = index.getValue().getAsJsonObject().getAsJsonObject("primaries");
          stats.put(
              FaceIndexLayout.collection(index.getKey()),
              new CollectionStats(0, 0, storeBytes(primaries), segmentCount(primaries)));
        }
      }
      JsonObject aggregations = counts.body().getAsJsonObject("aggregations");
      if (aggregations != null) {
        for (JsonElement bucket :
            aggregations.getAsJsonObject("indexes").getAsJsonArray("buckets")) {
          JsonObject b = bucket.getAsJsonObject();
          String collection = FaceIndexLayout.collection(b.get("key").getAsString());
          long faces = b.get("doc_count").getAsLong();
          long subjects = b.getAsJsonObject("subjects").get("value").getAsLong();
          CollectionStats sizes = stats.getOrDefault(collection, new CollectionStats(0, 0, 0, 0));
          stats.put(
              collection,
              new CollectionStats(faces, subjects, sizes.sizeBytes(), sizes.segments()));
        }
      }
      return Map.copyOf(stats);
    } catch (RuntimeException e) {
      logger.fine(() -> "collection counts for the metrics failed: " + e.getMessage());
      return Map.of();
    }
  }

  /** How many collections hold deleted faces whose bytes are not purged from the nodes yet. */
  @Override
  public int pendingPurges() {
    return purger.pendingCount();
  }

  /** The cache of collection specs, which saves a round trip per call. */
  @Override
  public Map<String, CacheStats> cacheStats() {
    return Map.of("collections", specs.stats());
  }

  private static JsonElement parse(String json) {
    return com.google.gson.JsonParser.parseString(json);
  }

  @Override
  public void close() {
    purger.close();
    client.close();
  }
}
