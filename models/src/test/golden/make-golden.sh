#!/usr/bin/env bash
# Remakes the golden fixture of one net: src/test/resources/golden/<net>.json.
#
#   models/src/test/golden/make-golden.sh NET TEST_CLASS
#   e.g. make-golden.sh face_recognition dev.facesearch.models.golden.FaceRecognitionNetGoldenTest
#
# Needs: the face-api tarball in the cache (./facesearch models fetches it), Node 20 and npm,
# and a built models module (./facesearch build). The Java test class writes the inputs; face-api
# 1.7.15 on TF.js 4.22.0 (CPU backend) computes the outputs.
set -euo pipefail
NET="$1"
TEST_CLASS="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODELS="$(cd "$HERE/../../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/facesearch"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

tar xzf "$CACHE/vladmandic-face-api-1.7.15.tgz" -C "$WORK"
(cd "$HERE" && npm install --no-audit --no-fund --silent)

(cd "$MODELS" && mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test)
"${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java" -cp "$MODELS/target/test-classes:$MODELS/target/classes:$(cat "$WORK/cp.txt")" \
  -Dfacesearch.shared="$MODELS/../../shared" \
  dev.facesearch.models.golden.WriteGoldenInputs "$TEST_CLASS" "$WORK/inputs"

NODE_PATH="$HERE/node_modules" node "$HERE/golden.js" "$NET" "$WORK/package" "$WORK/inputs" "$MODELS/src/test/resources/golden/$NET.json"
echo "wrote $MODELS/src/test/resources/golden/$NET.json"
