#!/usr/bin/env bash
# Installs, with apt, those of the given Debian packages that are not installed yet.
#   bash packaging/apt-missing.sh WHAT PKG…   (WHAT names them in the one line it prints)
# Used by install-system-deps.sh and install-deb-tools.sh. Off Debian it says what to install.
set -euo pipefail
what=$1; shift
pkgs=("$@")
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install ${pkgs[*]} by hand"; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing $what: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
