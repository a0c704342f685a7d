/**
 * The arithmetic of face recognition benchmarks, free of any server call: reading LFW's {@code
 * pairs.txt}, choosing thresholds, accuracy with ten-fold cross-validation, the ROC curve, its area
 * and the true accept rate at a fixed false accept rate, and the tallies of an identification run.
 *
 * <p>Scores are distances (squared L2 of unit embeddings, in [0, 4]): lower means more alike, and a
 * pair is accepted as the same person when its distance is at most the threshold. The verification
 * protocol is LFW's "image-restricted, unsupervised" one: the threshold applied to each fold is the
 * one that maximises accuracy on the other nine folds, so no fold is scored with a threshold tuned
 * on itself.
 */
package dev.facesearch.client.evaluate;
