#!/usr/bin/env bash
# Builds the runtime tree of a Tessera release into OUT: what the container image runs
# (deploy/container/Dockerfile calls this script; so does .ci/run, and
# deploy/release-tree.test.ts starts what it produced, so the image's build cannot rot unseen).
#
#   scripts/build-release.sh [--skip-build] OUT
#
# 1. npm ci + npm run build (the server, the CLI and the web console), unless --skip-build says
#    the caller just did exactly that (CI, after its own npm ci and build).
# 2. npm pack of packages/tessera: the files a published package holds (no tests, no test support).
# 3. OUT gets the workspace manifests, the lockfile and that package, then
#    `npm ci --omit=dev --workspace packages/tessera`: the locked production dependencies only.
#
# Run it: node OUT/packages/tessera/dist/bin/tessera.js serve
# Nothing in OUT is written at run time: data goes to TESSERA_DATA_DIR (or PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

skip_build=0
if [ "${1:-}" = "--skip-build" ]; then
  skip_build=1
  shift
fi
OUT="${1:?usage: scripts/build-release.sh [--skip-build] OUT}"

if [ "$skip_build" = 0 ]; then
  npm ci --no-audit --no-fund
  npm run build
fi
if [ ! -f packages/tessera/dist/bin/tessera.js ] || [ ! -f packages/tessera/dist/web/index.html ]; then
  echo "build-release: packages/tessera/dist is incomplete (no bin/tessera.js or web/index.html): run npm run build" >&2
  exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/packages/tessera" "$OUT/packages/console" "$OUT/bench"
OUT="$(cd "$OUT" && pwd)"
pack_dir="$(mktemp -d)"
trap 'rm -rf "$pack_dir"' EXIT

# --ignore-scripts: the package's prepack would build again; step 1 did.
npm pack --ignore-scripts --silent --workspace packages/tessera --pack-destination "$pack_dir" >/dev/null
tar -xzf "$pack_dir"/tessera-*.tgz -C "$OUT/packages/tessera" --strip-components=1

# npm ci checks the lockfile against every workspace's manifest, so all of them come along
# (manifests only); --workspace installs the production dependencies of the server alone.
cp package.json package-lock.json "$OUT/"
cp packages/console/package.json "$OUT/packages/console/"
cp bench/package.json "$OUT/bench/"
(cd "$OUT" && npm ci --omit=dev --workspace packages/tessera --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error)

node "$OUT/packages/tessera/dist/bin/tessera.js" --version >/dev/null
echo "build-release: runtime tree in $OUT ($(du -sh "$OUT" | cut -f1)); run: node $OUT/packages/tessera/dist/bin/tessera.js serve"
