package dev.facesearch.server.gallery.opensearch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.landmark.LandmarkModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a collection is laid out in OpenSearch: one index {@code facesearch-<collection>}, one
 * document per face with the face id as document id, and the collection's spec in the mapping's
 * {@code _meta}.
 *
 * <p>The vector is a {@code knn_vector} in a Lucene HNSW graph ({@code engine: lucene}, {@code
 * space_type: l2}) with the collection's M and beam width, and the engine's scalar quantiser for an
 * INT8 collection; the k-NN plugin from Maven Central has no native libraries, so faiss and nmslib
 * cannot load. Subject and face ids are keywords; the content hash, create time and metadata are
 * kept in {@code _source} only.
 */
final class FaceIndexLayout {
  static final String PREFIX = "facesearch-";
  static final String VECTOR = "vector";
  static final String FACE_ID = "face_id";
  static final String SUBJECT_ID = "subject_id";
  static final String CONTENT_HASH = "content_hash";
  static final String CREATE_TIME = "create_time_ms";
  static final String METADATA = "metadata";

  /** Version of this layout, kept in every index so that a later layout can tell. */
  private static final int LAYOUT_VERSION = 1;

  private FaceIndexLayout() {}

  static String index(String collection) {
    return PREFIX + collection;
  }

  static String collection(String index) {
    return index.substring(PREFIX.length());
  }

  /** The body of the create-index request: settings, mapping and the spec in _meta. */
  static JsonObject createBody(CollectionSpec spec, Sharding sharding) {
    JsonObject index = new JsonObject();
    index.addProperty("knn", true);
    index.addProperty("number_of_shards", sharding.shards());
    index.addProperty("number_of_replicas", sharding.replicas());
    // Purging deletes: a forced merge rewrites every segment holding a deleted face, however few.
    index.addProperty("merge.policy.expunge_deletes_allowed", 0);
    JsonObject settings = new JsonObject();
    settings.add("index", index);

    JsonObject parameters = new JsonObject();
    parameters.addProperty("m", spec.hnswMaxConnections());
    parameters.addProperty("ef_construction", spec.hnswBeamWidth());
    if (spec.vectorEncoding() == VectorEncoding.INT8) {
      // The Lucene engine's scalar quantiser: 7 bits per value, the floats kept beside.
      JsonObject encoder = new JsonObject();
      encoder.addProperty("name", "sq");
      parameters.add("encoder", encoder);
    }
    JsonObject method = new JsonObject();
    method.addProperty("name", "hnsw");
    method.addProperty("space_type", "l2");
    method.addProperty("engine", "lucene");
    method.add("parameters", parameters);
    JsonObject vector = new JsonObject();
    vector.addProperty("type", "knn_vector");
    vector.addProperty("dimension", spec.dimension());
    vector.add("method", method);

    JsonObject properties = new JsonObject();
    properties.add(VECTOR, vector);
    properties.add(FACE_ID, type("keyword"));
    properties.add(SUBJECT_ID, type("keyword"));
    JsonObject hash = type("keyword");
    hash.addProperty("index", false);
    hash.addProperty("doc_values", false);
    properties.add(CONTENT_HASH, hash);
    // Doc values only: subjects list their faces oldest first.
    JsonObject time = type("long");
    time.addProperty("index", false);
    properties.add(CREATE_TIME, time);
    JsonObject metadata = type("object");
    metadata.addProperty("enabled", false);
    properties.add(METADATA, metadata);

    JsonObject mappings = new JsonObject();
    mappings.addProperty("dynamic", "strict");
    mappings.add("_meta", meta(spec.withSharding(sharding)));
    mappings.add("properties", properties);

    JsonObject body = new JsonObject();
    body.add("settings", settings);
    body.add("mappings", mappings);
    return body;
  }

  private static JsonObject type(String type) {
    JsonObject field = new JsonObject();
    field.addProperty("type", type);
    return field;
  }

  private static JsonObject meta(CollectionSpec spec) {
    JsonObject meta = new JsonObject();
    meta.addProperty("layout", LAYOUT_VERSION);
    meta.addProperty("model", spec.model());
    meta.addProperty("dimension", spec.dimension());
    meta.addProperty("match_threshold", spec.matchThreshold());
    meta.addProperty("hnsw_max_connections", spec.hnswMaxConnections());
    meta.addProperty("hnsw_beam_width", spec.hnswBeamWidth());
    meta.addProperty("vector_encoding", spec.vectorEncoding().name());
    meta.addProperty("create_time", spec.createTime().toString());
    spec.sharding()
        .ifPresent(s -> {
          meta.addProperty("shards", s.shards());
          meta.addProperty("replicas", s.replicas());
        });
    // Detection defaults: only the fields the collection set, so the rest keep following the
    // detectors' defaults.
    DetectionSettings d = spec.detection();
    JsonObject detection = new JsonObject();
    if (d.detector() != null) {
      detection.addProperty("detector", d.detector().name());
    }
    addIfSet(detection, "min_score", d.minScore());
    addIfSet(detection, "min_face_size", d.minFaceSize());
    addIfSet(detection, "max_faces", d.maxFaces());
    addIfSet(detection, "nms_iou", d.nmsIou());
    addIfSet(detection, "input_size", d.inputSize());
    addIfSet(detection, "upsample", d.upsample());
    if (d.cnnFallback() != null) {
      detection.addProperty("cnn_fallback", d.cnnFallback());
    }
    if (d.landmarks() != null) {
      detection.addProperty("landmarks", d.landmarks().name());
    }
    meta.add("detection", detection);
    JsonObject wrapper = new JsonObject();
    wrapper.add("facesearch", meta);
    return wrapper;
  }

