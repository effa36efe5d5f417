#!/usr/bin/env bash
# Packages every function for AWS Lambda's `provided.al2023` / `provided.al2` runtimes:
# build/lambda/<Function>.zip holding one fully static executable named `bootstrap`.
# Usage: scripts/package.sh [FUNCTION ...]   (default: all five)
# Builds with scripts/build-static.sh (static libcurl from Debian's source, static libjpeg,
# libpng, zlib, OpenSSL), checks that each executable is static, and zips it reproducibly
# (fixed timestamps, no extra attributes) so an unchanged build gives a byte-identical zip.
set -euo pipefail
cd "$(dirname "$0")/.."

functions=("$@")
[ ${#functions[@]} -gt 0 ] || functions=(StartStudy ValidateMetadata PrepareTensors RunInference StoreResults SendTelemetry)
for function in "${functions[@]}"; do
  [ -d "Functions/$function" ] || { echo "error: no function named $function under Functions/" >&2; exit 2; }
done

command -v zip >/dev/null || {
  echo "==> installing zip"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq zip file >/dev/null
}

scripts/build-static.sh "${functions[@]}"

out="$PWD/build/lambda"
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
arch=$(uname -m)
printf '%-18s %-8s %12s %12s\n' function arch bootstrap zip
for function in "${functions[@]}"; do
  binary="build/static/bin/$function"
  # A dynamic executable would start here but not on Amazon Linux 2 (glibc 2.26): refuse it.
  if ! file "$binary" | grep -q "statically linked"; then
    echo "error: $binary is not statically linked: $(file -b "$binary")" >&2
    exit 1
  fi
  rm -rf "${stage:?}"/*
  install -m 0755 "$binary" "$stage/bootstrap"
  touch -d "2000-01-01T00:00:00Z" "$stage/bootstrap"
  rm -f "$out/$function.zip"
  (cd "$stage" && zip -q -X -9 "$out/$function.zip" bootstrap)
  printf '%-18s %-8s %12s %12s\n' "$function" "$arch" "$(stat -c %s "$binary")" "$(stat -c %s "$out/$function.zip")"
done
echo "zips in $out"
