// FaceLandmark68Net on face crops that are not square: points in the crop's pixels.
'use strict';

module.exports = {
  weights: 'face_landmark_68_model',
  create: (faceapi) => new faceapi.FaceLandmark68Net(),
  run: async (faceapi, net, image) => {
    const landmarks = await net.detectLandmarks(image);
    const points = landmarks.positions.map((p) => [p.x, p.y]);
    return { points: faceapi.tf.tensor2d(points, [points.length, 2]) };
  },
};
