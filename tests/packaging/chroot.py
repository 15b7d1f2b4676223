"""A clean Debian root for the .deb test: ``debootstrap --variant=minbase`` once, then kept as a
tarball under ``~/.cache/scorebook/debootstrap`` (the downloaded packages too, and the ones apt
fetches inside), so a repeated run unpacks it in seconds instead of bootstrapping again."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

SUITE = os.environ.get("SCOREBOOK_DEB_SUITE", "bookworm")
MIRROR = os.environ.get("SCOREBOOK_DEB_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "scorebook" / "debootstrap"


def why_not_available() -> str | None:
    """The reason a clean root cannot be made here, or None."""
    if os.geteuid() != 0:
        return "debootstrap and chroot need root (CI runs as root)"
    for tool in ("debootstrap", "dpkg-deb", "chroot", "tar"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs it: packaging/install-deb-tools.sh)"
    if not (CACHE / f"{SUITE}-root.tar").is_file():
        probe = subprocess.run(["debootstrap", "--version"], capture_output=True)
        if probe.returncode != 0:
            return "debootstrap does not run here"
    return None


def _run(args: Sequence[str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)


def cached_root_tar() -> Path:
    """The bootstrapped root as a tarball: made once (debootstrap, ~1–2 min), then reused."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tar = CACHE / f"{SUITE}-root.tar"
    if tar.is_file():
        return tar
    work = CACHE / f"{SUITE}-work"
    shutil.rmtree(work, ignore_errors=True)
    debs = CACHE / f"{SUITE}-minbase.tgz"
    if not debs.is_file():
        made = _run(["debootstrap", "--variant=minbase", f"--make-tarball={debs}.part", SUITE,
                     str(work), MIRROR])
        if made.returncode != 0:
            raise RuntimeError(f"debootstrap --make-tarball failed (network?): "
                               f"{made.stderr[-2000:]}")
        Path(f"{debs}.part").rename(debs)
        shutil.rmtree(work, ignore_errors=True)
    boot = _run(["debootstrap", "--variant=minbase", f"--unpack-tarball={debs}", SUITE,
                 str(work), MIRROR])
    if boot.returncode != 0:
        raise RuntimeError(f"debootstrap failed: {boot.stdout[-2000:]}{boot.stderr[-2000:]}")
    packed = _run(["tar", "-C", str(work), "--numeric-owner", "-cf", f"{tar}.part", "."])
    shutil.rmtree(work, ignore_errors=True)
    if packed.returncode != 0:
        raise RuntimeError(packed.stderr[-2000:])
    Path(f"{tar}.part").rename(tar)
    return tar


class Chroot:
    """A root unpacked from the cached tarball, /proc mounted while it is in use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.archives = CACHE / f"{SUITE}-archives"
        self.mounted: list[Path] = []

    def run(self, *args: str, user: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 900) -> subprocess.CompletedProcess[str]:
        base = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
        if user is not None:
            base.update(HOME=f"/home/{user}", USER=user, LOGNAME=user)
        base.update(env or {})
        spec = [f"--userspec={user}:{user}"] if user else []
        command = ["chroot", *spec, str(self.root), "/usr/bin/env", "-i",
                   *(f"{k}={v}" for k, v in base.items()), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

    def must(self, *args: str, **kw: object) -> str:
        done = self.run(*args, **kw)  # type: ignore[arg-type]
        assert done.returncode == 0, f"{' '.join(args)}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
        return done.stdout

    def apt(self, *args: str) -> str:
        """apt-get in the root, with the host's cache of downloaded packages lent to it."""
        self.archives.mkdir(parents=True, exist_ok=True)
        inside = self.root / "var/cache/apt/archives"
        inside.mkdir(parents=True, exist_ok=True)
        for deb in self.archives.glob("*.deb"):
            if not (inside / deb.name).exists():
                shutil.copy2(deb, inside / deb.name)
        try:
            return self.must("apt-get", "-y", "-q", "--no-install-recommends", *args)
        finally:
            for deb in inside.glob("*.deb"):
                if not (self.archives / deb.name).exists():
                    shutil.copy2(deb, self.archives / deb.name)


@contextmanager
def clean_root(folder: Path) -> Iterator[Chroot]:
    """Unpack the cached root into ``folder``, mount /proc, and undo it all afterwards."""
    started = time.monotonic()
    tar = cached_root_tar()
    folder.mkdir(parents=True)
    unpacked = _run(["tar", "-C", str(folder), "--numeric-owner", "-xf", str(tar)])
    if unpacked.returncode != 0:
        raise RuntimeError(unpacked.stderr[-2000:])
    shutil.copyfile("/etc/resolv.conf", folder / "etc/resolv.conf")
    root = Chroot(folder)
    proc = folder / "proc"
    if _run(["mount", "-t", "proc", "proc", str(proc)]).returncode == 0:
        root.mounted.append(proc)
    print(f"clean root ready in {time.monotonic() - started:.1f} s ({tar.name})")
    try:
        yield root
    finally:
        for path in reversed(root.mounted):
            _run(["umount", "-l", str(path)])
        if not any(os.path.ismount(p) for p in root.mounted):  # never delete through a mount
            shutil.rmtree(folder, ignore_errors=True)
