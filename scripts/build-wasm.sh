#!/usr/bin/env bash
# Build the page's three WebAssembly modules and their JS glue into www/pkg/:
#   gouji       the checker (feature wasm-check; no GBK tables, no workbook reader, no rule docs),
#               loaded first;
#   gouji_fast  the same checker optimized for speed (profile wasm-fast, wasm-opt -O3, wasm SIMD;
#               the heap grown in one step, heap-reserve), loaded only for a large drop where the
#               engine has SIMD;
#   gouji_xlsx  the workbook reader (feature wasm-xlsx), loaded only when a workbook is dropped;
#   rules.json  the rule docs, from the rules' code (`gouji rules --json`), fetched by the page
#               when a rule's docs are opened.
# Each: cargo (wasm32) -> wasm-bindgen (--target web) -> wasm-opt (npm binaryen). Then the page as
# served, dist/www/ (scripts/build-page.mjs: www/ with its scripts minified), and a load check and
# the size budget (wasm-budget.json) on it.
. "$(dirname "$0")/lib.sh"

ensure_wasm_target
ensure_wasm_bindgen
ensure_node_modules

OUT=www/pkg
# The `wasm` profile: release at opt-level "z" (the native release is opt-level 3, for speed);
# `wasm-fast`: release at opt-level 3.
# Features the Rust wasm32 target enables by default; wasm-opt must accept them to validate.
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)

rm -rf "$OUT"

# build_module <out-name> <cargo feature> [cargo profile] [wasm-opt level] [rustc target feature
#              and the wasm-opt flag that accepts it]
# INLINE (profile wasm only): LLVM's inline threshold for the module, 15 unless set.
build_module() {
  local name="$1" feature="$2" profile="${3:-wasm}" level="${4:--Oz --converge}" target_feature="${5:-}"
  local RAW="target/wasm32-unknown-unknown/$profile/gouji.wasm"
  local rustflags="${RUSTFLAGS:-}" features=("${FEATURES[@]}")
  # Panic locations name their source files: crates' by their path in the cargo registry
  # (~70 bytes each), shortened here to "crates/<crate>/…" (-77 B gzipped on the core).
  local registry
  for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    rustflags="$rustflags --remap-path-prefix=${registry%/}=crates"
  done
  # At opt-level "z" LLVM inlines next to nothing (a threshold of 5): the small functions every
  # loop calls (Chars::next, slice and cell accessors) stay calls. An explicit threshold of 15
  # inlines those: the sample's check ~7% faster for +0.8 KB gzipped (25: ~11% for +2.7 KB,
  # 50: ~20% for +7.4 KB; opt-level "s": ~30% for +30 KB). The core is built with 30 (INLINE),
  # paid for by its report crossing (src/report_flat.rs, -3.3 KB): the sample's check ~9% faster
  # than at 15 for +4.2 KB (the threshold acts in steps of 5: 26-30 build the same module, 21-25
  # one 2.1 KB smaller and ~5% slower); 31-35 inline more of the same (+0.2 KB, no faster within
  # the noise), 45 +2.8 KB more for ~3%. The xlsx module stays at 15 (its speed is not what a
  # drop waits for).
  if [ "$profile" = wasm ]; then
    rustflags="$rustflags -C llvm-args=-inline-threshold=${INLINE:-15}"
  fi
  if [ -n "$target_feature" ]; then
    rustflags="$rustflags -C target-feature=+$target_feature"
    features+=("$6")
  fi
  log "cargo build --profile $profile --lib --target wasm32-unknown-unknown --no-default-features --features $feature${target_feature:+ (+$target_feature)}"
  RUSTFLAGS="$rustflags" cargo build --profile "$profile" --lib --target wasm32-unknown-unknown --no-default-features --features "$feature"
  log "wasm-bindgen $("$WASM_BINDGEN" --version | awk '{print $2}') -> $OUT/$name.js"
  "$WASM_BINDGEN" --target web --out-dir "$OUT" --out-name "$name" --no-typescript "$RAW"
  # build:single makes its own glue from these (the two builds share one cargo output path).
  mkdir -p target/wasm-raw && cp "$RAW" "target/wasm-raw/$name.wasm"
  log "before wasm-opt: $(wc -c < "$OUT/${name}_bg.wasm") bytes"
  # --low-memory-unused lets wasm-opt fold `p + C` (C < 1024) into a load's offset: the two differ
  # only when p + C wraps past 4 GiB, which Rust's pointers never do (-1.7 KB gzip on the core).
  # --strip-target-features: the section that lists the features the module was built with is
  # for tools; engines ignore it (-121 B gzip on the core).
  # shellcheck disable=SC2086 # $level is two flags
  npx --no-install wasm-opt $level --low-memory-unused "${features[@]}" --strip-debug --strip-producers \
    --strip-target-features \
    "$OUT/${name}_bg.wasm" -o "$OUT/${name}_bg.wasm.opt"
  mv "$OUT/${name}_bg.wasm.opt" "$OUT/${name}_bg.wasm"
}

INLINE=30 build_module gouji wasm-check,talc
build_module gouji_xlsx wasm-xlsx,talc
# The speed build uses wasm SIMD (simd128: UTF-8 validation, memchr); the worker fetches it only
# where the engine validates a SIMD module.
build_module gouji_fast wasm-check,heap-reserve wasm-fast -O3 simd128 --enable-simd

log "gouji rules --json -> $OUT/rules.json"
cargo run -q --bin gouji -- rules --json > "$OUT/rules.json"

node scripts/build-page.mjs dist/www

# The optimized modules must still instantiate and answer through the (minified) glue, within budget.
node scripts/check-wasm.mjs dist/www/pkg

# npm start skips the next build while no source is newer than this (scripts/start.sh).
touch target/wasm-built.stamp
