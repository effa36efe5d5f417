#!/usr/bin/env bash
# Builds fully static function executables: a minimal static libcurl (HTTP/HTTPS only,
# OpenSSL, c-ares for name resolution without glibc's NSS) from Debian's curl source, then
# `swift build -c release -Xswiftc -static-executable` against it.
# Usage: scripts/build-static.sh [PRODUCT ...]   (default: FixtureFunction)
# Output: build/static/bin/<PRODUCT>, stripped.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/build/static"
mkdir -p "$root"

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# 1. Build tools and static libraries from Debian.
need=(dpkg-dev build-essential libc-ares-dev libssl-dev zlib1g-dev libdeflate-dev pkg-config)
missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! grep -rqs "^Types: deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
  echo "==> enabling Debian source packages (deb-src) for curl's source"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/radstream-deb-src.sources >/dev/null
  "${sudo_cmd[@]}" apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. A minimal static libcurl.
#    Debian's own patches are applied (its security fixes: CVE-*.patch, …) except the two at the
#    end of its series that only rename the library for the GnuTLS and NSS flavours.
prefix="$root/curl"
if [ ! -f "$prefix/lib/libcurl.a" ] || [ ! -f "$prefix/.debian-patches-applied" ]; then
  src="$root/src"
  rm -rf "$prefix" "$src"/curl-*/
  mkdir -p "$src"
  echo "==> fetching Debian's curl source"
  (cd "$src" && rm -f curl_* && apt-get source -qq --download-only curl >/dev/null && dpkg-source -x --skip-patches ./curl_*.dsc >/dev/null)
  dir=$(ls -d "$src"/curl-*/ | head -n 1)
  patches=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/debian/patches/series" | grep -v -x -e '90_gnutls.patch' -e '99_nss.patch')
  echo "==> applying Debian's $(echo "$patches" | wc -l) curl patches (security fixes included; not the GnuTLS/NSS flavour renames)"
  for patch in $patches; do
    (cd "$dir" && patch -s -p1 < "debian/patches/$patch")
  done
  echo "==> building minimal static libcurl from $dir"
  (cd "$dir" && ./configure -q --prefix="$prefix" --disable-shared --enable-static --with-pic \
      --with-openssl --enable-ares --enable-http --disable-ftp --disable-file --disable-ldap --disable-ldaps \
      --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3 --disable-imap --disable-smb \
      --disable-smtp --disable-gopher --disable-mqtt --disable-manual --disable-docs --disable-ntlm --disable-kerberos-auth \
      --disable-negotiate-auth --disable-alt-svc --disable-hsts --disable-cookies --disable-netrc --disable-doh \
      --disable-proxy --disable-unix-sockets --disable-websockets \
      --without-libpsl --without-brotli --without-zstd --without-nghttp2 --without-libidn2 --without-librtmp \
      --without-libssh2 --without-gssapi --without-libgsasl \
      && make -s -j"$(nproc)" -C lib >/dev/null && make -s -C lib install >/dev/null && make -s -C include install >/dev/null)
  echo "$patches" > "$prefix/.debian-patches-applied"
fi

# 3. pkg-config files of our own, so SwiftPM links the static libraries.
mkdir -p "$root/pkgconfig"
cat > "$root/pkgconfig/libcurl.pc" <<PC
prefix=$prefix
Name: libcurl
Description: minimal static libcurl (HTTP/HTTPS, OpenSSL, c-ares)
Version: static
Cflags: -I\${prefix}/include -DCURL_STATICLIB
Libs: -L\${prefix}/lib -lcurl -lcares -lssl -lcrypto -lz -lpthread
PC
# Debian's static libraries for the rest; each .pc lists what its library needs after it
# (`-lz -lm` must follow libpng, `-ldl -lpthread` libcrypto), because -static links in order.
write_pc() { # name, description, libs[, cflags]
  printf 'Name: %s\nDescription: %s (static)\nVersion: static\nCflags: %s\nLibs: %s\n' "$1" "$2" "${4:-}" "$3" \
    > "$root/pkgconfig/$1.pc"
}
write_pc libjpeg "libjpeg-turbo" "-ljpeg"
write_pc libpng "libpng" "-lpng16 -lz -lm"
# libdeflate (the PNG fast path's inflate and CRC-32): Debian's libdeflate.a, no dependencies.
write_pc libdeflate "libdeflate" "-ldeflate"
write_pc libcrypto "OpenSSL libcrypto" "-lcrypto -ldl -lpthread"
# zlib (CZlib: DICOM's deflate, the telemetry report's gunzip) without Debian's .pc, whose
# -L/usr/lib/x86_64-linux-gnu would make the linker find Debian's full libcurl.a before ours.
write_pc zlib "zlib" "-lz"
# OpenJPEG's headers live in include/openjpeg-2.5; its threads need libpthread.
write_pc libopenjp2 "OpenJPEG" "-lopenjp2 -lm -lpthread" "$(pkg-config --cflags libopenjp2)"

# 4. The static executables, from a clean build: an incremental release build here once linked
#    stale objects after a stored property was added to a public struct in another module
#    (RetryPolicy), and the shipped RunInference and StartStudy crashed at run time (heap
#    corruption, SIGSEGV) while a clean build was fine. Shipping artifacts are always built
#    clean; RADSTREAM_STATIC_INCREMENTAL=1 skips that for quick local iterations.
if [ "${RADSTREAM_STATIC_INCREMENTAL:-0}" != "1" ]; then
  echo "==> clean release build (RADSTREAM_STATIC_INCREMENTAL=1 to skip)"
  swift package clean --scratch-path .build-static
fi
products=("$@")
[ ${#products[@]} -gt 0 ] || products=(FixtureFunction)
mkdir -p "$root/bin"
for product in "${products[@]}"; do
  echo "==> swift build -c release --product $product (static)"
  log="$root/build-$product.log"
  if ! PKG_CONFIG_PATH="$root/pkgconfig" swift build -c release --scratch-path .build-static \
    --product "$product" -Xswiftc -static-executable -Xlinker -s >"$log" 2>&1; then
    cat "$log"
    exit 1
  fi
  # glibc's linker notes about getaddrinfo/dlopen/getpwuid_r in a static binary concern code
  # paths the functions never take (curl resolves through c-ares; PackagedFunctionTests runs
  # every bootstrap in an empty root to prove it); count them instead of printing each one.
  notes=$(grep -c "in statically linked applications requires at runtime" "$log" || true)
  grep -v "in statically linked applications requires at runtime\|the use of \`mktemp' is dangerous" "$log" | tail -n 3
  echo "    ($notes glibc static-link notes, see docs/packaging.md)"
  cp ".build-static/release/$product" "$root/bin/$product"
  echo "    $(du -h "$root/bin/$product" | cut -f1)  $root/bin/$product"
done
