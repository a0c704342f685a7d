package dev.facesearch.models.dlib;

import java.util.Arrays;

/**
 * The encoding side of dlib's order-4 PPM model ({@code entropy_encoder_model_kernel_5}, 200,000
 * nodes), written for the tests from dlib's encoder and independently of {@link PpmModel}, so that
 * a round trip checks one reading of dlib against another. Counts are 16-bit as in dlib.
 */
final class PpmEncoderModel {
  private static final int ALPHABET = 257;
  private static final int ORDER = 4;
  private static final int NODES = 200_000;
  private static final int NONE = -1;

  private final int[] next = new int[NODES];
  private final int[] child = new int[NODES];
  private final int[] parent = new int[NODES];
  private final char[] symbol = new char[NODES];
  private final char[] count = new char[NODES];
  private final char[] total = new char[NODES];
  private final char[] escapes = new char[NODES];
  private final int[] stackNode = new int[ORDER + 1];
  private final int[] stackContext = new int[ORDER + 1];
  private final boolean[] excluded = new boolean[ALPHABET];
  private final RangeEncoder coder;
  private int stackSize;
  private int nextNode;
  private int cur;
  private int curOrder;

  PpmEncoderModel(RangeEncoder coder) {
    this.coder = coder;
    clear();
  }

  void encode(int sym) {
    int temp = cur;
    cur = NONE;
    int localOrder = curOrder;
    int newNode = NONE;
    char c;
    char t;
    Arrays.fill(excluded, false);
    boolean anyExcluded = false;
    while (true) {
      if (nextNode >= NODES) {
        clear();
        Arrays.fill(excluded, false);
        anyExcluded = false;
        temp = cur;
        localOrder = curOrder;
        cur = NONE;
        newNode = NONE;
        continue;
      }
      char totalCount = total[temp];
      if (totalCount > 0) {
        if (totalCount > 10_000) {
          scale(temp);
          totalCount = total[temp];
        }
        char lowCount = 0;
        char highCount = 0;
        int n = child[temp];
        int found = NONE;
        int last = NONE;
        int previous = NONE;
        boolean wereExcluded = anyExcluded;
        while (true) {
          if (!excluded[symbol[n]]) {
            excluded[symbol[n]] = true;
            anyExcluded = true;
            if (found == NONE) {
              highCount += count[n];
              if (symbol[n] == sym) {
                found = n;
                last = previous;
                lowCount = (char) (highCount - count[n]);
                if (!wereExcluded) {
                  break;
                }
              }
            }
          } else {
            totalCount -= count[n];
          }
          if (next[n] == NONE) {
            break;
          }
          previous = n;
          n = next[n];
        }
        if (found != NONE) {
          n = found;
          if (newNode != NONE) {
            parent[newNode] = found;
          }
          coder.encode(lowCount, highCount, totalCount);
          c = count[n] += 8;
          t = total[temp] += 8;
          if (last != NONE) {
            next[last] = next[n];
            next[n] = child[temp];
            child[temp] = n;
          }
          if (cur == NONE) {
            if (localOrder >= ORDER) {
              cur = parent[n];
              curOrder = localOrder;
            } else {
              curOrder = localOrder + 1;
              cur = n;
            }
          }
          break;
        }
        newNode = link(newNode);
        next[n] = newNode;
        coder.encode(highCount, totalCount, totalCount);
      } else {
        newNode = link(newNode);
        child[temp] = newNode;
      }
      if (cur == NONE && localOrder < ORDER) {
        cur = newNode;
        curOrder = localOrder + 1;
      }
      child[newNode] = NONE;
      escapes[newNode] = 0;
      next[newNode] = NONE;
      total[newNode] = 0;
      stackNode[stackSize] = newNode;
      stackContext[stackSize] = temp;
      stackSize++;
      if (temp != 0) {
        temp = parent[temp];
        localOrder--;
        continue;
      }
      t = 2056;
      c = 8;
      parent[newNode] = 0;
      coder.encode(sym, sym + 1, ALPHABET);
      if (cur == NONE) {
        cur = 0;
        curOrder = 0;
      }
      break;
    }
    while (stackSize > 0) {
      stackSize--;
      int n = stackNode[stackSize];
      int nc = stackContext[stackSize];
      symbol[n] = (char) sym;
      if (total[nc] != 0) {
        long temp2 = t - c + total[nc] - escapes[nc] - escapes[nc];
        long inherited = Long.divideUnsigned((long) total[nc] * c, temp2 | 1) + 2;
        if (inherited > 50_000) {
          inherited = 50_000;
        }
        count[n] = (char) inherited;
        escapes[nc] += 4;
        total[nc] += (char) ((char) inherited + 4);
      } else {
        count[n] = (char) (3 + 5 * c / (t - c));
        escapes[nc] = 4;
        total[nc] = (char) (count[n] + 4);
      }
      while (total[nc] > 10_000) {
        scale(nc);
      }
    }
  }

  /** Allocates a node, chained as the parent context of the previous new node if there is one. */
  private int link(int previousNew) {
    int node = nextNode++;
    if (previousNew != NONE) {
      parent[previousNew] = node;
    }
    return node;
  }

  private void scale(int context) {
    if (escapes[context] > 1) {
      escapes[context] >>= 1;
    }
    total[context] = escapes[context];
    for (int n = child[context]; n != NONE; n = next[n]) {
      if (count[n] > 1) {
        count[n] >>= 1;
      }
      total[context] += count[n];
    }
  }

  private void clear() {
    nextNode = 1;
    child[0] = NONE;
    escapes[0] = 0;
    total[0] = 0;
    cur = 0;
    curOrder = 0;
    stackSize = 0;
  }
}
