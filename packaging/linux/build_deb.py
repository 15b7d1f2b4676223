"""Build ``scorebook_<version>-<revision>_<arch>.deb`` from the one-folder app (``make deb``).

    python packaging/linux/build_deb.py --app dist/scorebook --out dist [--revision 1]

What the package holds (see packaging/README.md, "Debian-family package"):

- ``/opt/scorebook/``: the PyInstaller folder as built, nothing changed in it;
- ``/usr/bin/scorebook`` and ``/usr/bin/scorebook-app``: two-line launchers into it;
- ``/usr/share/applications/scorebook.desktop``: Name in English, Chinese and Traditional
  Mongolian (taken from the compiled catalogs), ``MimeType=`` of Scorebook's files;
- ``/usr/share/icons/hicolor/{16…256}/apps/scorebook.png`` and ``scalable/apps/scorebook.svg``
  (rendered from ``packaging/linux/scorebook.svg`` with Qt's SVG renderer);
- ``/usr/share/mime/packages/scorebook.xml``: score bundles, panel packages, case files,
  enrolment cards and roster updates, with magic where the format has a fixed prefix;
- ``/usr/share/doc/scorebook/`` (copyright, changelog) and a lintian override file whose every
  line says why.

No maintainer scripts: the dpkg file triggers of shared-mime-info, desktop-file-utils and the
icon theme refresh their caches when files appear under /usr/share/{mime,applications,icons},
on install, upgrade and removal alike. Nothing is written to a user's folder, so upgrade and
removal (even purge) leave every user's data where it is.

Standard library + dpkg-deb; PySide6 (the build venv's) renders the icons.
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from desktop.services.file_kinds import (  # noqa: E402  (after the checkout is on the path)
    APP_COMMENT,
    CASE_KEY,
    LABELS,
    FileKind,
)

HERE = Path(__file__).resolve().parent
PACKAGE = "scorebook"
PREFIX = Path("opt") / PACKAGE
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
MAINTAINER = "Scorebook developers <scorebook@scorebook.invalid>"

# What the bundled Qt (xcb and Wayland platform plugins, QtGui, QtDBus) loads from the system
# rather than from the folder: GL/EGL, xkbcommon, fontconfig/freetype, the xcb-util libraries
# its xcb plugin links, D-Bus; plus what the desktop integration uses (xdg-utils for the file
# manager's "open with", the MIME and desktop databases). Every name exists in Debian 10+ and
# Ubuntu 20.04+ (UOS 20 and Kylin V10 derive from them). libc6 is added at build time: the
# folder runs on the glibc it was built on or newer (build on the oldest system you support).
DEPENDS = (
    "libgl1", "libegl1", "libxkbcommon0", "libxkbcommon-x11-0",
    "libfontconfig1", "libfreetype6", "libdbus-1-3", "libglib2.0-0", "libx11-6", "libx11-xcb1",
    "libxcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-render0", "libxcb-shape0", "libxcb-shm0",
    "libxcb-sync1", "libxcb-xfixes0", "libxcb-xkb1", "libwayland-client0",
    "libwayland-cursor0", "xdg-utils", "shared-mime-info", "desktop-file-utils",
    "hicolor-icon-theme",
)
RECOMMENDS = ("fonts-noto-cjk | fonts-wqy-microhei",)  # Scorebook bundles its own: Qt dialogs


# Scorebook's files: (type, kind (its label is the comment), globs, magic: a fixed prefix)
MIME_TYPES = (
    ("application/x-scorebook-bundle", FileKind.BUNDLE, ("*.sbb",), "SCBKBDL"),
    ("application/x-scorebook-package", FileKind.PACKAGE, ("*.sbp",), "SCBKPKG"),
    # DSSE JSON envelopes: their type comes after the payload, so no fixed prefix to match
    ("application/x-scorebook-card", FileKind.CARD, ("*.card",), None),
    ("application/x-scorebook-roster", FileKind.ROSTER, ("*.sbr",), None),
    # a case is a folder: its key file (JSON) opens it from the file manager
    ("application/x-scorebook-case", FileKind.CASE, (CASE_KEY,), None),
)
MIME_LANGS = {"zh_CN": "zh_CN", "mn_Mong_CN": "mn"}
DESKTOP_LANGS = {"zh_CN": ("zh_CN",), "mn_Mong_CN": ("mn_CN", "mn")}

# Each line: a tag lintian reports on this package, and why it stays (``lintian --show-overrides``
# lists them; tests/packaging/test_deb.py fails on any error lintian still reports).
LINTIAN_OVERRIDES = """\
# Scorebook is a self-contained PyInstaller folder under /opt (an add-on application, FHS 3.13),
# not a part of the distribution: Python, Qt, SQLCipher (with its OpenSSL), ICU and the other
# libraries it was tested with travel inside it by design, so one folder runs on Debian,
# Ubuntu, UOS and Kylin alike and on a laptop without the network.
scorebook: dir-or-file-in-opt *
scorebook: embedded-library *
# Python extension modules take libc's and libpython's symbols from the interpreter that loads
# them (python3.11/lib-dynload, as in Debian's own python3.11): no DT_NEEDED entries by design.
scorebook: library-not-linked-against-libc [opt/scorebook/_internal/python3.11/lib-dynload/*]
scorebook: shared-library-lacks-prerequisites [opt/scorebook/_internal/python3.11/lib-dynload/*]
# ICU's data library is data only; libX11-xcb is a stub that only names libX11 (as built by
# PySide6's wheel and Debian's libx11).
scorebook: shared-library-lacks-prerequisites [opt/scorebook/_internal/*/libicudata.so.*]
scorebook: shared-library-lacks-prerequisites [opt/scorebook/_internal/libX11-xcb.so.1]
"""


def project() -> tuple[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(meta["version"]), str(meta.get("description", "")).strip()


def translations(msgid: str) -> dict[str, str]:
    """``msgid`` in each interface language, from the compiled catalogs (as the app shows it)."""
    out = {}
    for lang in MIME_LANGS:
        catalog = gettext.translation("scorebook", ROOT / "resources" / "i18n", [lang],
                                      fallback=True)
        text = catalog.gettext(msgid)
        if text != msgid:
            out[lang] = text
    return out


def desktop_entry() -> str:
    name = translations("Scorebook")
    comment = translations(APP_COMMENT)
    lines = ["[Desktop Entry]", "Type=Application", "Version=1.0", "Name=Scorebook"]
    lines += [f"Name[{key}]={name[lang]}" for lang, keys in DESKTOP_LANGS.items()
              for key in keys if lang in name]
    lines.append(f"Comment={APP_COMMENT}")
    lines += [f"Comment[{key}]={comment[lang]}" for lang, keys in DESKTOP_LANGS.items()
              for key in keys if lang in comment]
    lines += [
        "Exec=scorebook-app %f",
        "TryExec=scorebook-app",
        "Icon=scorebook",
        "Terminal=false",
        "StartupNotify=true",
        "StartupWMClass=scorebook-app",
        "Categories=Office;",
        "Keywords=review;score;award;quality;评审;记分;",
        "MimeType=" + "".join(f"{t[0]};" for t in MIME_TYPES),
    ]
    return "\n".join(lines) + "\n"


def mime_xml() -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">']
    for mime, kind, globs, magic in MIME_TYPES:
        msgid = LABELS[kind]
        out.append(f'  <mime-type type="{mime}">')
        out.append(f"    <comment>Scorebook: {escape(msgid.lower())}</comment>")
        for lang, text in translations(msgid).items():
            out.append(f'    <comment xml:lang="{MIME_LANGS[lang]}">{escape(text)}</comment>')
        out.append('    <generic-icon name="application-x-generic"/>')
        if magic:
            out.append('    <magic priority="80">')
            out.append(f'      <match type="string" offset="0" value="{magic}"/>')
            out.append("    </magic>")
        if magic is None:
            out.append('    <sub-class-of type="application/json"/>')
        else:
            out.append('    <sub-class-of type="application/octet-stream"/>')
        for glob in globs:
            literal = "*" not in glob
            weight = ' weight="80"' if literal else ""
            out.append(f'    <glob pattern="{glob}"{weight}/>')
        out.append("  </mime-type>")
    out.append("</mime-info>")
    return "\n".join(out) + "\n"


LAUNCHER = """#!/bin/sh
# Scorebook's {what}: the program lives in /opt/scorebook (a self-contained folder).
exec /opt/scorebook/{exe} "$@"
"""


def render_icons(root: Path) -> None:
    svg = HERE / "scorebook.svg"
    base = root / "usr/share/icons/hicolor"
    (base / "scalable/apps").mkdir(parents=True)
    shutil.copyfile(svg, base / "scalable/apps/scorebook.svg")
    code = (
        "import sys\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication([])\n"
        "svg, base = sys.argv[1], sys.argv[2]\n"
        "renderer = QSvgRenderer(svg)\n"
        "assert renderer.isValid(), svg\n"
        "for size in map(int, sys.argv[3:]):\n"
        "    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)\n"
        "    img.fill(Qt.GlobalColor.transparent)\n"
        "    painter = QPainter(img)\n"
        "    painter.setRenderHint(QPainter.RenderHint.Antialiasing)\n"
        "    renderer.render(painter)\n"
        "    painter.end()\n"
        "    assert img.save(f'{base}/{size}x{size}/apps/scorebook.png'), size\n"
    )
    for size in ICON_SIZES:
        (base / f"{size}x{size}/apps").mkdir(parents=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", code, str(svg), str(base), *map(str, ICON_SIZES)],
                   check=True, env=env)


def copyright_text() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Scorebook\n\n"
        "Files: *\nCopyright: 2025-2026 Scorebook developers\nLicense: Apache-2.0\n"
        " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.\n\n"
        "Files: opt/scorebook/_internal/*\n"
        "Copyright: 1991-2026 the authors of each bundled component\n"
        "License: various\n"
        " Python, Qt 6 / PySide6 (LGPL-3.0), SQLCipher, OpenSSL, cryptography, reportlab,\n"
        " the Noto fonts (OFL-1.1) and the other components the one-folder app carries.\n"
        " Their licence texts are in /opt/scorebook/_internal/licenses/ and\n"
        " /opt/scorebook/_internal/resources/fonts/; the table is in packaging/README.md.\n"
    )


def changelog(version: str, now: datetime) -> bytes:
    stamp = now.strftime("%a, %d %b %Y %H:%M:%S +0000")
    text = (f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
            f"  * Built from the one-folder app (make deb).\n\n"
            f" -- {MAINTAINER}  {stamp}\n")
    return gzip.compress(text.encode(), mtime=0)


def normalise_modes(root: Path) -> None:
    """Directories 0755, programs 0755 (the bit as built), shared libraries and every other
    file 0644 (a library is mapped, never executed: lintian's shared-library-is-executable)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif ".so" in path.suffixes or path.suffix == ".so":
            path.chmod(0o644)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def drop_foreign_runpaths(folder: Path) -> list[str]:
    """Remove RUNPATHs that point outside the folder (the build machine's Python: pyenv's
    ``/root/.pyenv/…/lib`` in libpython and its extension modules). On the target they name a
    folder that is not there, or worse one someone else made; PyInstaller's bootloader finds
    every library in ``_internal/`` without them. Needs ``chrpath``."""
    fixed = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
        paths = [line.split("[", 1)[1].rstrip("]").split(":")
                 for line in dynamic.stdout.splitlines()
                 if "(RUNPATH)" in line or "(RPATH)" in line]
        if any(p and not p.startswith("$ORIGIN") for entry in paths for p in entry):
            subprocess.run(["chrpath", "-d", str(path)], check=True, stdout=subprocess.DEVNULL)
            fixed.append(str(path.relative_to(folder)))
    return fixed


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.parts:
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(root).as_posix()}")
    return "\n".join(lines) + "\n"


