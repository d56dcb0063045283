# The release build shared by RUN, TEST and BENCH. Sourced after setup.sh.
#
#   build_release
# builds the server and the split, hashed, precompressed browser bundle with cargo-leptos,
# unless nothing it is built from changed since the last build (then it says so and
# returns at once: a second start serves within seconds).

build_inputs_hash() {
  {
    cargo-leptos --version 2>/dev/null || true
    wasm-bindgen --version 2>/dev/null || true
    rustc --version
    find "$ROOT/src" "$ROOT/style" "$ROOT/public" "$ROOT/migrations" "$ROOT/.sqlx" "$ROOT/.cargo" \
         "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/build.rs" -type f -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

build_release() {
  local stamp="$ROOT/target/.release-build" want
  want=$(build_inputs_hash)
  if [ -x "$ROOT/target/release/to-cong-tac" ] && [ -f "$ROOT/target/release/hash.txt" ] \
     && [ -d "$ROOT/target/site/pkg" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    say "release build is up to date (nothing changed since the last build)"
    return 0
  fi
  say "building (release)"
  rm -f "$stamp"
  # Hashed names change with every build: start from an empty bundle folder, so files of
  # earlier builds are neither served nor counted by the benchmark.
  rm -rf "$ROOT/target/site/pkg"
  # --split: lazy routes in chunks of their own; -P: brotli and gzip files beside the
  # bundle, compressed once at the best level (the server sends them as they are).
  cargo leptos build --release --split --precompress
  echo "$want" > "$stamp"
}
