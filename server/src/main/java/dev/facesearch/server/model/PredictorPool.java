package dev.facesearch.server.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Predictors of one model for concurrent callers.
 *
 * <p>A DJL predictor is not thread-safe, but predictors of one model share its ONNX Runtime
 * session, which is; so each call borrows a predictor for its duration. At most {@code size}
 * predictors exist, created on demand; a call finding none free waits for one.
 */
public final class PredictorPool<I, O> implements AutoCloseable {
  private final ZooModel<I, O> model;
  private final Semaphore permits;
  private final Queue<Predictor<I, O>> idle = new ConcurrentLinkedQueue<>();
  private final Queue<Predictor<I, O>> all = new ConcurrentLinkedQueue<>();

  public PredictorPool(ZooModel<I, O> model, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be positive: " + size);
    }
    this.model = model;
    this.permits = new Semaphore(size, true);
  }

  /** Runs one input. */
  public O predict(I input) throws TranslateException, InterruptedException {
    Predictor<I, O> predictor = borrow();
    try {
      return predictor.predict(input);
    } finally {
      giveBack(predictor);
    }
  }

  private Predictor<I, O> borrow() throws InterruptedException {
    permits.acquire();
    Predictor<I, O> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor();
      all.add(predictor);
    }
    return predictor;
  }

  private void giveBack(Predictor<I, O> predictor) {
    idle.add(predictor);
    permits.release();
  }

  /** Closes every predictor; the model is closed by its registry. */
  @Override
  public void close() {
    all.forEach(Predictor::close);
    all.clear();
    idle.clear();
  }
}
