// FaceRecognitionNet: the 128-D descriptor of a 150x150 face chip.
'use strict';

module.exports = {
  weights: 'face_recognition_model',
  create: (faceapi) => new faceapi.FaceRecognitionNet(),
  run: async (faceapi, net, image) => ({ descriptor: net.forwardInput(await faceapi.toNetInput(image)) }),
};
