"""Reading the office's spreadsheets (.xlsx from Excel or WPS, .csv): one sheet as a table.

What a person expects of a workbook is kept: a formula counts with the value Excel or WPS last
computed (a formula never computed is a problem named at its cell, never a silent blank); a
merged cell's value stands in every cell it covers, so a title merged across the top or a header
merged over two rows reads as it looks; blank rows (those at the end most of all) are skipped;
a number in a text column reads as a person wrote it (13800000000, not 13800000000.0). The
header row is found among the first rows as the one whose cells name the most fields.

Nothing here knows applicants or reviewers: ``sheets_import`` matches the columns to fields.
Every problem names the sheet, the row, the column and what is wrong. A file that is not a
workbook, an old binary .xls, an empty sheet and a sheet too large to be a list of applicants
are refused before anything else is read. Uses openpyxl (no workbook format code of our own).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.i18n.formatting import join_list

MAX_FILE_BYTES = 16 * 1024 * 1024  # a workbook or CSV file as stored
MAX_UNPACKED_BYTES = 96 * 1024 * 1024  # an .xlsx is a zip: what its parts unpack to
MAX_ROWS = 5000  # data rows: a list of applicants or reviewers, not a database dump
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 12  # the header row is one of the first rows (titles may stand above)
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number
SUFFIXES = (".xlsx", ".xlsm", ".csv")


class SheetRejected(InputRejected):
    """A spreadsheet cannot be read or its rows are wrong; ``problems`` names each one."""

    def __init__(self, message: Msg, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is: sheet, row (1-based, as the program shows it), column
    (its letter and header), and what."""

    sheet: str
    row: int | None
    column: str
    header: str
    problem: Msg

    def message(self) -> Msg:
        if self.row is None:
            return Msg(N_("Sheet {sheet}: {problem}"), {"sheet": self.sheet,
                                                          "problem": self.problem})
        if not self.column:
            return Msg(N_("Sheet {sheet}, row {row}: {problem}"),
                       {"sheet": self.sheet, "row": self.row, "problem": self.problem})
        return Msg(N_("Sheet {sheet}, row {row}, column {column} ({header}): {problem}"),
                   {"sheet": self.sheet, "row": self.row, "column": self.column,
                    "header": self.header or "—", "problem": self.problem})


@dataclass(frozen=True)
class Cell:
    """A cell's value as read (a formula's last computed value), and its formula if any."""

    value: Any
    formula: str | None = None


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    letter: str
    header: str  # the header text; a two-row header joins its rows ("联系人 电话")
    parts: tuple[str, ...]  # the header's rows (top first), each tried when matching


@dataclass(frozen=True)
class Row:
    number: int  # as the program shows it
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    file: str
    sheet: str
    sheets: tuple[str, ...]  # every sheet of the workbook (one for a CSV file)
    header_row: int  # its number; the data begins below (below both rows of a 2-row header)
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # non-blank data rows


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(][^）)]*[）)]")  # "（必填）", "(optional)"


def fold_header(text: str) -> str:
    """A header as compared: full-width folded, case folded, spaces, stars, colons and notes
    in brackets dropped ("*单位名称（全称）：" → "单位名称")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _NOTE.sub("", folded)
    return re.sub(r"[\s*:：#№.、_\-]+", "", folded)


def cell_text(value: Any) -> str:
    """A cell as text, as a person reads it: whole numbers without ".0", dates as YYYY-MM-DD,
    white space (line breaks in a cell too) folded to one space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10 ** EXCEL_DIGITS:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\u3000", " ")
    return _SPACE.sub(" ", text).strip()


def _refuse(file: str, problem: str, **params: Any) -> SheetRejected:
    return SheetRejected(Msg(N_("{file}: {problem}"), {"file": file, "problem":
                                                         Msg(problem, params)}))


