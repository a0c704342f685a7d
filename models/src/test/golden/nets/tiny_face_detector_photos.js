// The tiny face detector on whole photos: face-api's own padding, resizing and decoding.
'use strict';

module.exports = {
  weights: 'tiny_face_detector_model',
  create: (faceapi) => new faceapi.TinyFaceDetector(),
  run: async (faceapi, net, image) => {
    const found = await net.locateFaces(image, new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }));
    const rows = found.map((d) => [d.score, d.box.x, d.box.y, d.box.width, d.box.height]);
    return { detections: rows.length ? faceapi.tf.tensor2d(rows, [rows.length, 5]) : faceapi.tf.zeros([0, 5]) };
  },
};