  private static void addIfSet(JsonObject json, String key, Number value) {
    if (value != null) {
      json.addProperty(key, value);
    }
  }

  /**
   * The spec kept in an index's mapping, or empty if the index is not one of ours.
   *
   * @param mappings the index's {@code mappings} object
   */
  static Optional<CollectionSpec> spec(String collection, JsonObject mappings) {
    if (!mappings.has("_meta")) {
      return Optional.empty();
    }
    JsonObject wrapper = mappings.getAsJsonObject("_meta");
    if (!wrapper.has("facesearch")) {
      return Optional.empty();
    }
    JsonObject meta = wrapper.getAsJsonObject("facesearch");
    int layout = meta.get("layout").getAsInt();
    if (layout != LAYOUT_VERSION) {
      throw new IllegalStateException(
          "collection '" + collection + "' has layout " + layout + ", expected " + LAYOUT_VERSION);
    }
    JsonObject d = meta.getAsJsonObject("detection");
    DetectionSettings detection =
        new DetectionSettings(
            d.has("detector") ? DetectorKind.valueOf(d.get("detector").getAsString()) : null,
            d.has("min_score") ? d.get("min_score").getAsFloat() : null,
            d.has("min_face_size") ? d.get("min_face_size").getAsInt() : null,
            d.has("max_faces") ? d.get("max_faces").getAsInt() : null,
            d.has("nms_iou") ? d.get("nms_iou").getAsFloat() : null,
            d.has("input_size") ? d.get("input_size").getAsInt() : null,
            d.has("upsample") ? d.get("upsample").getAsInt() : null,
            d.has("cnn_fallback") ? d.get("cnn_fallback").getAsBoolean() : null,
            d.has("landmarks") ? LandmarkModel.valueOf(d.get("landmarks").getAsString()) : null);
    return Optional.of(
        new CollectionSpec(
            collection,
            meta.get("model").getAsString(),
            meta.get("dimension").getAsInt(),
            meta.get("match_threshold").getAsFloat(),
            meta.get("hnsw_max_connections").getAsInt(),
            meta.get("hnsw_beam_width").getAsInt(),
            // Collections made before the setting existed hold float vectors.
            meta.has("vector_encoding")
                ? VectorEncoding.valueOf(meta.get("vector_encoding").getAsString())
                : VectorEncoding.FLOAT32,
            Instant.parse(meta.get("create_time").getAsString()),
            detection,
            meta.has("shards")
                ? Optional.of(
                    new Sharding(meta.get("shards").getAsInt(), meta.get("replicas").getAsInt()))
                : Optional.empty()));
  }

  /** The _source of a face's document. */
  static JsonObject document(
      String faceId,
      String subjectId,
      float[] vector,
      String contentHash,
      Instant createTime,
      Map<String, String> metadata) {
    JsonObject doc = new JsonObject();
    JsonArray values = new JsonArray(vector.length);
    for (float v : vector) {
      // Gson writes a float's shortest decimal form, which parses back to the same float: the
      // stored vector is exactly the enrolled one, so distances recomputed from it are exact.
      values.add(v);
    }
    doc.add(VECTOR, values);
    doc.addProperty(FACE_ID, faceId);
    doc.addProperty(SUBJECT_ID, subjectId);
    doc.addProperty(CONTENT_HASH, contentHash);
    doc.addProperty(CREATE_TIME, createTime.toEpochMilli());
    JsonObject meta = new JsonObject();
    metadata.forEach(meta::addProperty);
    doc.add(METADATA, meta);
    return doc;
  }

  static Face face(JsonObject source) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (source.has(METADATA)) {
      for (Map.Entry<String, JsonElement> e : source.getAsJsonObject(METADATA).entrySet()) {
        metadata.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return new Face(
        source.get(FACE_ID).getAsString(),
        source.get(SUBJECT_ID).getAsString(),
        source.get(CONTENT_HASH).getAsString(),
        Instant.ofEpochMilli(source.get(CREATE_TIME).getAsLong()),
        metadata);
  }

  static float[] vector(JsonObject source) {
    JsonArray values = source.getAsJsonArray(VECTOR);
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = values.get(i).getAsFloat();
    }
    return vector;
  }
}
