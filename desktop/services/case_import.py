"""Reading a CSV of scores (applicant, stage, item, percent, strengths, improvements).

All or nothing: every row is checked before anything is written, and the first bad row rejects
the whole file with a message naming the row and the field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.criteria import Framework
from desktop.domain.errors import FileFormatError, InputRejected
from desktop.domain.messages import N_
from desktop.domain.scoring import parse_pct
from desktop.services.case_types import MAX_COMMENT

COLUMNS = ("applicant", "stage", "item", "percent", "strengths", "improvements")
MAX_CSV_BYTES = 8 * 1024 * 1024


class ScoreImportError(FileFormatError):
    """A score CSV was rejected; nothing was imported."""


@dataclass(frozen=True)
class ScoreRow:
    line: int
    applicant: str
    stage: str
    item: str
    pct: int
    strengths: str
    improvements: str


def read_score_rows(path: Path, framework: Framework) -> list[ScoreRow]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ScoreImportError(name, "(file)", N_("file is larger than {limit} MiB"),
                                   limit=MAX_CSV_BYTES // (1024 * 1024))
        raw = path.read_bytes()
    except OSError:
        raise ScoreImportError(name, "(file)", N_("cannot be read")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScoreImportError(name, "(file)", N_("not UTF-8 text")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ScoreImportError(name, "row 1", N_("no header row")) from None
    if tuple(header) != COLUMNS:
        raise ScoreImportError(name, "row 1", N_("the columns must be: {columns}"),
                               columns=", ".join(COLUMNS))
    rows: list[ScoreRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    try:
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            rows.append(_row(name, number, record, framework, seen))
    except csv.Error:
        raise ScoreImportError(name, f"row {reader.line_num}", N_("not valid CSV")) from None
    if not rows:
        raise ScoreImportError(name, "(file)", N_("no score rows"))
    return rows


def _row(name: str, number: int, record: list[str], framework: Framework,
         seen: dict[tuple[str, str, str], int]) -> ScoreRow:
    where = f"row {number}"
    if len(record) != len(COLUMNS):
        raise ScoreImportError(name, where, N_("expected {n} fields, found {found}"),
                               n=len(COLUMNS), found=len(record))
    applicant, stage, item, percent, strengths, improvements = record
    for field, value in (("applicant", applicant), ("stage", stage), ("item", item)):
        if not value.strip():
            raise ScoreImportError(name, f"{where}, {field}", N_("is empty"))
    if not framework.has_item(item.strip()):
        raise ScoreImportError(name, f"{where}, item", N_("unknown criteria item {item}"),
                               item=item.strip())
    try:
        pct = parse_pct(framework, percent)
    except InputRejected as exc:
        raise ScoreImportError(name, f"{where}, percent", N_("{reason}"),
                               reason=exc.message) from None
    for field, value in (("strengths", strengths), ("improvements", improvements)):
        if len(value) > MAX_COMMENT:
            raise ScoreImportError(name, f"{where}, {field}", N_("longer than {limit} characters"),
                                   limit=MAX_COMMENT)
    key = (applicant.strip(), stage.strip(), item.strip())
    if key in seen:
        raise ScoreImportError(name, where, N_("the same item again (first on row {first})"),
                               first=seen[key])
    seen[key] = number
    return ScoreRow(number, *key, pct, strengths, improvements)
