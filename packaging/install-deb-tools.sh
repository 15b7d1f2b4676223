#!/usr/bin/env bash
# Tools `make deb` and its slow test (tests/packaging/test_deb.py) use, only what is missing:
# chrpath and binutils' readelf (the build drops RUNPATHs that name the build machine's Python),
# debootstrap (the clean Debian root the test installs into) and lintian (its check of the .deb).
# dpkg-deb comes with dpkg. Used by `make deb` and by .ci/run.
set -euo pipefail
pkgs=(chrpath binutils debootstrap lintian)
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install ${pkgs[*]} by hand"; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing packaging tools: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
