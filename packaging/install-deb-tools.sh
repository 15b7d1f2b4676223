#!/usr/bin/env bash
# Tools `make deb` and its slow test (tests/packaging/test_deb.py) use, only what is missing:
# chrpath and binutils' readelf (the build drops RUNPATHs that name the build machine's Python),
# debootstrap (the clean Debian root the test installs into) and lintian (its check of the .deb).
# dpkg-deb comes with dpkg. Used by `make deb` and by .ci/run.
set -euo pipefail
pkgs=(chrpath binutils debootstrap lintian)
bash "$(dirname "$0")/apt-missing.sh" "packaging tools" "${pkgs[@]}"
