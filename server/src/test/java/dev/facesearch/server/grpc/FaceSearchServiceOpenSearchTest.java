package dev.facesearch.server.grpc;

import dev.facesearch.server.config.GalleryBackend;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.TestServer;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import dev.facesearch.server.testing.opensearch.OpenSearchClusterExtension;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link FaceSearchServiceTest}, the gRPC API's own suite, with the gallery on a real
 * 3-node OpenSearch cluster instead of the embedded Lucene index. Opt-in: -Dfacesearch.opensearch.
 */
@EnabledIf("dev.facesearch.server.testing.opensearch.OpenSearchCluster#enabled")
@ExtendWith(OpenSearchClusterExtension.class)
class FaceSearchServiceOpenSearchTest extends FaceSearchServiceTest {
  private static OpenSearchCluster cluster;

  @BeforeAll
  static void cluster(OpenSearchCluster shared) {
    cluster = shared;
  }

  @Override
  TestServer startServer(Path data) throws Exception {
    ServerSettings settings =
        TestServer.settings(data).toBuilder()
            .gallery(GalleryBackend.OPENSEARCH)
            .openSearchUrls(cluster.urls().stream().map(URI::create).toList())
            .build();
    return TestServer.start(settings);
  }

  @AfterEach
  void wipe() throws Exception {
    cluster.wipe();
  }
}
