package dev.facesearch.server.testing;

import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.ServerSettings;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real server with a real gallery on disk, reached through an in-process channel. */
public final class TestServer implements AutoCloseable {
  private final FaceSearchServer server;
  private final ManagedChannel channel;

  private TestServer(FaceSearchServer server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  public static TestServer start(Path data) throws IOException {
    return start(settings(data));
  }

  /** A server with these settings, e.g. {@link #settings} with another gallery. */
  public static TestServer start(ServerSettings settings) throws IOException {
    String name = InProcessServerBuilder.generateName();
    FaceSearchServer server =
        FaceSearchServer.start(settings, InProcessServerBuilder.forName(name));
    return new TestServer(server, InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  /**
   * The defaults, with this data folder and the models the build made, and no metrics endpoint (its
   * default port would clash between servers); a test of the metrics asks for port 0.
   */
  public static ServerSettings settings(Path data) {
    ServerSettings settings = ServerSettings.defaults().withDataDir(data).withMetricsPort(-1);
    String models = System.getProperty("facesearch.models.out");
    return models == null ? settings : settings.withModelsDir(Path.of(models));
  }

  public ManagedChannel channel() {
    return channel;
  }

  /**
   * A stub whose every call gets its own 60 s deadline. (A stub's {@code withDeadlineAfter} fixes
   * one instant for all its calls, so a test class sharing a stub ran out of time on a busy
   * machine.)
   */
  public FaceSearchGrpc.FaceSearchBlockingStub stub() {
    return FaceSearchGrpc.newBlockingStub(channel).withInterceptors(PER_CALL_DEADLINE);
  }

  private static final ClientInterceptor PER_CALL_DEADLINE =
      new ClientInterceptor() {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(
            MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
          return next.newCall(
              method,
              options.getDeadline() == null
                  ? options.withDeadlineAfter(60, TimeUnit.SECONDS)
                  : options);
        }
      };

  @Override
  public void close() throws IOException {
    channel.shutdownNow();
    server.close();
  }
}
