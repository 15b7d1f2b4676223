"""Versions of the files Scorebook hands from one machine to another, and how a reader treats
a version.

Each sealed file says its version twice, both explicit:

- the container's cleartext magic, whose eighth byte is the layout version (``SCBKBDL1`` for a
  score bundle, ``SCBKPKG1`` for a panel package, ``SCBKPKG2`` for one whose documents follow
  its sealed head), read before anything is decrypted;
- the signed content's ``format`` field, ``<name>/<version>`` (``scorebook-bundle/1``,
  ``scorebook-package/1``, with ``scorebook-roster/1`` for the roster a package carries and
  ``scorebook.panel-content/1`` for its content), read after the signature is verified and
  before the content is checked against its schema.

Every reader accepts each version it knows (``readable``: all of them, from 1 to ``current``, so
a newer office reads every older bundle), refuses a *newer* one with ``NewerFormat`` — whose
message tells the person to update Scorebook — and anything else as ``Malformed``. A writer
always writes ``current``. When a format changes, its ``current`` goes up, the old version keeps
its reader (schema) here and in the module that opens it, and tests/data/formats-v1 keeps files
of version 1 that today's code must still open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop.crypto.errors import Malformed, NewerFormat
from desktop.domain.messages import N_

_TAG = re.compile(r"([a-z][a-z.-]{0,63})/([1-9][0-9]{0,5})")


@dataclass(frozen=True)
class Family:
    """One kind of exchanged document: its ``format`` name, the version written today, and
    the kind of file a person is told about (``NewerFormat``)."""

    name: str
    current: int
    kind: str  # bundle | package | roster

    @property
    def tag(self) -> str:
        """What a writer puts in ``format``."""
        return f"{self.name}/{self.current}"

    @property
    def readable(self) -> range:
        return range(1, self.current + 1)

    def version_of(self, doc: Any, where: str) -> int:
        """The version ``doc["format"]`` names: a known one, else ``NewerFormat`` (newer than
        this Scorebook knows) or ``Malformed``."""
        value = doc.get("format") if isinstance(doc, dict) else None
        match = _TAG.fullmatch(value) if isinstance(value, str) else None
        if match is None or match.group(1) != self.name:
            raise Malformed(N_("{path}: {problem}"), path=f"{where}.format",
                            problem=N_("is not one of the allowed values"))
        version = int(match.group(2))
        if version > self.current:  # shown: our own name and a number, nothing else
            raise NewerFormat(self.kind, f"{self.name}/{version}", self.tag)
        return version


BUNDLE = Family("scorebook-bundle", 2, "bundle")
PACKAGE = Family("scorebook-package", 1, "package")
ROSTER = Family("scorebook-roster", 1, "roster")
# What the office puts in a package (programme, stages, applicants…): part of the package.
CONTENT = Family("scorebook.panel-content", 2, "package")

_MAGIC_KIND = {b"SCBKBDL": "bundle", b"SCBKPKG": "package"}


def check_magic(magic: bytes, data: bytes, kind: str | None = None) -> None:
    """Refuse bytes whose magic names a newer version of ``magic``'s layout (``NewerFormat``):
    the last byte of a magic is its version digit. Any other mismatch is left to the caller
    (``Malformed``). ``kind`` defaults to the container's (bundle, package)."""
    head = data[:len(magic)]
    if len(head) < len(magic) or head == magic or head[:-1] != magic[:-1]:
        return
    version, known = head[-1:], magic[-1:]
    if version.isdigit() and version > known:
        raise NewerFormat(kind or _MAGIC_KIND.get(magic[:-1], "file"), head.decode("ascii"),
                          magic.decode("ascii"))


__all__ = ["BUNDLE", "CONTENT", "PACKAGE", "ROSTER", "Family", "check_magic"]
