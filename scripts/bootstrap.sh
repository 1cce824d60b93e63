#!/usr/bin/env bash
# Installs what building and testing rtc needs on Debian 12, and nothing that is already there.
#   scripts/bootstrap.sh build   compilers, CMake, libraries (what `rtc demo` needs)
#   scripts/bootstrap.sh test    the above, plus the real peers the tests start
#                                (openssl, coturn, libsrtp2, chromium, node packages) and the
#                                tools they use (python3, valgrind)
# Safe to run again: it checks with dpkg first, so a second run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-test}"

build_packages=(
  g++ cmake ninja-build pkg-config ccache
  clang-19 libclang-rt-19-dev clang-format-19
  libgtest-dev libgmock-dev libbenchmark-dev
  libasio-dev libmbedtls-dev libssl-dev libcli11-dev nlohmann-json3-dev
)
test_packages=(
  openssl coturn libsrtp2-dev chromium firefox-esr iproute2 nftables tshark dav1d
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libnice-dev
  python3 valgrind
)

packages=("${build_packages[@]}")
if [[ "$what" == "test" ]]; then
  packages+=("${test_packages[@]}")
  # Node.js may come from elsewhere than Debian (some images ship a build whose nodejs package
  # already contains npm and conflicts with Debian's npm): install it only when missing.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "bootstrap: run as root (or install these packages yourself)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; the default answer is fine.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "$what" == "test" ]]; then
  # Node packages the tests use as independent peers (sdp-transform, ws, socket.io-client,
  # playwright-core). Versions are pinned in tests/node/package.json; no lock file is kept.
  stamp=tests/node/node_modules/.installed-from
  want=$(sha256sum tests/node/package.json | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "bootstrap: npm install in tests/node"
    (cd tests/node && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
fi
