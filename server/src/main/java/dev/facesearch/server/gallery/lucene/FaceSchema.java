package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.landmark.LandmarkModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * How a face is laid out as a Lucene document, and a collection's spec as commit user data.
 *
 * <p>One document per face: the vector ({@code KnnFloatVectorField}, EUCLIDEAN, in the HNSW graph),
 * the subject and face ids (indexed for deletes and lookups, with doc values so that search hits
 * need no stored-field reads), and the stored content hash, time and metadata.
 */
final class FaceSchema {
  static final String VECTOR = "vector";
  static final String FACE_ID = "face_id";
  static final String SUBJECT_ID = "subject_id";
  static final String CONTENT_HASH = "content_hash";
  static final String CREATE_TIME = "create_time_ms";
  static final String METADATA = "metadata";

  /** Version of this layout, kept in every commit so that a later layout can tell. */
  private static final String LAYOUT_VERSION = "1";

  private static final String KEY_LAYOUT = "facesearch.layout";
  private static final String KEY_MODEL = "facesearch.model";
  private static final String KEY_DIMENSION = "facesearch.dimension";
  private static final String KEY_THRESHOLD = "facesearch.match_threshold";
  private static final String KEY_HNSW_M = "facesearch.hnsw.max_connections";
  private static final String KEY_HNSW_BEAM = "facesearch.hnsw.beam_width";
  private static final String KEY_VECTOR_ENCODING = "facesearch.hnsw.vector_encoding";
  private static final String KEY_CREATE_TIME = "facesearch.create_time";
  private static final String KEY_DETECTOR = "facesearch.detection.detector";
  private static final String KEY_MIN_SCORE = "facesearch.detection.min_score";
  private static final String KEY_MIN_FACE_SIZE = "facesearch.detection.min_face_size";
  private static final String KEY_MAX_FACES = "facesearch.detection.max_faces";
  private static final String KEY_NMS_IOU = "facesearch.detection.nms_iou";
  private static final String KEY_INPUT_SIZE = "facesearch.detection.input_size";
  private static final String KEY_UPSAMPLE = "facesearch.detection.upsample";
  private static final String KEY_CNN_FALLBACK = "facesearch.detection.cnn_fallback";
  private static final String KEY_LANDMARKS = "facesearch.detection.landmarks";

  private FaceSchema() {}

