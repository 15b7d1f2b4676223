"""Typed errors of the PDF builders: raised before any output file is created."""

from __future__ import annotations

from desktop.domain.errors import InputRejected


class ReportInputError(InputRejected):
    """A document's input is incomplete or inconsistent (e.g. a filled sheet without scores)."""


class UnprintableText(InputRejected):
    """A character has no glyph in the bundled fonts: it would print as a blank or a box."""


class OutputError(InputRejected):
    """The PDF cannot be written where asked (missing folder, permission)."""
