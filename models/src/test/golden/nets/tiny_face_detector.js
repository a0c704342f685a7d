// TinyFaceDetector: the raw grid of box encodings, and face-api's own decoded detections.
//
// Each input is fed at its own size (inputSize = its side, a multiple of 32), so face-api does
// not resize it and the grid is comparable with our ONNX output. "detections" are the boxes of
// locateFaces with scoreThreshold 0.5, after face-api's NMS, as [k, 5] rows of
// (score, x, y, width, height) in pixels of the input.
'use strict';

module.exports = {
  weights: 'tiny_face_detector_model',
  create: (faceapi) => new faceapi.TinyFaceDetector(),
  run: async (faceapi, net, image) => {
    const [, height, width] = image.shape;
    if (height !== width || height % 32 !== 0) throw new Error(`input must be square, a multiple of 32: ${image.shape}`);
    const inputSize = height;
    const grid = net.forwardInput(await faceapi.toNetInput(image), inputSize);
    const faces = await net.locateFaces(image, new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: 0.5 }));
    const rows = faces.map((f) => [f.score, f.box.x, f.box.y, f.box.width, f.box.height]);
    const detections = faceapi.tf.tensor2d(rows.flat(), [rows.length, 5], 'float32');
    return { grid, detections };
  },
};
