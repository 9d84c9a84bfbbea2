#!/usr/bin/env bash
# Build the WebAssembly module and its JS glue into www/pkg/:
#   cargo (wasm32) -> wasm-bindgen (--target web) -> wasm-opt -Oz (npm binaryen) -> load check.
. "$(dirname "$0")/lib.sh"

ensure_wasm_target
ensure_wasm_bindgen
ensure_node_modules

OUT=www/pkg
RAW=target/wasm32-unknown-unknown/wasm/gouji.wasm

log "cargo build --profile wasm --lib --target wasm32-unknown-unknown"
cargo build --profile wasm --lib --target wasm32-unknown-unknown

log "wasm-bindgen $("$WASM_BINDGEN" --version | awk '{print $2}') -> $OUT"
rm -rf "$OUT"
"$WASM_BINDGEN" --target web --out-dir "$OUT" --no-typescript "$RAW"

# Features the Rust wasm32 target enables by default; wasm-opt must accept them to validate.
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
log "before wasm-opt: $(wc -c < "$OUT/gouji_bg.wasm") bytes"
log "wasm-opt -Oz (binaryen $(npx --no-install wasm-opt --version | awk '{print $3}'))"
npx --no-install wasm-opt -Oz "${FEATURES[@]}" --strip-debug --strip-producers \
  "$OUT/gouji_bg.wasm" -o "$OUT/gouji_bg.wasm.opt"
mv "$OUT/gouji_bg.wasm.opt" "$OUT/gouji_bg.wasm"

# The optimized module must still instantiate and answer through the glue.
node scripts/check-wasm.mjs "$OUT"
