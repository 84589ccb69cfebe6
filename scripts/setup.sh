#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is already there.
#   Debian packages: emscripten, libeigen3-dev, chromium, cmake, g++, libgtest-dev,
#     clang-19 and lld-19 (the wasm-relaxed build: emscripten 3.1.6 drives them),
#     wabt (wasm-objdump, for the opcode checks),
#     and for the cross-engine browser tests firefox-esr, webkit2gtk-driver
#     (WebKitWebDriver and MiniBrowser) and xvfb (the virtual display WebKit needs)
#   xsimd >= 11 headers: fetched project-locally into third_party/xsimd (git-ignored)
#   npm packages: npm ci (package-lock.json is committed; includes binaryen's
#     wasm-opt, which the wasm-relaxed build runs after linking)
# Usage: scripts/setup.sh            (idempotent; prints what it does)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
step() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- Debian packages
need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
have em++            || need_pkgs+=(emscripten)
[ -f /usr/include/eigen3/Eigen/Core ] || need_pkgs+=(libeigen3-dev)
have chromium        || [ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
have cmake           || need_pkgs+=(cmake)
have g++             || need_pkgs+=(g++)
[ -f /usr/include/gtest/gtest.h ] || need_pkgs+=(libgtest-dev)
have firefox-esr     || need_pkgs+=(firefox-esr)
have WebKitWebDriver || need_pkgs+=(webkit2gtk-driver)
have xvfb-run        || need_pkgs+=(xvfb)
[ -x /usr/lib/llvm-19/bin/clang ]   || need_pkgs+=(clang-19)
[ -x /usr/lib/llvm-19/bin/wasm-ld ] || need_pkgs+=(lld-19)
have wasm-objdump    || need_pkgs+=(wabt)
have node            || need_pkgs+=(nodejs npm)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
    echo "Missing: ${need_pkgs[*]}" >&2
    echo "This script installs them with apt-get as root on Debian 12." >&2
    echo "Install them yourself (e.g. 'sudo apt-get install ${need_pkgs[*]}') and run it again." >&2
    exit 1
  fi
  step "Installing Debian packages: ${need_pkgs[*]} (about a minute)"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}"
fi

# ---------------------------------------------------------------- xsimd >= 11
# Debian 12 ships xsimd 8.1, which has no WebAssembly architecture. Debian 13's
# libxsimd-dev (header-only) does; it is downloaded with apt from the mirror this
# machine is already configured with and unpacked into third_party/xsimd.
XSIMD_DIR=$ROOT/third_party/xsimd
if [ ! -f "$XSIMD_DIR/usr/include/xsimd/arch/xsimd_wasm.hpp" ]; then
  if ! have apt-get || ! have dpkg-deb; then
    echo "Missing: xsimd >= 11 headers. Unpack xsimd (13.x) so that" >&2
    echo "  $XSIMD_DIR/usr/include/xsimd/xsimd.hpp exists, then run again." >&2
    exit 1
  fi
  step "Fetching xsimd >= 11 headers into third_party/xsimd"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The mirror URI comes from this machine's own apt configuration.
  uri=$(apt-get indextargets --format '$(URI)' 'Target-Of: deb' 2>/dev/null \
        | grep -m1 -E '/dists/[^/]+/main/' | sed -E 's#/dists/.*##')
  if [ -z "$uri" ]; then
    uri=$(grep -hm1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}')
  fi
  [ -n "$uri" ] || { echo "Cannot read a Debian mirror from the apt configuration" >&2; exit 1; }
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  cat > "$work/trixie.sources" <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: $keyring
SRC
  opts=(-o Dir::Etc::sourcelist="$work/trixie.sources" -o Dir::Etc::sourceparts=-
        -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache"
        -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Get::List-Cleanup=0)
  apt-get "${opts[@]}" update -q >/dev/null
  (cd "$work" && apt-get "${opts[@]}" download libxsimd-dev >/dev/null)
  deb=$(ls "$work"/libxsimd-dev_*.deb)
  rm -rf "$XSIMD_DIR" && mkdir -p "$XSIMD_DIR"
  dpkg-deb -x "$deb" "$XSIMD_DIR"
  echo "xsimd $(basename "$deb") unpacked"
fi

# ---------------------------------------------------------------- npm packages
stamp=node_modules/.lml-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  step "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
