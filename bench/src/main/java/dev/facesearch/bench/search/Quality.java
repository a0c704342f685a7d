package dev.facesearch.bench.search;

/** Quality of search results against the query identities and the exact scan's answers. */
final class Quality {
  private Quality() {}

  /** Fraction of queries whose first hit is a face of the query's identity. */
  static double top1IdentityRate(SyntheticGallery gallery, int[][] results) {
    int right = 0;
    for (int q = 0; q < results.length; q++) {
      if (results[q].length > 0
          && gallery.faceIdentity()[results[q][0]] == gallery.queryIdentity()[q]) {
        right++;
      }
    }
    return right / (double) results.length;
  }

  /** Mean over queries of |found ∩ exact| / |exact|, on face ids. */
  static double recall(int[][] results, int[][] exact) {
    double sum = 0;
    for (int q = 0; q < results.length; q++) {
      int hits = 0;
      for (int face : results[q]) {
        for (int truth : exact[q]) {
          if (face == truth) {
            hits++;
            break;
          }
        }
      }
      sum += hits / (double) exact[q].length;
    }
    return sum / results.length;
  }
}
