/**
 * A real OpenSearch cluster on loopback for the opt-in tests of the OpenSearch gallery.
 *
 * <p>Maven's {@code opensearch} profile ({@code -Dfacesearch.opensearch=true}) copies the
 * integ-test distribution and the k-NN plugin from Maven Central into {@code target/opensearch};
 * {@link dev.facesearch.server.testing.opensearch.OpenSearchCluster} unpacks them once per run,
 * installs the plugin, and starts three nodes with their own config, data and logs folders.
 */
package dev.facesearch.server.testing.opensearch;
