"""``make deb`` end to end (slow): build the .deb from the one-folder app, install it with apt in
a clean Debian root (debootstrap), run ``scorebook --self-test`` there, check the file manager's
associations with ``xdg-mime``, upgrade to a second build, remove and purge it; a user's case
folder and data folder must come through every step byte for byte. lintian: no errors.

Times are printed (``pytest -s``); the debootstrap root and the packages apt fetched are cached
under ~/.cache/scorebook/debootstrap, so only the first run on a machine downloads them.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.chroot import Chroot, clean_root, why_not_available

ROOT = Path(__file__).resolve().parents[2]
VERSION: str = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")
                            )["project"]["version"]
USER = "reviewer"
HOME = Path("/home") / USER
KINDS = {"bundle.sbb": "application/x-scorebook-bundle",
         "package.sbp": "application/x-scorebook-package",
         "reviewer.card": "application/x-scorebook-card",
         "roster-2025-v2.sbr": "application/x-scorebook-roster",
         "cases/case-R001/case.key": "application/x-scorebook-case"}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform != "linux", reason="a Debian package: Linux only")]


class Clock:
    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def lap(self, what: str) -> None:
        now = time.monotonic()
        print(f"  {what}: {now - self.last:.1f} s (total {now - self.start:.1f} s)")
        self.last = now


def _build(app: Path, out: Path, revision: str) -> Path:
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging/linux/build_deb.py"), "--app", str(app),
         "--out", str(out), "--revision", revision, "--compression", "gzip", "--level", "1"],
        capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    deb = Path(done.stdout.strip().splitlines()[-1])
    assert deb.name.startswith(f"scorebook_{VERSION}-{revision}_") and deb.is_file()
    return deb


def _user_files(root: Path) -> dict[str, str]:
    home = root / HOME.relative_to("/")
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()
            if ".cache" not in p.parts}  # caches (xdg-mime's) may come and go


def _seed_user(chroot: Chroot) -> None:
    """A reviewer with a case folder, Scorebook's data and settings folders, and one file of
    each kind on a "stick" in the home folder."""
    from desktop.crypto import container
    from desktop.crypto.keyfile import CHEAP_KDF, create_key_file
    from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity, make_card
    from desktop.crypto.roster import Roster, RosterEntry, sign_roster

    chroot.must("useradd", "--create-home", "--shell", "/bin/sh", USER)
    home = chroot.root / HOME.relative_to("/")
    case = home / "cases/case-R001"
    case.mkdir(parents=True)
    create_key_file(case / "case.key", "a passphrase of the reviewer", CHEAP_KDF)
    (case / "case.db").write_bytes(hashlib.sha256(b"sqlcipher pages").digest() * 512)
    data = home / ".local/share/Scorebook/identity"
    data.mkdir(parents=True)
    (data / "notes.txt").write_text("the reviewer's own data", encoding="utf-8")
    (home / ".config/Scorebook").mkdir(parents=True)
    (home / ".config/Scorebook/Scorebook.conf").write_text("[General]\nlanguage=mn_Mong_CN\n",
                                                           encoding="utf-8")
    office = OfficeIdentity.generate("Review Office")
    me = ReviewerIdentity.generate("R001", "Reviewer One")
    roster = sign_roster(office, Roster(
        version=2, cycle_id="2025", office_name="Review Office",
        root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
        reviewers=(RosterEntry.of(me.public, team="T1", leader=False),)))
    (home / "bundle.sbb").write_bytes(
        container.seal(container.BUNDLE_MAGIC, b"{}", [office.enc_pub], 10))
    (home / "package.sbp").write_bytes(
        container.seal(container.PACKAGE_MAGIC, b"{}", [me.public.enc_pub], 10))
    (home / "reviewer.card").write_bytes(make_card(me))
    (home / "roster-2025-v2.sbr").write_bytes(roster)
    chroot.must("chown", "-R", f"{USER}:{USER}", str(HOME))


def _installed_version(chroot: Chroot) -> str:
    return chroot.must("dpkg-query", "-W", "-f=${Version}", "scorebook")


@pytest.fixture(scope="module")
def debs(built_app: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    reason = why_not_available()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("deb")
    started = time.monotonic()
    first = _build(built_app, out, "1")
    second = _build(built_app, out, "2")  # the upgrade: the same folder, the next revision
    print(f"two .deb builds: {time.monotonic() - started:.1f} s, "
          f"{first.stat().st_size / 2**20:.0f} MB each (gzip -1; make deb uses xz)")
    yield [first, second]


def test_install_self_test_mime_upgrade_and_removal_keep_user_data(
        debs: list[Path], tmp_path: Path) -> None:
    clock = Clock()
    first, second = debs
    with clean_root(tmp_path / "root") as chroot:
        clock.lap("clean Debian root")
        _seed_user(chroot)
        before = _user_files(chroot.root)
        assert "cases/case-R001/case.key" in before and len(before) >= 8
        chroot.apt("update")
        # what a person's desktop has beside the package: the query tool xdg-utils recommends
        chroot.apt("install", "libfile-mimeinfo-perl")
        clock.lap("apt-get update, xdg-mime's helper")
        for deb in debs:
            (chroot.root / "tmp" / deb.name).write_bytes(deb.read_bytes())

        chroot.apt("install", f"/tmp/{first.name}")  # brings Qt's libraries (Depends)
        clock.lap("apt install ./scorebook.deb")
        assert _installed_version(chroot) == f"{VERSION}-1"
        for path in ("opt/scorebook/scorebook", "usr/share/applications/scorebook.desktop",
                     "usr/share/icons/hicolor/48x48/apps/scorebook.png",
                     "usr/share/icons/hicolor/scalable/apps/scorebook.svg",
                     "usr/share/mime/packages/scorebook.xml"):
            assert (chroot.root / path).exists(), path
        assert (chroot.root / "usr/bin/scorebook").is_file()
        # the menu entry as the desktop reads it (desktop-file-utils comes with the package)
        chroot.must("desktop-file-validate", "/usr/share/applications/scorebook.desktop")
        entry = (chroot.root / "usr/share/applications/scorebook.desktop").read_text("utf-8")
        assert "Name[zh_CN]=评审记分册" in entry and "Name[mn]=ᠣᠨᠤᠭ" in entry

        report = chroot.must("scorebook", "--self-test", user=USER,
                             env={"SCOREBOOK_LANG": "en", "QT_QPA_PLATFORM": "offscreen"})
        print(report)
        assert "Self-test passed" in report and "✗" not in report
        assert "✓ main window (offscreen)" in report  # Qt starts with the system's libraries
        assert "/opt/scorebook" in report
        version = chroot.must("scorebook", "--version", user=USER)
        assert version.strip().endswith(VERSION)
        clock.lap("scorebook --self-test inside")

        for name, mime in KINDS.items():
            path = str(HOME / name)
            assert chroot.must("xdg-mime", "query", "filetype", path, user=USER).strip() == mime
            assert chroot.must("xdg-mime", "query", "default", mime,
                               user=USER).strip() == "scorebook.desktop", mime
        # a renamed bundle is still a bundle by its magic
        renamed = chroot.root / HOME.relative_to("/") / "copied-without-suffix"
        renamed.write_bytes((chroot.root / HOME.relative_to("/") / "bundle.sbb").read_bytes())
        assert chroot.must("xdg-mime", "query", "filetype", str(HOME / renamed.name)
                           ).strip() == KINDS["bundle.sbb"]
        renamed.unlink()
        clock.lap("xdg-mime associations")
        assert _user_files(chroot.root) == before

        chroot.apt("install", f"/tmp/{second.name}")
        assert _installed_version(chroot) == f"{VERSION}-2"
        assert "Self-test passed" in chroot.must(
            "scorebook", "--self-test", user=USER, env={"QT_QPA_PLATFORM": "offscreen"})
        assert _user_files(chroot.root) == before
        clock.lap("upgrade to the second build, self-test again")

        chroot.apt("remove", "scorebook")
        assert not (chroot.root / "opt/scorebook").exists()
        assert not (chroot.root / "usr/bin/scorebook").exists()
        assert chroot.must("xdg-mime", "query", "filetype", str(HOME / "bundle.sbb"),
                           user=USER).strip() != KINDS["bundle.sbb"]  # the trigger ran
        chroot.must("dpkg", "--purge", "scorebook")  # no conffiles: nothing left to purge
        state = chroot.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "scorebook")
        assert state.returncode != 0 or not state.stdout.startswith(("ii", "rc")), state.stdout
        assert _user_files(chroot.root) == before  # removal and purge leave every user's data
        clock.lap("remove and purge")


def test_lintian_finds_no_errors(debs: list[Path]) -> None:
    if subprocess.run(["which", "lintian"], capture_output=True).returncode != 0:
        pytest.skip("lintian is not installed (.ci/run installs it)")
    started = time.monotonic()
    done = subprocess.run(["lintian", "--tag-display-limit", "0", str(debs[0])],
                          capture_output=True, text=True, timeout=1800)
    print(f"lintian: {time.monotonic() - started:.1f} s\n{done.stdout}")
    errors = [line for line in done.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors)
