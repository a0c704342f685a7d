package dev.facesearch.server.grpc;

import dev.facesearch.server.core.Catalog;
import dev.facesearch.server.core.Recognizer;
import io.grpc.BindableService;

/** The gRPC face of the server: the facesearch.v1.FaceSearch service over the domain core. */
public final class FaceSearchApi {
  private FaceSearchApi() {}

  /** The FaceSearch service, to add to a server. */
  public static BindableService service(Catalog catalog, Recognizer recognizer) {
    return new FaceSearchService(catalog, recognizer);
  }
}