  static Document document(
      String faceId, String subjectId, NewFace face, Instant createTime, BytesRef metadata) {
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(VECTOR, face.vector(), VectorSimilarityFunction.EUCLIDEAN));
    doc.add(new StringField(FACE_ID, faceId, Field.Store.YES));
    doc.add(new SortedDocValuesField(FACE_ID, new BytesRef(faceId)));
    doc.add(new StringField(SUBJECT_ID, subjectId, Field.Store.YES));
    doc.add(new SortedDocValuesField(SUBJECT_ID, new BytesRef(subjectId)));
    doc.add(new StoredField(CONTENT_HASH, face.contentHash()));
    doc.add(new StoredField(CREATE_TIME, createTime.toEpochMilli()));
    doc.add(new StoredField(METADATA, metadata));
    return doc;
  }

  static Face face(Document stored) throws IOException {
    return new Face(
        stored.get(FACE_ID),
        stored.get(SUBJECT_ID),
        stored.get(CONTENT_HASH),
        Instant.ofEpochMilli(stored.getField(CREATE_TIME).numericValue().longValue()),
        decodeMetadata(stored.getBinaryValue(METADATA)));
  }

  static BytesRef encodeMetadata(Map<String, String> metadata) {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try {
      out.writeVInt(metadata.size());
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        out.writeString(entry.getKey());
        out.writeString(entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory output cannot fail", e);
    }
    return new BytesRef(out.toArrayCopy());
  }

  static Map<String, String> decodeMetadata(BytesRef bytes) throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
    int size = in.readVInt();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      metadata.put(in.readString(), in.readString());
    }
    return metadata;
  }

  static Map<String, String> userData(CollectionSpec spec) {
    Map<String, String> data = new java.util.HashMap<>();
    data.put(KEY_LAYOUT, LAYOUT_VERSION);
    data.put(KEY_MODEL, spec.model());
    data.put(KEY_DIMENSION, Integer.toString(spec.dimension()));
    data.put(KEY_THRESHOLD, Float.toString(spec.matchThreshold()));
    data.put(KEY_HNSW_M, Integer.toString(spec.hnswMaxConnections()));
    data.put(KEY_HNSW_BEAM, Integer.toString(spec.hnswBeamWidth()));
    data.put(KEY_VECTOR_ENCODING, spec.vectorEncoding().name());
    data.put(KEY_CREATE_TIME, spec.createTime().toString());
    // Detection defaults: only the fields the collection set, so the rest keep following the
    // detectors' defaults.
    DetectionSettings d = spec.detection();
    putIfSet(data, KEY_DETECTOR, d.detector() == null ? null : d.detector().name());
    putIfSet(data, KEY_MIN_SCORE, d.minScore());
    putIfSet(data, KEY_MIN_FACE_SIZE, d.minFaceSize());
    putIfSet(data, KEY_MAX_FACES, d.maxFaces());
    putIfSet(data, KEY_NMS_IOU, d.nmsIou());
    putIfSet(data, KEY_INPUT_SIZE, d.inputSize());
    putIfSet(data, KEY_UPSAMPLE, d.upsample());
    putIfSet(data, KEY_CNN_FALLBACK, d.cnnFallback());
    putIfSet(data, KEY_LANDMARKS, d.landmarks() == null ? null : d.landmarks().name());
    return Map.copyOf(data);
  }

  private static void putIfSet(Map<String, String> data, String key, Object value) {
    if (value != null) {
      data.put(key, value.toString());
    }
  }

  static CollectionSpec spec(String name, Map<String, String> userData) throws IOException {
    String layout = userData.get(KEY_LAYOUT);
    if (!LAYOUT_VERSION.equals(layout)) {
      throw new IOException(
          "collection '"
              + name
              + "' has on-disk layout "
              + layout
              + ", expected "
              + LAYOUT_VERSION);
    }
    return new CollectionSpec(
        name,
        userData.get(KEY_MODEL),
        Integer.parseInt(userData.get(KEY_DIMENSION)),
        Float.parseFloat(userData.get(KEY_THRESHOLD)),
        Integer.parseInt(userData.get(KEY_HNSW_M)),
        Integer.parseInt(userData.get(KEY_HNSW_BEAM)),
        // Collections made before the setting existed hold float vectors.
        VectorEncoding.valueOf(
            userData.getOrDefault(KEY_VECTOR_ENCODING, VectorEncoding.FLOAT32.name())),
        Instant.parse(userData.get(KEY_CREATE_TIME)),
        new DetectionSettings(
            userData.containsKey(KEY_DETECTOR)
                ? DetectorKind.valueOf(userData.get(KEY_DETECTOR))
                : null,
            userData.containsKey(KEY_MIN_SCORE) ? Float.valueOf(userData.get(KEY_MIN_SCORE)) : null,
            userData.containsKey(KEY_MIN_FACE_SIZE)
                ? Integer.valueOf(userData.get(KEY_MIN_FACE_SIZE))
                : null,
            userData.containsKey(KEY_MAX_FACES)
                ? Integer.valueOf(userData.get(KEY_MAX_FACES))
                : null,
            userData.containsKey(KEY_NMS_IOU) ? Float.valueOf(userData.get(KEY_NMS_IOU)) : null,
            userData.containsKey(KEY_INPUT_SIZE)
                ? Integer.valueOf(userData.get(KEY_INPUT_SIZE))
                : null,
            userData.containsKey(KEY_UPSAMPLE) ? Integer.valueOf(userData.get(KEY_UPSAMPLE)) : null,
            userData.containsKey(KEY_CNN_FALLBACK)
                ? Boolean.valueOf(userData.get(KEY_CNN_FALLBACK))
                : null,
            userData.containsKey(KEY_LANDMARKS)
                ? LandmarkModel.valueOf(userData.get(KEY_LANDMARKS))
                : null));
  }
}
