#!/usr/bin/env bash
# npm test: Rust tests, the wasm build, then the browser end-to-end tests (headless Chromium).
. "$(dirname "$0")/lib.sh"

ensure_cargo
ensure_node_modules
ensure_chromium

log "cargo test --all-targets"
cargo test --all-targets

bash scripts/build-wasm.sh

log "node --test tests/e2e/"
node --test tests/e2e/
