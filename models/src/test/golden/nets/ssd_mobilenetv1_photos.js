// SSD MobileNet v1 on whole photos: face-api's own padding, resizing and decoding.
'use strict';

module.exports = {
  weights: 'ssd_mobilenetv1_model',
  create: (faceapi) => new faceapi.SsdMobilenetv1(),
  run: async (faceapi, net, image) => {
    const found = await net.locateFaces(image, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 }));
    const rows = found.map((d) => [d.score, d.box.x, d.box.y, d.box.width, d.box.height]);
    return { detections: rows.length ? faceapi.tf.tensor2d(rows, [rows.length, 5]) : faceapi.tf.zeros([0, 5]) };
  },
};