def read_table(path: Path, sheet: str | None = None, *, name: str | None = None,
               header_names: Iterable[str] = ()) -> Table:
    """The sheet named ``sheet`` (default: the first) of an .xlsx file, or a CSV file, as a
    table. ``header_names``: folded header texts that mark the header row."""
    file = name or path.name
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        raise _refuse(file, N_("this is an old or foreign spreadsheet format: save it as an "
                               "Excel workbook (.xlsx) in Excel or WPS and import that"))
    if suffix not in SUFFIXES:
        raise _refuse(file, N_("not a spreadsheet: give an Excel workbook (.xlsx) or a CSV "
                               "file (.csv)"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(file, N_("cannot be read: {reason}"),
                      reason=exc.strerror or type(exc).__name__) from None
    if size > MAX_FILE_BYTES:
        raise _refuse(file, N_("the file is {size} MB; a list of applicants or reviewers is "
                               "at most {limit} MB"), size=size // (1024 * 1024),
                      limit=MAX_FILE_BYTES // (1024 * 1024))
    data = path.read_bytes()
    keys = frozenset(header_names)
    if suffix == ".csv":
        return _csv_table(file, data, keys)
    return _xlsx_table(file, data, sheet, keys)


# --- .xlsx ------------------------------------------------------------------------------------


def _open_zip(file: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            names = set(z.namelist())
    except zipfile.BadZipFile:
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the old binary .xls
            raise _refuse(file, N_("this is an old .xls workbook under another name: save it "
                                   "as .xlsx in Excel or WPS and import that")) from None
        raise _refuse(file, N_("not an Excel workbook (.xlsx): the file is damaged or of "
                               "another kind")) from None
    if "xl/workbook.xml" not in names:
        raise _refuse(file, N_("not an Excel workbook (.xlsx): the file is damaged or of "
                               "another kind"))
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(file, N_("the workbook unpacks to more than {limit} MB: it is not a "
                               "list of applicants or reviewers"),
                      limit=MAX_UNPACKED_BYTES // (1024 * 1024))


def _load(file: str, data: bytes, values: bool) -> Any:
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # e.g. "Data Validation extension is not supported"
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=values, read_only=False,
                                 keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged part
        raise _refuse(file, N_("not an Excel workbook (.xlsx): the file is damaged or of "
                               "another kind")) from None


def _xlsx_table(file: str, data: bytes, sheet: str | None, keys: frozenset[str]) -> Table:
    _open_zip(file, data)
    book = _load(file, data, values=True)
    names = tuple(str(n) for n in book.sheetnames)
    if sheet is None:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise _refuse(file, N_("the workbook has no sheet"))
        ws = visible[0]
    elif sheet in names:
        ws = book[sheet]
    else:
        raise _refuse(file, N_("no sheet '{sheet}' in the workbook; its sheets are: {sheets}"),
                      sheet=sheet, sheets=join_list(names))
    title = str(ws.title)
    if not hasattr(ws, "merged_cells"):  # a chart sheet
        raise _refuse(file, N_("sheet '{sheet}' holds no table"), sheet=title)
    if ws.max_row - 1 > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise _refuse(file, N_("sheet '{sheet}' has {rows} rows; a list of applicants or "
                               "reviewers has at most {limit}"), sheet=title, rows=ws.max_row,
                      limit=MAX_ROWS)
    width = min(ws.max_column, MAX_COLUMNS)
    formulas = _load(file, data, values=False)[title]
    grid: list[list[Cell]] = []
    for vals, forms in zip(ws.iter_rows(max_col=width, values_only=True),
                           formulas.iter_rows(max_col=width, values_only=True), strict=False):
        grid.append([Cell(v, f if isinstance(f, str) and f.startswith("=") else None)
                     for v, f in zip(vals, forms, strict=False)])
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    for top, left, bottom, right in merged:  # the value stands in every cell it covers
        if top - 1 >= len(grid) or left - 1 >= width:
            continue
        first = grid[top - 1][left - 1]
        for r in range(top - 1, min(bottom, len(grid))):
            for c in range(left - 1, min(right, width)):
                grid[r][c] = first
    vertical = {(top, c): bottom for top, left, bottom, right in merged if bottom > top
                for c in range(left, right + 1)}
    return _table(file, title, names, grid, keys, vertical)


# --- .csv -------------------------------------------------------------------------------------


def _decode(file: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel and WPS in China save GBK by default
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(file, N_("the CSV file is neither UTF-8 nor GBK text"))


def _csv_table(file: str, data: bytes, keys: frozenset[str]) -> Table:
    text = _decode(file, data)
    if "\x00" in text:
        raise _refuse(file, N_("not a CSV text file"))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid: list[list[Cell]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _refuse(file, N_("sheet '{sheet}' has {rows} rows; a list of "
                                       "applicants or reviewers has at most {limit}"),
                              sheet=Path(file).stem, rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
            grid.append([Cell(v) for v in record[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise _refuse(file, N_("not a readable CSV file: {reason}"), reason=str(exc)) from None
    return _table(file, Path(file).stem, (Path(file).stem,), grid, keys, {})


# --- the table --------------------------------------------------------------------------------


def _blank(cells: Sequence[Cell]) -> bool:
    return all(cell_text(c.value) == "" and not c.formula for c in cells)


def _header_at(grid: list[list[Cell]], keys: frozenset[str]) -> int:
    """The index of the header row: among the first rows, the one naming the most fields
    (ties: the first); without any field named, the first non-blank row."""
    best, best_hits = -1, 0
    for i, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = {fold_header(cell_text(c.value)) for c in cells}
        hits = len(texts & keys)
        if hits > best_hits:
            best, best_hits = i, hits
    if best >= 0:
        return best
    return next((i for i, cells in enumerate(grid) if not _blank(cells)), -1)


def _table(file: str, sheet: str, sheets: tuple[str, ...], grid: list[list[Cell]],
           keys: frozenset[str], vertical: dict[tuple[int, int], int]) -> Table:
    at = _header_at(grid, keys)
    # a header merged down over two rows: the header starts at the top of the merge
    at = min([at, *(top - 1 for (top, _c), bottom in vertical.items()
                    if top <= at < bottom)]) if at >= 0 else at
    if at < 0:
        raise SheetRejected(Problem(sheet, None, "", "", Msg(N_(
            "the sheet is empty"))).message())
    width = max((len(r) for r in grid), default=0)
    header = grid[at] + [Cell(None)] * (width - len(grid[at]))
    # a header cell merged down over the next row: that row holds sub-headers (联系人 → 电话)
    below = max((vertical.get((at + 1, c + 1), at + 1) for c in range(width)), default=at + 1)
    sub_rows = [grid[r] if r < len(grid) else [] for r in range(at + 1, below)]
    columns = []
    for c in range(width):
        parts: list[str] = []
        for cells in [header, *sub_rows]:
            text = cell_text(cells[c].value) if c < len(cells) else ""
            if text and text not in parts:
                parts.append(text)
        columns.append(Column(c, column_letter(c), " ".join(parts), tuple(parts)))
    rows = []
    for r in range(below, len(grid)):
        cells = grid[r] + [Cell(None)] * (width - len(grid[r]))
        if not _blank(cells):
            rows.append(Row(r + 1, tuple(cells)))
    if len(rows) > MAX_ROWS:
        raise SheetRejected(Msg(N_("{file}: {problem}"), {"file": file, "problem": Msg(
            N_("sheet '{sheet}' has {rows} rows; a list of applicants or reviewers has at "
               "most {limit}"), {"sheet": sheet, "rows": len(rows), "limit": MAX_ROWS})}))
    return Table(file, sheet, sheets, at + 1, tuple(columns), tuple(rows))
