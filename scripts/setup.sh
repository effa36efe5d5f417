#!/usr/bin/env bash
# Installs everything the build, tests and benchmarks need on a fresh Debian machine:
# the -dev packages of the C libraries (apt) and three Python venvs made with Debian's
# /usr/bin/python3: .venv (test tools), .venv-triton (nvidia-pytriton, whose numpy<2
# requirement conflicts with .venv's numpy 2) and .venv-checkov (checkov, whose pins conflict
# with moto's); chromium renders radstream report's page in the report tests (headless).
# Idempotent: a second run only checks.
#
#   scripts/setup.sh            everything (what a newcomer runs)
#   scripts/setup.sh --system   only the apt packages (what the build needs)
#   scripts/setup.sh --python   only the venvs, made side by side (scripts/test.sh runs this part
#                               in the background while Swift compiles: it waits on the network)
set -euo pipefail
cd "$(dirname "$0")/.."

part=${1:-all}
case "$part" in
  all | --system | --python) ;;
  *) echo "usage: scripts/setup.sh [--system | --python]" >&2; exit 2 ;;
esac

# install_system_packages: the apt packages, installed only when one is missing.
install_system_packages() {
  apt_packages=(pkg-config libcurl4-openssl-dev libssl-dev libjpeg62-turbo-dev libpng-dev libdeflate-dev zlib1g-dev libopenjp2-7-dev libopenjp2-tools python3-venv libjpeg-turbo-progs time chromium)
  missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing apt packages: ${missing[*]}"
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null || { echo "error: run as root or install sudo to get: ${missing[*]}" >&2; exit 1; }
      sudo_cmd=(sudo)
    fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "==> apt packages present"
  fi
}

# make_venvs: the three venvs.
make_venvs() {
  # nvidia-pytriton's Python backend needs Debian's interpreter, not pyenv's: use it for the whole venv.
  python=/usr/bin/python3
  [ -x "$python" ] || { echo "error: $python not found (apt-get install python3)" >&2; exit 1; }
  # make_venv FOLDER REQUIREMENTS: creates FOLDER with $python and installs REQUIREMENTS into it
  # unless the same file was installed last time.
  make_venv() {
    local folder=$1 requirements=$2
    if [ ! -x "$folder/bin/python" ]; then
      echo "==> creating $folder with $python"
      "$python" -m venv "$folder"
    fi
    local stamp="$folder/.requirements-installed"
    if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
      echo "==> installing $requirements into $folder"
      # --no-compile: byte-compiling every installed module took ~40 CPU-seconds across the three
      # venvs; Python compiles the few modules the tests import on first use instead.
      "$folder/bin/pip" install -q --disable-pip-version-check --no-compile -r "$requirements"
      cp "$requirements" "$stamp"
    else
      echo "==> $folder up to date"
    fi
  }
  # The three venvs are independent and mostly wait on PyPI: make them side by side, each with its
  # own log, and report every failure (with its log) rather than the first.
  venvs=(".venv:scripts/requirements-test.txt" ".venv-triton:scripts/requirements-triton.txt"
    ".venv-checkov:scripts/requirements-checkov.txt")
  logs=$(mktemp -d)
  trap 'rm -rf "$logs"' EXIT
  pids=()
  for entry in "${venvs[@]}"; do
    IFS=: read -r folder requirements <<<"$entry"
    make_venv "$folder" "$requirements" >"$logs/${folder#.}.log" 2>&1 &
    pids+=($!)
  done
  failed=0
  for index in "${!venvs[@]}"; do
    IFS=: read -r folder requirements <<<"${venvs[$index]}"
    if wait "${pids[$index]}"; then
      cat "$logs/${folder#.}.log"
    else
      cat "$logs/${folder#.}.log" >&2
      echo "error: making $folder from $requirements failed (above)" >&2
      failed=1
    fi
  done
  return "$failed"
}

case "$part" in
  --system) install_system_packages ;;
  --python) make_venvs ;;
  all) install_system_packages && make_venvs ;;
esac
