package dev.facesearch.server.detect.hog;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link HogKernel} on the JDK's Vector API: one column or pixel per lane, each lane doing the
 * float operations of {@link ScalarKernel} in the same order (the Vector API never fuses a multiply
 * and an add, and its square root is IEEE's), so the results are bit for bit the same. The widest
 * float species does most of a run, 8 lanes the rest of a convolution run (whose length is a
 * multiple of 8), and anything left goes to the scalar code.
 */
final class VectorKernel implements HogKernel {
  private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> NARROW = FloatVector.SPECIES_256;

  private VectorKernel() {}

  static VectorKernel create() {
    return new VectorKernel();
  }

  @Override
  public void simdColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate) {
    int c = wide(in, inAt, step, taps, out, outAt, count, accumulate);
    if (NARROW.length() < WIDE.length()) {
      c = narrow(in, inAt, step, taps, out, outAt, c, count, accumulate);
    }
    for (; c < count; c++) {
      float v = HogKernel.simdDot(in, inAt + c, step, taps);
      out[outAt + c] = accumulate ? out[outAt + c] + v : v;
    }
  }

  // Two copies of one loop, each with its species a constant: the JIT only turns vector code into
  // vector instructions when it can see the species, and a species passed as an argument would
  // leave it allocating vector objects instead.

  private static int wide(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate) {
    int lanes = WIDE.length();
    int n = taps.length;
    int c = 0;
    for (; c + lanes <= count; c += lanes) {
      int at = inAt + c;
      FloatVector a = FloatVector.fromArray(WIDE, in, at).mul(taps[0]);
      FloatVector b = FloatVector.fromArray(WIDE, in, at + step).mul(taps[1]);
      FloatVector d = FloatVector.fromArray(WIDE, in, at + 2 * step).mul(taps[2]);
      int t = 3;
      for (; t < n - 2; t += 3) {
        a = a.add(FloatVector.fromArray(WIDE, in, at + t * step).mul(taps[t]));
        b = b.add(FloatVector.fromArray(WIDE, in, at + (t + 1) * step).mul(taps[t + 1]));
        d = d.add(FloatVector.fromArray(WIDE, in, at + (t + 2) * step).mul(taps[t + 2]));
      }
      for (; t < n; t++) {
        a = a.add(FloatVector.fromArray(WIDE, in, at + t * step).mul(taps[t]));
      }
      FloatVector v = a.add(b.add(d));
      if (accumulate) {
        v = FloatVector.fromArray(WIDE, out, outAt + c).add(v);
      }
      v.intoArray(out, outAt + c);
    }
    return c;
  }

  private static int narrow(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int c,
      int count,
      boolean accumulate) {
    int lanes = NARROW.length();
    int n = taps.length;
    for (; c + lanes <= count; c += lanes) {
      int at = inAt + c;
      FloatVector a = FloatVector.fromArray(NARROW, in, at).mul(taps[0]);
      FloatVector b = FloatVector.fromArray(NARROW, in, at + step).mul(taps[1]);
      FloatVector d = FloatVector.fromArray(NARROW, in, at + 2 * step).mul(taps[2]);
      int t = 3;
      for (; t < n - 2; t += 3) {
        a = a.add(FloatVector.fromArray(NARROW, in, at + t * step).mul(taps[t]));
        b = b.add(FloatVector.fromArray(NARROW, in, at + (t + 1) * step).mul(taps[t + 1]));
        d = d.add(FloatVector.fromArray(NARROW, in, at + (t + 2) * step).mul(taps[t + 2]));
      }
      for (; t < n; t++) {
        a = a.add(FloatVector.fromArray(NARROW, in, at + t * step).mul(taps[t]));
      }
      FloatVector v = a.add(b.add(d));
      if (accumulate) {
        v = FloatVector.fromArray(NARROW, out, outAt + c).add(v);
      }
      v.intoArray(out, outAt + c);
    }
    return c;
  }

  @Override
  public void tailColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate) {
    int lanes = NARROW.length();
    for (int c = 0; c < count; c += lanes) {
      VectorMask<Float> live = NARROW.indexInRange(c, count);
      int at = inAt + c;
      FloatVector sum = FloatVector.zero(NARROW);
      for (int t = 0; t < taps.length; t++) {
        sum = sum.add(FloatVector.fromArray(NARROW, in, at + t * step, live).mul(taps[t]));
      }
      if (accumulate) {
        sum = FloatVector.fromArray(NARROW, out, outAt + c, live).add(sum);
      }
      sum.intoArray(out, outAt + c, live);
    }
  }

  @Override
  public void simdGradients(
      float[][] above,
      float[][] centre,
      float[][] below,
      int from,
      int to,
      float[] bin,
      float[] length) {
    int lanes = WIDE.length();
    int x = from;
    for (; x + lanes <= to; x += lanes) {
      FloatVector gx =
          FloatVector.fromArray(WIDE, centre[0], x + 1)
              .sub(FloatVector.fromArray(WIDE, centre[0], x - 1));
      FloatVector gy =
          FloatVector.fromArray(WIDE, below[0], x).sub(FloatVector.fromArray(WIDE, above[0], x));
      FloatVector len = gx.mul(gx).add(gy.mul(gy));
      for (int ch = 1; ch < centre.length; ch++) {
        FloatVector dx =
            FloatVector.fromArray(WIDE, centre[ch], x + 1)
                .sub(FloatVector.fromArray(WIDE, centre[ch], x - 1));
        FloatVector dy =
            FloatVector.fromArray(WIDE, below[ch], x)
                .sub(FloatVector.fromArray(WIDE, above[ch], x));
        FloatVector l = dx.mul(dx).add(dy.mul(dy));
        // dlib's select(len > l, kept, new): the new channel wins ties.
        VectorMask<Float> keep = len.compare(VectorOperators.GT, l);
        gx = dx.blend(gx, keep);
        gy = dy.blend(gy, keep);
        len = l.blend(len, keep);
      }
      FloatVector bestDot = FloatVector.zero(WIDE);
      FloatVector best = FloatVector.zero(WIDE);
      for (int o = 0; o < 9; o++) {
        FloatVector dot =
            gx.mul(OrientationHistograms.DIR_X[o]).add(gy.mul(OrientationHistograms.DIR_Y[o]));
        VectorMask<Float> up = dot.compare(VectorOperators.GT, bestDot);
        bestDot = bestDot.blend(dot, up);
        best = best.blend(FloatVector.broadcast(WIDE, (float) o), up);
        FloatVector negated = dot.neg();
        VectorMask<Float> down = negated.compare(VectorOperators.GT, bestDot);
        bestDot = bestDot.blend(negated, down);
        best = best.blend(FloatVector.broadcast(WIDE, (float) (o + 9)), down);
      }
      best.intoArray(bin, x);
      len.sqrt().intoArray(length, x);
    }
    ScalarKernel.INSTANCE.simdGradients(above, centre, below, x, to, bin, length);
  }
}
