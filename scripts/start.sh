#!/usr/bin/env bash
# npm start: install what is missing, build the wasm and the page (dist/www/: www/ with its scripts
# minified), serve it on 127.0.0.1 ($PORT or 8080).
. "$(dirname "$0")/lib.sh"

# The wasm is rebuilt only when it has never been built whole here, or a file it is built from
# changed since: a build takes one to five minutes even when cargo has nothing to recompile (the
# modules are built with different flags, and wasm-opt runs each time). The page is always rebuilt
# (a second).
STAMP=target/wasm-built.stamp
if [ -f "$STAMP" ] && [ -f www/pkg/gouji_bg.wasm ] && [ -z "$(find src Cargo.toml Cargo.lock \
    scripts/build-wasm.sh scripts/check-wasm.mjs wasm-budget.json -newer "$STAMP" -print -quit)" ]; then
  log "www/pkg is as built from the current sources: no wasm build (delete $STAMP to force one)"
  ensure_node_modules
  node scripts/build-page.mjs dist/www
else
  bash scripts/build-wasm.sh
fi
exec node scripts/serve.mjs dist/www
