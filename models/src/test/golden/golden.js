// Computes reference outputs of one face-api net with face-api itself, for the golden tests.
//
//   node golden.js NET FACE_API_PACKAGE_DIR INPUT_DIR OUT_JSON
//
// NET is a file in nets/ (e.g. face_recognition). INPUT_DIR holds inputs.txt ("name height
// width" per line) and <name>.rgb files (HWC uint8), written by the Java test class of the net.
// The fixture records each input's SHA-256 and each output as float32 little-endian, base64.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

async function main() {
  const [netName, packageDir, inputDir, outFile] = process.argv.slice(2);
  if (!outFile) throw new Error('usage: node golden.js NET FACE_API_PACKAGE_DIR INPUT_DIR OUT_JSON');
  const tf = require('@tensorflow/tfjs');
  const faceapi = require(path.join(packageDir, 'dist', 'face-api.node-wasm.js'));
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  const net = require(`./nets/${netName}.js`);

  const modelDir = path.join(packageDir, 'model');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${net.weights}-weights_manifest.json`)));
  const buffers = manifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))));
  const joined = Buffer.concat(buffers);
  const weightMap = faceapi.tf.io.decodeWeights(
    joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.length),
    manifest.flatMap((group) => group.weights),
  );
  const model = net.create(faceapi);
  model.loadFromWeightMap(weightMap);

  const cases = [];
  for (const line of fs.readFileSync(path.join(inputDir, 'inputs.txt'), 'utf8').trim().split('\n')) {
    const [name, height, width] = line.trim().split(/\s+/);
    const rgb = fs.readFileSync(path.join(inputDir, `${name}.rgb`));
    const image = faceapi.tf.tensor4d(Float32Array.from(rgb), [1, Number(height), Number(width), 3], 'float32');
    const outputs = await net.run(faceapi, model, image);
    const encoded = {};
    for (const [key, tensor] of Object.entries(outputs)) {
      const values = Float32Array.from(await tensor.data());
      encoded[key] = {
        shape: tensor.shape,
        float32_le_base64: Buffer.from(values.buffer).toString('base64'),
      };
      tensor.dispose();
    }
    image.dispose();
    cases.push({ input: name, sha256: crypto.createHash('sha256').update(rgb).digest('hex'), outputs: encoded });
    console.log(`${netName}: ${name}`);
  }
  const fixture = {
    net: netName,
    made_by: 'models/src/test/golden/make-golden.sh',
    face_api: require(path.join(packageDir, 'package.json')).version,
    tfjs: tf.version.tfjs,
    backend: faceapi.tf.getBackend(),
    cases,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(fixture, null, 1)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
