package dev.facesearch.server.gallery.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import dev.facesearch.server.testing.opensearch.OpenSearchClusterExtension;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test cluster itself: three nodes, each with the k-NN plugin, none with security. */
@EnabledIf("dev.facesearch.server.testing.opensearch.OpenSearchCluster#enabled")
@ExtendWith(OpenSearchClusterExtension.class)
class OpenSearchClusterTest {

  @Test
  void cluster_hasThreeNodesWithTheKnnPluginAndNoSecurity(OpenSearchCluster cluster)
      throws Exception {
    System.out.println("cluster formed in " + cluster.formationTime().toMillis() + " ms");
    JsonArray plugins =
        JsonParser.parseString(cluster.request("GET", "/_cat/plugins?format=json", null).body())
            .getAsJsonArray();
    Set<String> nodesWithKnn = new HashSet<>();
    for (JsonElement plugin : plugins) {
      String component = plugin.getAsJsonObject().get("component").getAsString();
      assertTrue(!component.contains("security"), "no security plugin: " + component);
      if (component.equals("opensearch-knn")) {
        nodesWithKnn.add(plugin.getAsJsonObject().get("name").getAsString());
      }
    }
    assertEquals(Set.of("node-0", "node-1", "node-2"), nodesWithKnn);
  }
}
