package dev.facesearch.models.dlib;

import java.io.IOException;
import java.util.Arrays;

/**
 * The decoding side of dlib's order-4 PPM model ({@code entropy_decoder_model_kernel_5} with
 * 200,000 nodes and order 4, as {@code kernel_5a} binds it) over an alphabet of 257 symbols: the
 * 256 byte values and an end-of-stream symbol.
 *
 * <p>The model is a tree of contexts held in parallel arrays: node {@code ROOT} is the empty
 * context, the children of a node (a list through {@code next}) are the symbols seen after its
 * context, and {@code parent} links a node to the same context one symbol shorter. Counts are
 * dlib's {@code unsigned short} fields, kept in {@code char} arrays so that their arithmetic wraps
 * the same way; rescaling at 10,000 keeps totals below about 60,000, so none ever does. See {@code
 * package-info.java} for the escape, exclusion and inheritance rules.
 */
final class PpmModel {
  static final int ALPHABET = 257;
  private static final int ORDER = 4;
  private static final int NODES = 200_000;
  private static final int ROOT = 0;
  private static final int NONE = -1;
  private static final int RESCALE_ABOVE = 10_000;
  private static final int INCREMENT = 8;
  private static final int MAX_INHERITED = 50_000;

  private final int[] next = new int[NODES];
  private final int[] child = new int[NODES];
  private final int[] parent = new int[NODES];
  private final char[] symbol = new char[NODES];
  private final char[] count = new char[NODES];
  private final char[] total = new char[NODES]; // children's counts + escapes
  private final char[] escapes = new char[NODES];

  // Nodes added while escaping towards the root, with the context each was added to.
  private final int[] added = new int[ORDER + 1];
  private final int[] addedTo = new int[ORDER + 1];
  private int addedCount;

  private final long[] excluded = new long[(ALPHABET + 63) / 64];
  private boolean anyExcluded;

  private int nextNode;
  private int cur; // the longest context matching the recent symbols
  private int curOrder; // its depth

  // The last child of the context where find() last escaped: the new node is linked after it.
  private int escapedAfter;

  // The count and its context's total where the last symbol was found, for inheritance.
  private int foundCount;
  private int foundTotal;

  PpmModel() {
    clear();
  }

  /** Decodes one symbol in {@code [0, ALPHABET)} and updates the model with it. */
  int decode(RangeDecoder coder) throws IOException {
    int context = cur;
    int order = curOrder;
    cur = NONE;
    int newNode = NONE;
    clearExclusions();
    int decoded;
    while (true) {
      if (nextNode >= NODES) {
        // The tree is full: dlib throws it away and starts again from the empty context.
        clear();
        context = cur;
        order = curOrder;
        cur = NONE;
        newNode = NONE;
        continue;
      }
      if (total[context] > 0) {
        int found = find(context, coder);
        if (found != NONE) {
          if (newNode != NONE) {
            parent[newNode] = found;
          }
          decoded = symbol[found];
          if (cur == NONE) {
            cur = order < ORDER ? found : parent[found];
            curOrder = order < ORDER ? order + 1 : order;
          }
          break;
        }
      }
      // An escape (or a context never seen): the symbol is new here, so add a node for it.
      int node = allocate();
      if (newNode != NONE) {
        parent[newNode] = node;
      }
      newNode = node;
      if (total[context] > 0) {
        next[escapedAfter] = node;
      } else {
        child[context] = node;
      }
      if (cur == NONE && order < ORDER) {
        cur = node;
        curOrder = order + 1;
      }
      added[addedCount] = node;
      addedTo[addedCount] = context;
      addedCount++;
      if (context != ROOT) {
        context = parent[context];
        order--;
        continue;
      }
      // Below the empty context every symbol has the same count: the order -1 context.
      decoded = coder.target(ALPHABET);
      coder.consume(decoded, decoded + 1);
      parent[newNode] = ROOT;
      foundCount = INCREMENT;
      foundTotal = INCREMENT * ALPHABET;
      if (cur == NONE) {
        cur = ROOT;
        curOrder = 0;
      }
      break;
    }
    initialiseAdded(decoded);
    return decoded;
  }

