#!/usr/bin/env bash
# Build a private copy of the CLI: `scripts/build-to.sh NAME` → .build/NAME/{dist,bin}: tsc's modules, the bundle
# dist/sts.cjs and its code cache (scripts/bundle.mjs), and the executable that loads them. Tests run against it with
# STS_BIN=.build/NAME/bin/sts.js, so several people (or helpers) can build and test at once without rewriting the
# shared dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/build-to.sh NAME}
out=.build/$name
npx tsc -p tsconfig.json --outDir "$out/dist"
node scripts/bundle.mjs "$out/dist"
mkdir -p "$out/bin"
# bin/ finds the build as ../dist, so a copy of it runs the private one
cp bin/sts.js bin/package.json "$out/bin/"
echo "STS_BIN=$out/bin/sts.js"
