// SsdMobilenetv1: the face detector's raw outputs for a 512x512 image, and its detections.
//
// Outputs, for batch element 0:
//   anchor_index [m]    a deterministic subset of the 5,118 anchors, ascending: every STRIDE-th
//                       anchor, the last TAIL (the 4x4, 2x2 and 1x1 maps), and the TOP best-scoring
//   boxes [m, 4]        forwardInput's boxes at those anchors (ymin, xmin, ymax, xmax, fractions)
//   scores [m]          forwardInput's scores at those anchors
//   detections [k, 5]   locateFaces (minConfidence 0.5, maxResults 100): score, x, y, width, height
//                       of face-api's FaceDetection box, in pixels of the 512x512 input
// The subset keeps the fixture small: all anchors would be about 100 KB per input.
'use strict';

const STRIDE = 32;
const TAIL = 126;
const TOP = 64;

module.exports = {
  weights: 'ssd_mobilenetv1_model',
  create: (faceapi) => new faceapi.SsdMobilenetv1(),
  run: async (faceapi, net, image) => {
    const { tf } = faceapi;
    const { boxes, scores } = net.forwardInput(await faceapi.toNetInput(image));
    const scoreData = await scores[0].data();
    const count = scoreData.length;
    const chosen = new Set();
    for (let i = 0; i < count; i += STRIDE) chosen.add(i);
    for (let i = count - TAIL; i < count; i++) chosen.add(i);
    Array.from(scoreData.keys())
      .sort((a, b) => scoreData[b] - scoreData[a] || a - b)
      .slice(0, TOP)
      .forEach((i) => chosen.add(i));
    const index = Array.from(chosen).sort((a, b) => a - b);
    const gatherIndex = tf.tensor1d(index, 'int32');
    const outputs = {
      anchor_index: tf.tensor1d(index, 'float32'),
      boxes: tf.gather(boxes[0], gatherIndex),
      scores: tf.gather(scores[0], gatherIndex),
    };
    gatherIndex.dispose();
    boxes.forEach((t) => t.dispose());
    scores.forEach((t) => t.dispose());

    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
    const detections = await net.locateFaces(image, options);
    const rows = detections.map((d) => [d.score, d.box.x, d.box.y, d.box.width, d.box.height]);
    outputs.detections = tf.tensor2d(rows.flat(), [rows.length, 5], 'float32');
    return outputs;
  },
};
