#!/usr/bin/env bash
# Build a private copy of the CLI: `scripts/build-to.sh NAME` → .build/NAME/{dist,bin/sts.js}.
# Tests run against it with STS_BIN=.build/NAME/bin/sts.js, so several people (or helpers) can
# build and test at once without rewriting the shared dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/build-to.sh NAME}
out=.build/$name
npx tsc -p tsconfig.json --outDir "$out/dist"
mkdir -p "$out/bin"
sed "s#'\.\./dist/#'../dist/#" bin/sts.js > "$out/bin/sts.js"
echo "STS_BIN=$out/bin/sts.js"
