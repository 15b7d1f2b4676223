#!/usr/bin/env bash
# Installs the system packages Scorebook's tests and app need on Debian/Ubuntu, only what is missing:
# Qt's runtime libraries (offscreen and xcb), poppler-utils (pdftotext/pdftoppm), a Latin
# fallback font, PostgreSQL (server binaries for the multi-user office tests) and python3-venv
# (stock Debian/Ubuntu Pythons lack the venv module without it).
set -euo pipefail
pkgs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
      libxcb-render-util0 libxcb-image0 poppler-utils fonts-dejavu-core postgresql
      python3-venv)
bash "$(dirname "$0")/apt-missing.sh" "system packages" "${pkgs[@]}"
