#!/usr/bin/env bash
# npm run build:single: the page as ONE self-contained HTML file, dist/gouji.html, that works when
# opened from disk (file://) with no network: CSS, app, worker, wasm (base64) and samples inlined.
# Reuses the optimized www/pkg/gouji_bg.wasm and gouji_xlsx_bg.wasm (built first if missing); only
# the JS glue is generated again, as wasm-bindgen's classic-script (--target no-modules) flavour for
# a Blob worker (the xlsx module's under the global gouji_xlsx).
. "$(dirname "$0")/lib.sh"

ensure_wasm_bindgen
ensure_node_modules

RAW=target/wasm-raw
GLUE=target/single-glue
if [ ! -f www/pkg/gouji_bg.wasm ] || [ ! -f www/pkg/gouji_xlsx_bg.wasm ] \
   || [ ! -f "$RAW/gouji.wasm" ] || [ ! -f "$RAW/gouji_xlsx.wasm" ]; then bash scripts/build-wasm.sh; fi

log "wasm-bindgen --target no-modules -> $GLUE"
rm -rf "$GLUE"
"$WASM_BINDGEN" --target no-modules --out-dir "$GLUE" --no-typescript "$RAW/gouji.wasm"
"$WASM_BINDGEN" --target no-modules --no-modules-global gouji_xlsx --out-dir "$GLUE" --no-typescript "$RAW/gouji_xlsx.wasm"

node scripts/build-single.mjs "$GLUE/gouji.js" "${1:-dist/gouji.html}" "$GLUE/gouji_xlsx.js"
