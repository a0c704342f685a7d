#!/usr/bin/env bash
# Remakes server/src/test/resources/dlib/dlib-faces.txt.gz: dlib's own face detections and
# landmarks on the shared photos and their hard copies (DlibReference, HardCases).
#
#   server/src/test/dlib/make-dlib-faces.sh
#
# Needs: apt-get (for `apt-get download libdlib-dev libdlib-data`), g++, and the shared photos.
# dlib's detector and shape predictor are header templates, but the base64 and compression
# kernels that unpack the detector's model are in the package's static library, so we link it;
# BLAS and LAPACK are switched off in config.h, as nothing here needs them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && apt-get download libdlib-dev libdlib-data >/dev/null \
  && dpkg -x libdlib-dev_*.deb pkg && dpkg -x libdlib-data_*.deb pkg)
sed -i -e 's|^#define DLIB_USE_BLAS|// BLAS off|' -e 's|^#define DLIB_USE_LAPACK|// LAPACK off|' \
  -e 's|^#define DLIB_CHECK_FOR_VERSION_MISMATCH.*|// no library to check|' \
  -e 's|^#define DLIB_JPEG_SUPPORT||' -e 's|^#define DLIB_PNG_SUPPORT||' \
  "$WORK/pkg/usr/include/dlib/config.h"
g++ -O2 -std=c++14 -I"$WORK/pkg/usr/include" "$HERE/dlib_faces.cpp" \
  "$WORK/pkg/usr/lib/x86_64-linux-gnu/libdlib.a" -lpthread -o "$WORK/dlib_faces"

cd "$ROOT"
mvn -B -q -pl proto,models,server test -Dfacesearch.models.skip=true \
  -Dtest=DlibReferenceTest#remakeFixture -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfacesearch.fuzz.skip=true -Dfacesearch.dlibFaces="$WORK/dlib_faces" \
  -Dfacesearch.dlib.shapePredictorDat="$WORK/pkg/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
