#!/usr/bin/env bash
# Consumer test: packs cachewright as it would be published, installs the tarball into a fresh
# temporary project (its own package.json and tsconfig.json: experimentalDecorators,
# moduleResolution bundler, skipLibCheck false), compiles scripts/consumer/app.ts with tsc, runs it
# with plain `node` and compares its output with scripts/consumer/expected-output.txt.
# Catches missing files, a wrong exports map, broken .d.ts and undeclared type dependencies.
#
#   scripts/consumer-test.sh            (npm run test:consumer)
#   KEEP_CONSUMER_DIR=1 scripts/consumer-test.sh   keep the temporary project for inspection
#
# Needs network access to the npm registry on a machine with a cold npm cache; with a warm cache
# `--prefer-offline` avoids most requests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT=$PWD
readonly HERE="$ROOT/scripts/consumer"
readonly START=$SECONDS

log() { printf '[consumer] %s\n' "$*"; }
fail() {
  printf '[consumer] FAIL: %s\n' "$*" >&2
  exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cachewright-consumer.XXXXXX")
readonly WORK
cleanup() {
  if [[ -n "${KEEP_CONSUMER_DIR:-}" ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# 1. Pack. `prepack` cleans dist/ and rebuilds it, so the tarball holds exactly what src/ compiles to.
log 'packing (prepack: clean + build)'
npm pack --pack-destination "$WORK" --silent >/dev/null
shopt -s nullglob
tarballs=("$WORK"/cachewright-*.tgz)
shopt -u nullglob
[[ ${#tarballs[@]} -eq 1 ]] || fail "expected one tarball in $WORK, found ${#tarballs[@]}"
readonly TARBALL=${tarballs[0]}

# 2. The tarball holds what a user needs and nothing else.
listing=$(tar -tzf "$TARBALL" | sed 's#^package/##' | sort)
for required in package.json README.md CHANGELOG.md LICENSE dist/index.js dist/index.d.ts dist/index.js.map \
  dist/index.d.ts.map src/index.ts dist/otel/index.js dist/otel/index.d.ts src/otel/index.ts; do
  grep -qxF "$required" <<<"$listing" || fail "the tarball lacks $required"
done
if unexpected=$(grep -vE '^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist/.+\.(js|d\.ts|js\.map|d\.ts\.map)|src/.+\.ts|src/README\.md)$' <<<"$listing"); then
  fail "the tarball holds unexpected files:"$'\n'"$unexpected"
fi
if grep -qE '(^|/)(__tests__|bench|examples|coverage)/|\.test\.' <<<"$listing"; then
  fail 'the tarball holds tests, benchmarks or examples'
fi
log "tarball ok: $(wc -l <<<"$listing") files, $(du -k "$TARBALL" | cut -f1) kB"

# 3. A fresh project that installs the tarball the way a user would.
mkdir -p "$WORK/app/src"
cat >"$WORK/app/package.json" <<'JSON'
{
  "name": "cachewright-consumer",
  "version": "1.0.0",
  "private": true,
  "type": "commonjs"
}
JSON
cp "$HERE/tsconfig.json" "$WORK/app/tsconfig.json"
cp "$HERE/app.ts" "$WORK/app/src/app.ts"
cd "$WORK/app"
log 'installing the tarball, inversify, reflect-metadata, typescript, @types/node, OpenTelemetry (api, sdk-metrics)'
npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$TARBALL" inversify@8.2.3 reflect-metadata@0.2.2 typescript@6.0.3 @types/node@20 \
  @opentelemetry/api@~1.9.1 @opentelemetry/sdk-metrics@^2.12.1

# luxon and @types/luxon must arrive as dependencies of cachewright, not be installed by the user.
for dependency in luxon @types/luxon; do
  [[ -f "node_modules/$dependency/package.json" ]] || fail "$dependency was not installed with cachewright"
done

# 4. Module resolution through the exports map, from plain node.
node -e '
  const assert = require("node:assert");
  const path = require("node:path");
  const main = require.resolve("cachewright");
  assert.strictEqual(path.relative(path.resolve("node_modules/cachewright"), main), path.join("dist", "index.js"));
  assert.strictEqual(require("cachewright/package.json").name, "cachewright");
  assert.throws(() => require.resolve("cachewright/dist/api/CacheManager"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
  assert.strictEqual(typeof require("cachewright").CacheManager, "function");
  // cachewright/redis: ioredis is not installed here, and the subpath loads without it (the user
  // passes the client); its tier extends the very SharedTier token of the main entry point.
  const redis = require.resolve("cachewright/redis");
  assert.strictEqual(path.relative(path.resolve("node_modules/cachewright"), redis), path.join("dist", "redis", "index.js"));
  assert.throws(() => require.resolve("ioredis"), { code: "MODULE_NOT_FOUND" });
  assert.strictEqual(typeof require("cachewright/redis").redisTierModule, "function");
  assert.ok(require("cachewright/redis").RedisSharedTier.prototype instanceof require("cachewright").SharedTier);
  const otel = require.resolve("cachewright/otel");
  assert.strictEqual(path.relative(path.resolve("node_modules/cachewright"), otel), path.join("dist", "otel", "index.js"));
  assert.strictEqual(typeof require("cachewright/otel").instrumentCacheMetrics, "function");
' || fail 'module resolution through the exports map'

# 5. Compile (skipLibCheck false: every .d.ts cachewright ships, and its dependencies, type-check).
log 'compiling with tsc'
npx --no-install tsc -p tsconfig.json || fail 'the consumer app does not compile'

# 6. Run with plain node and compare the output line by line.
log 'running with node'
actual=$(node out/app.js) || fail "the consumer app exited with an error; output so far:"$'\n'"$actual"
expected=$(cat "$HERE/expected-output.txt")
if [[ "$actual" != "$expected" ]]; then
  diff -u --label expected --label actual <(printf "%s\n" "$expected") <(printf "%s\n" "$actual") >&2 || true
  fail 'the consumer app printed something else (- expected, + actual)'
fi
log "passed in $((SECONDS - START)) s"
