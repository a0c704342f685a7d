#!/usr/bin/env bash
# Remakes server/src/test/resources/align/dlib-chips.txt: dlib's own face chips for
# DlibChipGoldenTest's cases.
#
#   server/src/test/dlib/make-dlib-chips.sh
#
# Needs: apt-get (for `apt-get download libdlib-dev`), g++, and the models built
# (./facesearch build). dlib's chip code is header-only templates: we compile it from the
# package's headers, with BLAS and LAPACK switched off in its config.h so that nothing needs
# linking (dlib then uses its own SVD in find_similarity_transform).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && apt-get download libdlib-dev >/dev/null && dpkg -x libdlib-dev_*.deb pkg)
sed -i -e 's|^#define DLIB_USE_BLAS|// BLAS off|' -e 's|^#define DLIB_USE_LAPACK|// LAPACK off|' \
  -e 's|^#define DLIB_CHECK_FOR_VERSION_MISMATCH.*|// no library to check|' \
  -e 's|^#define DLIB_JPEG_SUPPORT||' -e 's|^#define DLIB_PNG_SUPPORT||' \
  "$WORK/pkg/usr/include/dlib/config.h"
g++ -O2 -std=c++14 -I"$WORK/pkg/usr/include" "$HERE/dlib_chip.cpp" -o "$WORK/dlib_chip"

cd "$ROOT"
mvn -B -q -pl proto,models,server test -Dfacesearch.models.skip=true \
  -Dtest=DlibChipGoldenTest#remakeFixture -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfacesearch.dlibChip="$WORK/dlib_chip"
