#!/usr/bin/env bash
# Installs the Debian packages Rassegna needs to build, test and run, skipping what is present.
# Usage: scripts/install-deps.sh [--test|--bench|--fuzz]   (--test adds what the browser and script
# tests need, --bench the benchmark tools, --fuzz clang and libFuzzer for make fuzz)
set -euo pipefail

packages=(g++ cmake make pkg-config libxapian-dev xapian-tools libicu-dev libcpp-httplib-dev
          nlohmann-json3-dev libgtest-dev libcld2-dev libcli11-dev zlib1g-dev libzstd-dev libjemalloc-dev libxml2-dev curl)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium nodejs npm python3 libxml2-utils poppler-utils)
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang-14 libclang-rt-14-dev python3)
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk hyperfine libbenchmark-dev time)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node and npm may come from outside Debian (e.g. nodesource or a preinstalled toolchain)
    if [[ "$p" == nodejs || "$p" == npm ]] && command -v "${p/nodejs/node}" >/dev/null; then
      continue
    fi
    missing+=("$p")
  fi
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
