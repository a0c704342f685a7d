package dev.facesearch.bench.load;

import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.ServerSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real server for a load run: {@link FaceSearchServer#start} on loopback with Netty and port 0,
 * on the given data folder, and a real Netty client channel to it.
 *
 * <p>The channel runs its callbacks on its own event loop ({@code directExecutor}): the closed
 * loop's clients are callbacks that only record a time and send the next call, so a hand-off to
 * another thread would cost the shared cores more than it saves.
 */
public final class LoadServer implements AutoCloseable {
  private final FaceSearchServer server;
  private final ManagedChannel channel;

  private LoadServer(FaceSearchServer server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  /**
   * The server's settings for a run: the defaults, on loopback and a free port, with this data
   * folder and models, and with the pipeline's result cache off so that repeated photos are
   * computed every time.
   */
  public static ServerSettings settings(Path data, Path models) {
    return ServerSettings.defaults().toBuilder()
        .host("localhost")
        .port(0)
        .dataDir(data)
        .modelsDir(models)
        .faceCacheBytes(0)
        .build();
  }

  public static LoadServer start(ServerSettings settings) throws IOException {
    FaceSearchServer server = FaceSearchServer.start(settings);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", server.port())
            .usePlaintext()
            .directExecutor()
            .build();
    return new LoadServer(server, channel);
  }

  public FaceSearchServer server() {
    return server;
  }

  public FaceSearchGrpc.FaceSearchFutureStub futureStub() {
    return FaceSearchGrpc.newFutureStub(channel);
  }

  public FaceSearchGrpc.FaceSearchBlockingStub blockingStub() {
    return FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.MINUTES);
  }

  @Override
  public void close() throws IOException {
    channel.shutdownNow();
    try {
      channel.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }
}
