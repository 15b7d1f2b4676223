"""What kind of Scorebook file a path is (a file opened from the file manager, or given on the
command line), and where the window takes it.

The content decides where it can: a score bundle and a panel package start with their
container's magic (``SCBKBDL``, ``SCBKPKG``, any version digit: a newer one is refused later
with "update Scorebook"), an enrolment card and a roster update are DSSE envelopes whose
``payloadType`` names them, a case is a folder with ``case.db`` and ``case.key`` (the key file
or the database may be the path given). Where the content says nothing the name decides
(a bundle cut short on the stick still goes to the import, which says what is wrong with it).
Nothing is decrypted or verified here, and no more than the first ``SNIFF_BYTES`` of a file are
read; every failure to read is ``FileKind.UNKNOWN`` with the reason, never an exception.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop.domain.messages import N_

SNIFF_BYTES = 64 * 1024
CASE_DB, CASE_KEY = "case.db", "case.key"


class FileKind(StrEnum):
    BUNDLE = "bundle"  # a reviewer's or leader's score bundle: the office's / leader's import
    PACKAGE = "package"  # a panel package: a new case file from it
    CARD = "card"  # a reviewer's enrolment card: the office enrols the reviewer
    ROSTER = "roster"  # a roster update: imported into the open case
    CASE = "case"  # a case folder: open it
    UNKNOWN = "unknown"


LABELS = {
    FileKind.BUNDLE: N_("Score bundle"),
    FileKind.PACKAGE: N_("Panel package"),
    FileKind.CARD: N_("Enrolment card"),
    FileKind.ROSTER: N_("Roster update"),
    FileKind.CASE: N_("Case file"),
    FileKind.UNKNOWN: N_("Not a Scorebook file"),
}
# The desktop entry's Comment (packaging/linux/build_deb.py reads its translations)
APP_COMMENT = N_("Offline scoring for quality-award review panels")
SUFFIXES = {".sbb": FileKind.BUNDLE, ".sbp": FileKind.PACKAGE, ".card": FileKind.CARD,
            ".sbr": FileKind.ROSTER}
_MAGIC = {b"SCBKBDL": FileKind.BUNDLE, b"SCBKPKG": FileKind.PACKAGE}
_PAYLOAD_TYPES = {"application/vnd.scorebook.enrolment+json": FileKind.CARD,
                  "application/vnd.scorebook.roster+json": FileKind.ROSTER}


@dataclass(frozen=True)
class OpenedFile:
    """A path classified: ``kind``, the file itself, the case folder for a case, and why it is
    ``UNKNOWN`` (an English msgid to translate) when it is."""

    path: Path
    kind: FileKind
    case_folder: Path | None = None
    problem: str | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def classify(path: Path) -> OpenedFile:
    path = Path(path)
    try:
        if path.is_dir():
            if (path / CASE_DB).is_file() and (path / CASE_KEY).is_file():
                return OpenedFile(path, FileKind.CASE, case_folder=path)
            return OpenedFile(path, FileKind.UNKNOWN, problem=N_("is a folder, not a file"))
        if path.name in (CASE_DB, CASE_KEY) and (path.parent / CASE_DB).is_file() \
                and (path.parent / CASE_KEY).is_file():
            return OpenedFile(path, FileKind.CASE, case_folder=path.parent)
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except FileNotFoundError:
        return OpenedFile(path, FileKind.UNKNOWN, problem=N_("no such file"))
    except PermissionError:
        return OpenedFile(path, FileKind.UNKNOWN, problem=N_("permission denied"))
    except OSError:
        return OpenedFile(path, FileKind.UNKNOWN, problem=N_("cannot be read"))
    kind = _by_content(head) or SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return OpenedFile(path, FileKind.UNKNOWN,
                          problem=N_("is not a score bundle, panel package, enrolment card, "
                                     "roster update or case file"))
    return OpenedFile(path, kind)


def _by_content(head: bytes) -> FileKind | None:
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.lstrip()[:1] != b"{":
        return None
    try:  # a whole small envelope parses; a longer one is named by its suffix instead
        envelope = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    payload_type = envelope.get("payloadType") if isinstance(envelope, dict) else None
    return _PAYLOAD_TYPES.get(payload_type) if isinstance(payload_type, str) else None


VALUE_OPTIONS = frozenset({"--screenshot", "--size", "--language", "--lang", "-platform",
                           "-style", "-display"})


def file_argument(argv: Sequence[str]) -> Path | None:
    """The file a start was given (``scorebook-app FILE``, what a desktop entry's ``%f`` makes):
    the one argument that is neither an option nor an option's value, if it names an existing
    path."""
    found: Path | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg.startswith("-") or (i > 0 and args[i - 1] in VALUE_OPTIONS):
            continue
        found = Path(arg)
    return found if found is not None and found.exists() else None


__all__ = ["APP_COMMENT", "LABELS", "SUFFIXES", "FileKind", "OpenedFile", "classify",
           "file_argument"]
