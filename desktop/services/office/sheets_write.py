"""Writing workbooks the way an office hands them on (openpyxl; no format code of our own).

A ``SheetSpec`` is what one sheet shows: title lines naming the programme, the cycle and the
office; a header row (frozen, repeated on every printed page); typed columns, so numbers stay
numbers with their decimals, percentages percentages and dates dates; a line under a given row
(the quota line of a ranking, in red) and rows to shade (within the quota). Column widths follow
the content (a Chinese character counts twice); every sheet prints on A4 landscape, fitted to
the page width, its title and page numbers in the page header and footer.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

TITLE_FONT_SIZE = 14
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in Excel's character units
QUOTA_RED = "C00000"
WITHIN_FILL = "D8F0DC"  # the ranking page's colour for places within the quota
HEADER_FILL = "DDE4EE"
SHEET_NAME_CHARS = 31
LIST_LIMIT = 255  # Excel's longest inline list of a data validation
LIST_SHEET = "lists"
_BAD_NAME = str.maketrans({c: "·" for c in "[]:*?/\\"})


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    DEC1 = "dec1"  # one decimal
    DEC2 = "dec2"  # two decimals (scores)
    PCT = "pct"  # a fraction shown as a percentage with one decimal
    DATE = "date"
    CODE = "code"  # text that looks like a number (credit codes, IDs): kept as text


FORMATS = {Kind.INT: "0", Kind.DEC1: "0.0", Kind.DEC2: "0.00", Kind.PCT: "0.0%",
           Kind.DATE: "yyyy-mm-dd", Kind.CODE: "@", Kind.TEXT: "General"}


@dataclass(frozen=True)
class Col:
    header: str
    kind: Kind = Kind.TEXT
    wrap: bool = False  # long text (comments, rationales): wrapped in a capped width


@dataclass(frozen=True)
class SheetSpec:
    name: str  # the sheet's tab
    titles: tuple[str, ...]  # lines above the header (programme, cycle, office, date)
    columns: tuple[Col, ...]
    rows: Sequence[Sequence[Any]]
    line_after: int | None = None  # a red line under this data row (0-based): the quota line
    line_label: str = ""  # said in the last title line where the line is
    shaded: frozenset[int] = frozenset()  # data rows (0-based) shaded as within the quota
    notes: tuple[str, ...] = ()  # lines under the table


@dataclass(frozen=True)
class Validation:
    """Data validation of a template column: a list of choices, or a text length."""

    column: int  # 0-based
    choices: tuple[str, ...] = ()
    length: int | None = None
    prompt: str = ""
    error: str = ""


@dataclass(frozen=True)
class Workbook:
    title: str
    author: str
    sheets: tuple[SheetSpec, ...]
    validations: dict[str, tuple[Validation, ...]] = field(default_factory=dict)  # by sheet
    blank_rows: int = 0  # template: rows below the header that carry the validation


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sheet_name(text: str, taken: set[str]) -> str:
    """A tab name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = (text.translate(_BAD_NAME).strip("'") or "Sheet")[:SHEET_NAME_CHARS]
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[:SHEET_NAME_CHARS - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _value(value: Any, kind: Kind) -> Any:
    if value is None or value == "":
        return None
    if kind in (Kind.INT, Kind.DEC1, Kind.DEC2, Kind.PCT):
        if isinstance(value, bool):
            return int(value)
        number = Decimal(str(value))
        if kind is Kind.INT:
            return int(number)
        return float(number)  # a number cell; the format shows the decimals
    if kind is Kind.DATE:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        return value if isinstance(value, date) else str(value)
    return str(value)


def _shown(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind is Kind.DATE:
        return "2025-12-31"
    if kind in (Kind.DEC1, Kind.DEC2, Kind.PCT):
        return f"{float(value):.2f}%"
    return str(value)


def _fill_sheet(ws: Any, spec: SheetSpec, blank_rows: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    width = max(len(spec.columns), 1)
    for n, line in enumerate(spec.titles, start=1):
        cell = ws.cell(row=n, column=1, value=line)
        cell.font = Font(bold=n == 1, size=TITLE_FONT_SIZE if n == 1 else 11)
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
    header_row = len(spec.titles) + 1
    thin = Side(style="thin", color="999999")
    for c, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=header_row, column=c, value=col.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=thin, top=thin, left=thin, right=thin)
    widths = [display_width(col.header) for col in spec.columns]
    red = Side(style="medium", color=QUOTA_RED)
    shade = PatternFill("solid", fgColor=WITHIN_FILL)
    for r, values in enumerate(spec.rows):
        excel_row = header_row + 1 + r
        for c, (col, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            cell = ws.cell(row=excel_row, column=c, value=_value(value, col.kind))
            cell.number_format = FORMATS[col.kind]
            if col.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r in spec.shaded:
                cell.fill = shade
            if spec.line_after == r:
                cell.border = Border(bottom=red)
            widths[c - 1] = max(widths[c - 1], display_width(_shown(value, col.kind)))
    for c, col in enumerate(spec.columns, start=1):
        if col.kind is Kind.CODE:  # typed codes stay text in a template's blank rows too
            for r in range(blank_rows):
                ws.cell(row=header_row + 1 + r, column=c).number_format = "@"
    below = header_row + len(spec.rows) + 2
    for n, note in enumerate(spec.notes):
        ws.cell(row=below + n, column=1, value=note)
    for c, w in enumerate(widths, start=1):
        limit = 40 if spec.columns[c - 1].wrap else MAX_WIDTH
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, MIN_WIDTH), limit)
    ws.row_dimensions[header_row].height = 30
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = (spec.titles[0] if spec.titles else spec.name).replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"


def _validate(ws: Any, spec: SheetSpec, rules: Sequence[Validation], rows: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    first = len(spec.titles) + 2
    for rule in rules:
        letter = get_column_letter(rule.column + 1)
        inline = '"' + ",".join(rule.choices) + '"'
        if rule.choices and (len(inline) > LIST_LIMIT or any("," in c for c in rule.choices)):
            source = _list_sheet(ws.parent, rule.choices)  # too long to write inline
            dv = DataValidation(type="list", formula1=source, allow_blank=True)
        elif rule.choices:
            dv = DataValidation(type="list", formula1=inline, allow_blank=True)
        else:
            dv = DataValidation(type="textLength", operator="equal",
                                formula1=str(rule.length), allow_blank=True)
        dv.promptTitle, dv.prompt = spec.columns[rule.column].header[:32], rule.prompt[:255]
        dv.errorTitle, dv.error = spec.columns[rule.column].header[:32], rule.error[:255]
        dv.showInputMessage = dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{first + rows - 1}")


def _list_sheet(wb: Any, choices: Sequence[str]) -> str:
    """A hidden sheet holding a list of choices (a column per list); its range as a formula."""
    from openpyxl.utils import get_column_letter

    ws = wb[LIST_SHEET] if LIST_SHEET in wb.sheetnames else wb.create_sheet(LIST_SHEET)
    ws.sheet_state = "hidden"
    col = ws.max_column + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
    for r, choice in enumerate(choices, start=1):
        ws.cell(row=r, column=col, value=choice)
    letter = get_column_letter(col)
    return f"'{LIST_SHEET}'!${letter}$1:${letter}${len(choices)}"


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file's bytes (nothing written to disk)."""
    from openpyxl import Workbook as OpenpyxlBook

    wb = OpenpyxlBook()
    for first in list(wb.worksheets):
        wb.remove(first)
    taken: set[str] = set()
    for spec in book.sheets:
        ws = wb.create_sheet(sheet_name(spec.name, taken))
        _fill_sheet(ws, spec, book.blank_rows)
        _validate(ws, spec, book.validations.get(spec.name, ()), book.blank_rows)
    wb.properties.title = book.title
    wb.properties.creator = book.author
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
