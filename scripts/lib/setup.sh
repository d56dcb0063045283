# Installs what the RUN, TEST and BENCH commands need, skipping what is already there.
# Sourced by scripts/run, scripts/test and scripts/bench. Versions are pinned because
# newer ones need a newer rustc than this machine's, or download binaries at build time
# (see README "Why these versions").
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.117   # must equal the wasm-bindgen pin in Cargo.toml
SQLX_CLI_VERSION=0.8.6
PG_BIN=/usr/lib/postgresql/15/bin

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

# Each step with the time it started, so a slow first run shows where its minutes went.
say() { printf '\033[1;34m==>\033[0m [%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

setup_postgres() {
  if [ ! -x "$PG_BIN/postgres" ]; then
    apt_install postgresql-15 postgresql-client-15
  fi
}

setup_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-dejavu-core
  fi
}

# What the Rust tools' compilation needs from Debian (before anything runs beside it:
# apt allows one install at a time).
setup_rust_prereqs() {
  if ! command -v pkg-config >/dev/null 2>&1; then
    apt_install pkg-config
  fi
}

setup_rust() {
  if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  setup_rust_prereqs
  if [ "$(cargo-leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes, once)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
  fi
}

setup_node() {
  # Playwright (driving Debian's Chromium, never a downloaded browser) and binaryen's
  # wasm-opt (Debian's binaryen 108 breaks hydration silently) come from npm.
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "npm ci in end2end/"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The independent readers the tests open the app's files with, from PyPI, in the project's
# own folder: Python's icalendar (the calendar feeds), python-docx (the party documents),
# openpyxl (the spreadsheets).
ICALENDAR_VERSION=7.3.2
PYTHON_DOCX_VERSION=1.2.0
OPENPYXL_VERSION=3.1.5
export ICS_PYTHONPATH="$ROOT/.tools/python"
setup_python_tools() {
  if ! PYTHONPATH="$ICS_PYTHONPATH" python3 -c "import icalendar, docx, openpyxl" 2>/dev/null; then
    say "pip install icalendar $ICALENDAR_VERSION, python-docx $PYTHON_DOCX_VERSION, openpyxl $OPENPYXL_VERSION (for the file tests)"
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --root-user-action=ignore --upgrade --target "$ICS_PYTHONPATH" \
      "icalendar==$ICALENDAR_VERSION" "python-docx==$PYTHON_DOCX_VERSION" "openpyxl==$OPENPYXL_VERSION"
  fi
}

# LibreOffice's Writer (no GUI) and poppler's tools, from Debian: the tests render the DOCX
# they make to PDF and PNG pages, as a person would print them (Liberation fonts stand in
# for Times New Roman with the same metrics).
setup_docx_render() {
  if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    apt_install libreoffice-writer-nogui poppler-utils fonts-liberation
  fi
}

setup_all() {
  setup_postgres
  setup_rust
  setup_node
}

# setup_all, with the given setup functions (apt and pip installs) run beside the Rust
# tools' compilation, which takes most of a first run; fails when any of them fails.
setup_all_with() {
  setup_postgres
  setup_rust_prereqs
  ( for f in "$@"; do "$f"; done ) &
  local side=$!
  setup_rust
  setup_node
  wait "$side"
}
