// FaceLandmark68Net: the raw output of the fully connected layer for a 112x112 face crop,
// (x0, y0, x1, y1, ...) relative to the input. The input is already 112x112, so NetInput's
// pad-to-square and resize do nothing, and runNet skips the post-processing that maps points
// back to the original crop.
'use strict';

module.exports = {
  weights: 'face_landmark_68_model',
  create: (faceapi) => new faceapi.FaceLandmark68Net(),
  run: async (faceapi, net, image) => ({ landmarks: net.runNet(await faceapi.toNetInput(image)) }),
};
