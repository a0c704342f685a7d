package dev.facesearch.server.detect.hog;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Sorts best first exactly as dlib's {@code std::sort(v.rbegin(), v.rend(), less)} does when dlib
 * is built with GCC's libstdc++: ascending over the reversed sequence, by libstdc++'s introsort.
 *
 * <p>That sort is not stable, so among equal scores the order it leaves (and with it which of two
 * equal detections non-max suppression keeps) is whatever its steps produce; repeating the steps is
 * the only way to get the same answer. The steps: while more than 16 elements remain, the median of
 * the second, middle and last elements is swapped to the front and the rest partitioned around it
 * (Hoare style, no bounds checks), recursing into the right part and looping on the left; past
 * {@code 2 floor(log2 n)} levels the part is heap sorted instead; finally one insertion sort over
 * the whole, guarded for the first 16 elements and unguarded after.
 */
final class DescendingSort {
  private static final int THRESHOLD = 16;

  private final Object[] a;
  private final double[] key;

  private DescendingSort(Object[] a, double[] key) {
    this.a = a;
    this.key = key;
  }

  /** Sorts {@code items} in place, largest key first. */
  static <T> void sort(List<T> items, ToDoubleFunction<? super T> score) {
    int n = items.size();
    Object[] a = new Object[n];
    double[] key = new double[n];
    // The reversed view: element i of the sequence std::sort sees is items[n - 1 - i].
    for (int i = 0; i < n; i++) {
      a[i] = items.get(n - 1 - i);
      key[i] = score.applyAsDouble(items.get(n - 1 - i));
    }
    if (n > 1) {
      DescendingSort s = new DescendingSort(a, key);
      s.introsortLoop(0, n, 2 * (31 - Integer.numberOfLeadingZeros(n)));
      s.finalInsertionSort(0, n);
    }
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked")
      T t = (T) a[n - 1 - i];
      items.set(i, t);
    }
  }

  private boolean less(int i, int j) {
    return key[i] < key[j];
  }

  private void swap(int i, int j) {
    Object t = a[i];
    a[i] = a[j];
    a[j] = t;
    double k = key[i];
    key[i] = key[j];
    key[j] = k;
  }

  private void move(int to, int from) {
    a[to] = a[from];
    key[to] = key[from];
  }

  private void introsortLoop(int first, int last, int depth) {
    while (last - first > THRESHOLD) {
      if (depth == 0) {
        makeHeap(first, last);
        sortHeap(first, last);
        return;
      }
      depth--;
      int cut = partitionAroundMedian(first, last);
      introsortLoop(cut, last, depth);
      last = cut;
    }
  }

  private int partitionAroundMedian(int first, int last) {
    int mid = first + (last - first) / 2;
    medianToFirst(first, first + 1, mid, last - 1);
    int lo = first + 1;
    int hi = last;
    while (true) {
      while (less(lo, first)) {
        lo++;
      }
      hi--;
      while (less(first, hi)) {
        hi--;
      }
      if (!(lo < hi)) {
        return lo;
      }
      swap(lo, hi);
      lo++;
    }
  }

  private void medianToFirst(int result, int x, int y, int z) {
    if (less(x, y)) {
      if (less(y, z)) {
        swap(result, y);
      } else if (less(x, z)) {
        swap(result, z);
      } else {
        swap(result, x);
      }
    } else if (less(x, z)) {
      swap(result, x);
    } else if (less(y, z)) {
      swap(result, z);
    } else {
      swap(result, y);
    }
  }

  private void finalInsertionSort(int first, int last) {
    if (last - first > THRESHOLD) {
      insertionSort(first, first + THRESHOLD);
      for (int i = first + THRESHOLD; i < last; i++) {
        linearInsert(i, a[i], key[i]);
      }
    } else {
      insertionSort(first, last);
    }
  }

  private void insertionSort(int first, int last) {
    for (int i = first + 1; i < last; i++) {
      Object value = a[i];
      double k = key[i];
      if (k < key[first]) {
        System.arraycopy(a, first, a, first + 1, i - first);
        System.arraycopy(key, first, key, first + 1, i - first);
        a[first] = value;
        key[first] = k;
      } else {
        linearInsert(i, value, k);
      }
    }
  }

  /** Shifts larger elements right until {@code value} fits; something to its left stops it. */
  private void linearInsert(int last, Object value, double k) {
    int next = last - 1;
    while (k < key[next]) {
      move(last, next);
      last = next;
      next--;
    }
    a[last] = value;
    key[last] = k;
  }

  private void makeHeap(int first, int last) {
    int len = last - first;
    if (len < 2) {
      return;
    }
    for (int parent = (len - 2) / 2; ; parent--) {
      adjustHeap(first, parent, len, a[first + parent], key[first + parent]);
      if (parent == 0) {
        return;
      }
    }
  }

  private void sortHeap(int first, int last) {
    while (last - first > 1) {
      last--;
      Object value = a[last];
      double k = key[last];
      move(last, first);
      adjustHeap(first, 0, last - first, value, k);
    }
  }

  private void adjustHeap(int first, int hole, int len, Object value, double k) {
    int top = hole;
    int child = hole;
    while (child < (len - 1) / 2) {
      child = 2 * (child + 1);
      if (less(first + child, first + child - 1)) {
        child--;
      }
      move(first + hole, first + child);
      hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
      child = 2 * (child + 1);
      move(first + hole, first + child - 1);
      hole = child - 1;
    }
    int parent = (hole - 1) / 2;
    while (hole > top && key[first + parent] < k) {
      move(first + hole, first + parent);
      hole = parent;
      parent = (hole - 1) / 2;
    }
    a[first + hole] = value;
    key[first + hole] = k;
  }
}