def architecture() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def glibc() -> str:
    """The build machine's glibc (``2.36``): the oldest the PyInstaller folder runs on."""
    version = os.confstr("CS_GNU_LIBC_VERSION") or "glibc 2.31"
    return version.split()[-1]


def control(version: str, arch: str, size: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {size}\n"
        f"Depends: libc6 (>= {glibc()}), {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Homepage: https://scorebook.invalid/\n"
        "Description: offline scoring for quality-award review panels (评审记分册)\n"
        " Scorebook keeps a field reviewer's scores in an encrypted case file, lets the\n"
        " team leader merge the team's signed score bundles into a consensus, and lets\n"
        " the review office rank, vote and print notices. It speaks English, Simplified\n"
        " Chinese and Traditional Mongolian.\n"
        " .\n"
        " The program is a self-contained folder in /opt/scorebook. User data stays in\n"
        " each user's folders (~/.local/share/Scorebook, ~/.config/Scorebook, and the\n"
        " case folders the user chooses); upgrading or removing the package keeps it.\n"
    )


def build(app: Path, out: Path, revision: str, compression: str = "xz",
          level: int | None = None) -> Path:
    if not (app / PACKAGE).is_file() or not (app / f"{PACKAGE}-app").is_file():
        raise SystemExit(f"{app}: not a one-folder Scorebook build (run `make package` first)")
    upstream, _description = project()
    version = f"{upstream}-{revision}"
    arch = architecture()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scorebook-deb-") as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(app, root / PREFIX, symlinks=True)
        fixed = drop_foreign_runpaths(root / PREFIX)
        print(f"RUNPATH outside the folder removed from {len(fixed)} files", file=sys.stderr)
        bin_dir = root / "usr/bin"
        bin_dir.mkdir(parents=True)
        for exe, what in ((PACKAGE, "command line (bare: the window)"),
                          (f"{PACKAGE}-app", "desktop window")):
            (bin_dir / exe).write_text(LAUNCHER.format(what=what, exe=exe), encoding="utf-8")
            (bin_dir / exe).chmod(0o755)
        share = root / "usr/share"
        (share / "applications").mkdir(parents=True)
        (share / "applications/scorebook.desktop").write_text(desktop_entry(), encoding="utf-8")
        (share / "mime/packages").mkdir(parents=True)
        (share / "mime/packages/scorebook.xml").write_text(mime_xml(), encoding="utf-8")
        render_icons(root)
        doc = share / "doc" / PACKAGE
        doc.mkdir(parents=True)
        (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
        (doc / "changelog.Debian.gz").write_bytes(changelog(version, datetime.now(UTC)))
        (share / "lintian/overrides").mkdir(parents=True)
        (share / "lintian/overrides" / PACKAGE).write_text(LINTIAN_OVERRIDES, encoding="utf-8")
        normalise_modes(root)
        debian = root / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(version, arch, installed_size_kib(root)),
                                        encoding="utf-8")
        (debian / "md5sums").write_text(md5sums(root), encoding="utf-8")
        normalise_modes(debian)
        target = out / f"{PACKAGE}_{version}_{arch}.deb"
        strength = [] if level is None else [f"-z{level}"]
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", *strength,
                        "--build", str(root), str(target)], check=True,
                       stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=ROOT / "dist" / PACKAGE,
                        help="the one-folder app (make package)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--revision", default="1", help="Debian revision (the part after -)")
    parser.add_argument("--compression", default="xz", choices=("xz", "gzip", "zstd"),
                        help="xz (default) is read by every dpkg; zstd needs dpkg >= 1.21.18")
    parser.add_argument("--level", type=int, choices=range(10), metavar="0-9",
                        help="compression level (dpkg-deb's default when not given)")
    args = parser.parse_args(argv)
    print(build(args.app.resolve(), args.out.resolve(), args.revision, args.compression,
                args.level))
    return 0


if __name__ == "__main__":
    sys.exit(main())
