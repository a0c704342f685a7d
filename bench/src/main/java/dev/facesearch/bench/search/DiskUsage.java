package dev.facesearch.bench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes of an index folder by role, from the Lucene file extensions (compound files must be off, or
 * everything lands in {@code .cfs}).
 *
 * @param rawVectors float32 vectors, {@code .vec}
 * @param quantizedVectors int8 ({@code .veq}) or binary ({@code .veb}) quantised vectors
 * @param graph the HNSW graph, {@code .vex}
 * @param rest everything else: postings, doc values, stored fields, metadata
 */
record DiskUsage(long rawVectors, long quantizedVectors, long graph, long rest) {

  static DiskUsage of(Path folder) throws IOException {
    long vec = 0;
    long quantized = 0;
    long graph = 0;
    long rest = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        long bytes = Files.size(file);
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        switch (extension) {
          case "vec" -> vec += bytes;
          case "veq", "veb" -> quantized += bytes;
          case "vex" -> graph += bytes;
          default -> rest += bytes;
        }
      }
    }
    return new DiskUsage(vec, quantized, graph, rest);
  }

  long total() {
    return rawVectors + quantizedVectors + graph + rest;
  }
}
