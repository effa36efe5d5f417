#!/usr/bin/env bash
# Makes an empty root for one packaged function: its zip's `bootstrap`, /etc/hosts mapping
# localhost to 127.0.0.1 only, a CA bundle where Amazon Linux keeps it, and empty /proc and
# /tmp. Nothing else: no shell, no libraries, no nsswitch.conf, no resolv.conf.
# Usage: scripts/make-empty-root.sh ZIP ROOT
set -euo pipefail
zip=${1:?usage: make-empty-root.sh ZIP ROOT}
root=${2:?usage: make-empty-root.sh ZIP ROOT}
[ -f "$zip" ] || { echo "error: $zip not found (run scripts/package.sh)" >&2; exit 2; }

bundle=""
for candidate in "${SSL_CERT_FILE:-}" /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
  if [ -n "$candidate" ] && [ -f "$candidate" ]; then bundle=$candidate; break; fi
done
[ -n "$bundle" ] || { echo "error: no CA bundle on this machine (apt-get install ca-certificates)" >&2; exit 2; }

rm -rf "$root"
mkdir -p "$root/proc" "$root/tmp" "$root/etc/pki/tls/certs"
unzip -q "$zip" -d "$root"
[ "$(ls -A "$root" | sort | tr '\n' ' ')" = "bootstrap etc proc tmp " ] || {
  echo "error: $zip must hold exactly one file named bootstrap" >&2
  exit 1
}
chmod 1777 "$root/tmp"
printf '127.0.0.1 localhost\n' > "$root/etc/hosts"
cp "$bundle" "$root/etc/pki/tls/certs/ca-bundle.crt"
