# Shared helpers for the npm scripts. Source it from bash: `. "$(dirname "$0")/lib.sh"`.
# Every ensure_* function installs something only when it is missing, so the scripts
# are cheap to re-run on a machine that already has everything.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m[gouji]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[gouji] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root (CI), through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (install it yourself or run as root)"
  fi
}

ensure_cargo() {
  command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] \
    || die "cargo not found: install Rust from https://rustup.rs (or run .ci/run)"
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
}

ensure_wasm_target() {
  ensure_cargo
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

WASM_BINDGEN="$ROOT/.tools/bin/wasm-bindgen"

ensure_wasm_bindgen() {
  ensure_cargo
  local want have=""
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
  if [ -x "$WASM_BINDGEN" ]; then have="$("$WASM_BINDGEN" --version | awk '{print $2}')"; fi
  if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want into .tools/ (was: ${have:-none}); this takes a few minutes once"
    cargo install --root "$ROOT/.tools" wasm-bindgen-cli --version "$want" --no-default-features
  fi
}

ensure_node_modules() {
  command -v node >/dev/null 2>&1 || die "node not found: install Node.js >= 20"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js >= 20 required, found $(node --version)"
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/terser ]; then
    log "installing npm devDependencies"
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  fi
}

CHROMIUM=/usr/bin/chromium

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ]; then
    log "installing Debian chromium (for the browser tests)"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  fi
}
