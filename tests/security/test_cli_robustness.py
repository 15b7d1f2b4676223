"""Bad input never crashes the ``scorebook`` command: every verb (found by walking the real
argparse tree) is run with missing, empty, random, directory and over-cap files, bad passphrase
files and a wrong passphrase against a real case, identity and office workspace.

Each run must end with exit 2 or 3 (0 only where the input is legitimately fine), a one-line
``error:`` message, no Python exception escaping ``main`` and no echo of the passphrase.
"""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli.main import build_parser, main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.identity import new_identity
from desktop.services.office.cycle import open_cycle
from desktop.services.office.workspace import init_workspace
from tests.models.case_world import PASSPHRASE, make_world

WRONG = "not-the-passphrase-7f3a"
HUGE_BYTES = 200 * 1024 * 1024  # sparse: above every cap (package 80 MB, bundle 16 MB, …)
BAD_KINDS = ("missing", "empty", "random", "dir", "huge")
REAL_SLOTS = {"case": "case", "workspace": "office", "office": "office", "identity_dir": "ident"}
PASSPHRASE_FILES = {"passphrase_file", "identity_passphrase_file", "new_passphrase_file"}
PLACEHOLDER = {
    "applicant": "A001", "stage": "onsite", "item": "4.1.2", "text": "t", "reviewer_id": "R009",
    "name": "Name", "programme": "hohhot-mayor", "award": "organisation", "present": "5",
    "bundle": "0" * 32, "notice": "x", "reviewer": "R001", "reason": "r", "kind": "employment",
}
# Extra arguments that get a verb past its own usage checks to where files are read.
EXTRA: dict[tuple[str, ...], list[str]] = {
    ("case", "score"): ["--percent", "50"],
    ("case", "team", "consensus"): ["--finalise"],
    ("print", "eligibility"): ["--applicant", "A001"],
}
# (verb, run) where exit 0 is right: nothing is read from the bad path, or it is an output.
ALLOW_ZERO = {
    (("criteria", "show"), "*"), (("programmes", "list"), "*"), (("programmes", "show"), "*"),
    (("print", "sample"), "*"), (("print", "blank-sheet"), "*"),  # the path is the output
    (("office", "template"), "*"),  # a blank workbook: the path is the output
    (("identity", "show"), "wrong-passphrase"),  # needs no passphrase
}
# With the right passphrase, a missing output path is legitimately created.
RIGHT_ZERO = {(("case", "export"), "dir"), (("case", "team", "export"), "dir"),
              (("office", "package"), "missing"), (("office", "package"), "dir"),
              (("office", "roster-update"), "dir")}  # a folder given as the folder to write
# Batch verbs: the full report on stdout, every bad file listed as rejected, then exit 3.
REPORTS = {("office", "merge"), ("case", "team", "import")}
# Runs that would legitimately create something with production KDF costs: not bad input.
SKIP = {(verb, kind) for verb in (("identity", "new"), ("office", "init"), ("demo",))
        for kind in ("missing", "dir")}


def _verbs(parser: argparse.ArgumentParser, path: tuple[str, ...]
           ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from _verbs(child, (*path, name))


VERBS = dict(_verbs(build_parser(), ()))


@dataclass(frozen=True)
class Fixtures:
    case: Path
    office: Path
    ident: Path


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Fixtures:
    base = tmp_path_factory.mktemp("real")
    make_world(base).create(base / "case").close()
    with init_workspace(base / "office", PASSPHRASE, "Review Office", kdf=CHEAP_KDF) as ws:
        open_cycle(ws, "hohhot-mayor", 2025)
    new_identity("R001", "Reviewer One", PASSPHRASE, folder=base / "ident", kdf=CHEAP_KDF)
    return Fixtures(base / "case", base / "office", base / "ident")


def _bad(folder: Path, kind: str) -> Path:
    """A fresh bad input of ``kind`` (fresh per run: an output verb may overwrite it)."""
    path = folder / kind
    if kind == "missing":
        return folder / "no-such-folder" / "missing.bin"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(4096))
    elif kind == "dir":
        path.mkdir()
    elif kind == "huge":
        with path.open("wb") as fh:
            fh.truncate(HUGE_BYTES)
    return path


def _value(action: argparse.Action) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is int:
        return "1"
    if getattr(action.type, "__name__", "") == "_date":
        return "2025-01-01"
    return PLACEHOLDER.get(action.dest, "x1")


def _exclusive(parser: argparse.ArgumentParser) -> set[str]:
    """Dests to leave out: all but the first member of each mutually exclusive group."""
    return {a.dest for g in parser._mutually_exclusive_groups for a in g._group_actions[1:]}


def _argv(path: tuple[str, ...], parser: argparse.ArgumentParser, paths: dict[str, Path],
          default_path: Path) -> list[str]:
    argv = list(path)
    skip = _exclusive(parser)
    for action in parser._actions:
        if action.dest in {"help", "json", "lang"} or action.dest in skip or action.nargs == 0:
            continue
        is_path = action.type is Path
        if action.option_strings and not action.required and not is_path:
            continue
        if is_path:
            if action.dest in PASSPHRASE_FILES and action.dest not in paths:
                continue
            value = str(paths.get(action.dest, default_path))
        else:
            value = _value(action)
        argv += [action.option_strings[-1], value] if action.option_strings else [value]
    return argv + EXTRA.get(path, [])


