package dev.facesearch.bench.load;

import dev.facesearch.api.v1.Embedding;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.server.gallery.NewFace;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/**
 * Recall@1 of the served answers: for some probes, whether Identify's first candidate is the
 * subject of the truly nearest face, found by brute force over the gallery's faces (regenerated
 * from their seeds, so the check reads nothing from the server). It shows what a search setting
 * costs in accuracy, measured on the same gallery and server as its speed.
 */
public final class RecallCheck {
  private RecallCheck() {}

  /** The fraction of probes whose first candidate is the brute-force nearest subject. */
  public static double recallAtOne(
      FaceLikeGallery gallery,
      List<float[]> probes,
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      String collection) {
    return agreement(nearestSubjects(gallery, probes), probes, stub, collection);
  }

  /** The subject of each probe's truly nearest face, by brute force over the gallery. */
  public static int[] nearestSubjects(FaceLikeGallery gallery, List<float[]> probes) {
    int[] nearestSubject = new int[probes.size()];
    float[] nearestDistance = new float[probes.size()];
    java.util.Arrays.fill(nearestDistance, Float.POSITIVE_INFINITY);
    for (int s = 0; s < gallery.subjects(); s++) {
      for (NewFace face : gallery.faces(s)) {
        for (int p = 0; p < probes.size(); p++) {
          float d = VectorUtil.squareDistance(probes.get(p), face.vector());
          if (d < nearestDistance[p]) {
            nearestDistance[p] = d;
            nearestSubject[p] = s;
          }
        }
      }
    }
    return nearestSubject;
  }

  /** The fraction of probes whose first candidate is the subject {@link #nearestSubjects} found. */
  public static double agreement(
      int[] nearestSubject,
      List<float[]> probes,
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      String collection) {
    int agree = 0;
    for (int p = 0; p < probes.size(); p++) {
      Embedding.Builder embedding = Embedding.newBuilder();
      for (float v : probes.get(p)) {
        embedding.addValues(v);
      }
      IdentifyResponse response =
          stub.identify(
              IdentifyRequest.newBuilder()
                  .setCollection(collection)
                  .setInput(FaceInput.newBuilder().setEmbedding(embedding))
                  .setTopK(1)
                  .build());
      String served = response.getResults(0).getCandidates(0).getSubjectId();
      if (served.equals(FaceLikeGallery.subjectId(nearestSubject[p]))) {
        agree++;
      }
    }
    return agree / (double) probes.size();
  }
}
