#!/usr/bin/env bash
# Runs ROOT/bootstrap with ROOT as its whole filesystem: the proof that a packaged function
# needs nothing from the host (no shared libraries, no NSS modules, no /usr), which is what
# Amazon Linux 2/2023 will give it.
# Usage: scripts/run-in-empty-root.sh ROOT [ARG ...]
#   ROOT holds only: bootstrap, etc/hosts, a CA bundle, empty proc/ and tmp/ (see
#   scripts/make-empty-root.sh). Needs root (chroot, mount namespaces).
# Loopback addresses in the environment (AWS_LAMBDA_RUNTIME_API, AWS_ENDPOINT_URL,
# RADSTREAM_INFERENCE_URL, …) are rewritten from 127.0.0.1 to `localhost`, so every connection
# also proves that names resolve inside the root (c-ares reading ROOT/etc/hosts, no glibc NSS).
# A private mount and PID namespace give it its own /proc; it dies with this script.
set -euo pipefail
root=${1:?usage: run-in-empty-root.sh ROOT [ARG ...]}
shift
[ -x "$root/bootstrap" ] || { echo "error: $root/bootstrap is missing or not executable" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "error: the empty-root check needs root (chroot and mount namespaces)" >&2; exit 2; }

while IFS='=' read -r name _; do
  value=${!name-}
  case "$value" in
    *127.0.0.1*) export "$name=${value//127.0.0.1/localhost}" ;;
  esac
done < <(env | grep -E '^[A-Za-z_][A-Za-z0-9_]*=' || true)

exec unshare --mount --pid --fork --kill-child --mount-proc="$root/proc" chroot "$root" /bootstrap "$@"