  /**
   * Decodes within {@code context}: returns the child whose symbol the code selects, counted and
   * moved to the front of the list, or {@code NONE} after decoding an escape (leaving the last
   * child in {@code escapedAfter}). Every symbol seen here is excluded from the shorter contexts
   * tried after an escape.
   */
  private int find(int context, RangeDecoder coder) throws IOException {
    if (total[context] > RESCALE_ABOVE) {
      scale(context);
    }
    int totalCount = total[context];
    if (anyExcluded) {
      totalCount = escapes[context];
      for (int n = child[context]; n != NONE; n = next[n]) {
        if (!isExcluded(symbol[n])) {
          totalCount += count[n];
        }
      }
    }
    int target = coder.target(totalCount);
    int highCount = 0;
    int previous = NONE;
    for (int n = child[context]; n != NONE; previous = n, n = next[n]) {
      if (isExcluded(symbol[n])) {
        continue;
      }
      highCount += count[n];
      exclude(symbol[n]);
      if (highCount > target) {
        coder.consume(highCount - count[n], highCount);
        count[n] += INCREMENT;
        total[context] += INCREMENT;
        foundCount = count[n];
        foundTotal = total[context];
        if (previous != NONE) {
          next[previous] = next[n];
          next[n] = child[context];
          child[context] = n;
        }
        return n;
      }
    }
    coder.consume(highCount, totalCount);
    escapedAfter = previous;
    return NONE;
  }

  /**
   * Gives the nodes just added their symbol and a first count. In a context that has other symbols
   * the count is inherited from where the symbol was found (Shkarin's information inheritance); in
   * a fresh context it follows from that symbol's share alone.
   */
  private void initialiseAdded(int decoded) {
    int c = foundCount;
    int t = foundTotal;
    assert t > c : t + " <= " + c;
    while (addedCount > 0) {
      addedCount--;
      int n = added[addedCount];
      int context = addedTo[addedCount];
      symbol[n] = (char) decoded;
      if (total[context] != 0) {
        // dlib evaluates the divisor in int and widens it to an unsigned 64-bit long.
        long divisor = (long) (t - c + total[context] - 2 * escapes[context]) | 1;
        long inherited = Long.divideUnsigned((long) total[context] * c, divisor) + 2;
        inherited = Math.min(inherited, MAX_INHERITED);
        count[n] = (char) inherited;
        escapes[context] += 4;
        total[context] += (char) (count[n] + 4);
      } else {
        count[n] = (char) (3 + 5 * c / (t - c));
        escapes[context] = 4;
        total[context] = (char) (count[n] + 4);
      }
      while (total[context] > RESCALE_ABOVE) {
        scale(context);
      }
    }
  }

  /** Halves the counts and the escape count of a context's children, keeping each at least 1. */
  private void scale(int context) {
    if (escapes[context] > 1) {
      escapes[context] >>= 1;
    }
    int sum = escapes[context];
    for (int n = child[context]; n != NONE; n = next[n]) {
      if (count[n] > 1) {
        count[n] >>= 1;
      }
      sum += count[n];
    }
    total[context] = (char) sum;
  }

  private int allocate() {
    int n = nextNode++;
    child[n] = NONE;
    next[n] = NONE;
    escapes[n] = 0;
    total[n] = 0;
    return n;
  }

  private void clear() {
    nextNode = ROOT + 1;
    child[ROOT] = NONE;
    next[ROOT] = NONE;
    parent[ROOT] = NONE;
    escapes[ROOT] = 0;
    total[ROOT] = 0;
    cur = ROOT;
    curOrder = 0;
    addedCount = 0;
    clearExclusions();
  }

  private void exclude(int s) {
    excluded[s >>> 6] |= 1L << s;
    anyExcluded = true;
  }

  private boolean isExcluded(int s) {
    return (excluded[s >>> 6] & 1L << s) != 0;
  }

  private void clearExclusions() {
    if (anyExcluded) {
      Arrays.fill(excluded, 0);
      anyExcluded = false;
    }
  }
}
