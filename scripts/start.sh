#!/usr/bin/env bash
# npm start: install what is missing, build the wasm and the page (dist/www/: www/ with its scripts
# minified), serve it on 127.0.0.1 ($PORT or 8080).
. "$(dirname "$0")/lib.sh"

bash scripts/build-wasm.sh
exec node scripts/serve.mjs dist/www