def _check(path: tuple[str, ...], run: str, argv: list[str], monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str], passphrase: str = WRONG) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", passphrase)
    monkeypatch.setenv("SCOREBOOK_IDENTITY_PASSPHRASE", passphrase)
    monkeypatch.setenv("SCOREBOOK_NEW_PASSPHRASE", WRONG + "-new")
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own usage errors
        code = stop.code if isinstance(stop.code, int) else 2
    except Exception as exc:  # the point: nothing may escape
        pytest.fail(f"{' '.join(path)} [{run}] crashed: {type(exc).__name__}: {exc}\n"
                    f"argv: {argv}")
    out = capsys.readouterr()
    where = f"{' '.join(path)} [{run}] argv={argv}"
    assert "Traceback" not in out.err, where
    assert passphrase not in out.err + out.out, where
    if path in REPORTS and run.startswith("open") and out.out:  # a report was printed
        assert code == 3, f"{where}: a batch with only bad files must exit 3, not {code}"
        assert "rejected" in out.out and "new 0" in out.out, f"{where}: {out.out}"
    if code == 0:
        assert ((path, run) in ALLOW_ZERO or (path, "*") in ALLOW_ZERO), \
            f"{where}: accepted bad input (exit 0)"
        return
    assert code in (2, 3), f"{where}: exit {code}: {out.err}"
    lines = out.err.strip().splitlines()
    assert lines and "error:" in lines[-1], f"{where}: {out.err!r}"
    if code == 3 or not lines[-1].startswith("usage:"):
        # our own messages are exactly one line; argparse adds its usage line above its own
        assert len(lines) == 1 or lines[0].startswith("usage:"), f"{where}: {out.err!r}"


@pytest.mark.parametrize("path", list(VERBS), ids=[" ".join(p) for p in VERBS])
def test_bad_files_never_crash(path: tuple[str, ...], real: Fixtures, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    parser = VERBS[path]
    for kind in BAD_KINDS:
        if (path, kind) in SKIP:
            continue
        folder = tmp_path / kind
        folder.mkdir()
        argv = _argv(path, parser, {}, _bad(folder, kind))
        _check(path, kind, argv, monkeypatch, capsys)


@pytest.mark.parametrize("path", [p for p, parser in VERBS.items()
                                  if any(a.dest in PASSPHRASE_FILES for a in parser._actions)],
                         ids=lambda p: " ".join(p))
def test_bad_passphrase_files_never_crash(path: tuple[str, ...], real: Fixtures,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    parser = VERBS[path]
    slots = {dest: getattr(real, name) for dest, name in REAL_SLOTS.items()}
    files = [a.dest for a in parser._actions if a.dest in PASSPHRASE_FILES]
    for kind in BAD_KINDS:
        folder = tmp_path / kind
        folder.mkdir()
        bad = _bad(folder, kind)
        other = folder / "other"
        other.write_bytes(os.urandom(64))
        argv = _argv(path, parser, {**slots, **{f: bad for f in files}}, other)
        _check(path, f"passphrase-file {kind}", argv, monkeypatch, capsys)


@pytest.mark.parametrize("path", list(VERBS), ids=[" ".join(p) for p in VERBS])
def test_wrong_passphrase_never_crashes(path: tuple[str, ...], real: Fixtures, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    parser = VERBS[path]
    slots = {dest: getattr(real, name) for dest, name in REAL_SLOTS.items()}
    other = tmp_path / "random"
    other.write_bytes(os.urandom(4096))
    before = {p: p.read_bytes() for p in (real.case / "case.key", real.office / "office.key")}
    _check(path, "wrong-passphrase", _argv(path, parser, slots, other), monkeypatch, capsys)
    assert {p: p.read_bytes() for p in before} == before  # nothing changed


def _file_inputs(parser: argparse.ArgumentParser) -> list[str]:
    return [a.dest for a in parser._actions if a.type is Path
            and a.dest not in PASSPHRASE_FILES and a.dest not in REAL_SLOTS]


@pytest.mark.parametrize("path", [p for p, parser in VERBS.items()
                                  if _file_inputs(parser)
                                  and any(a.dest in REAL_SLOTS for a in parser._actions)],
                         ids=lambda p: " ".join(p))
def test_bad_files_into_an_open_case_or_workspace(path: tuple[str, ...], real: Fixtures,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The right passphrase opens a real case / workspace; the file inputs are bad."""
    parser = VERBS[path]
    for kind in BAD_KINDS:
        if (path, kind) in RIGHT_ZERO:
            continue
        mine = tmp_path / kind
        shutil.copytree(real.case.parent, mine)
        slots = {dest: mine / getattr(real, name).name for dest, name in REAL_SLOTS.items()}
        for lock in mine.rglob("*.lock"):
            lock.unlink()
        argv = _argv(path, parser, slots, _bad(mine, kind))
        _check(path, f"open, {kind}", argv, monkeypatch, capsys, PASSPHRASE)


def test_the_real_process_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    """The same edge through a real ``python -m desktop.cli.main`` process."""
    import subprocess
    import sys

    binary = tmp_path / "binary"
    binary.write_bytes(os.urandom(256))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    env = {**os.environ, "SCOREBOOK_PASSPHRASE": WRONG}
    runs = [
        (["case", "status", "--case", str(tmp_path), "--passphrase-file", str(binary)], 2),
        (["identity", "new", "--id", "R1", "--name", "One", "--dir", str(blocker)], 3),
        (["bundle", "inspect", str(binary), "--case", str(tmp_path)], 3),
    ]
    for argv, expected in runs:
        done = subprocess.run([sys.executable, "-m", "desktop.cli.main", *argv], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == expected, (argv, done.stderr)
        assert "Traceback" not in done.stderr and WRONG not in done.stderr
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
