"""Workbooks as offices send them, made with openpyxl (and, where openpyxl cannot, as Excel
saves them: a formula's computed value is written into the file's XML as Excel does)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def sheet(rows: Sequence[Sequence[Any]], title: str = "汇总表") -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = title
    for row in rows:
        ws.append(list(row))
    return wb, ws


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def with_cached(path: Path, values: Mapping[str, str], sheet_part: str = "sheet1") -> Path:
    """Give formula cells the value Excel computed and saved (openpyxl writes none)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == f"xl/worksheets/{sheet_part}.xml":
                xml = data.decode()
                for ref, value in values.items():
                    xml, n = re.subn(rf'<c r="{ref}"(?: [^>]*)?><f>(.*?)</f><v ?/>',
                                     rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v>', xml)
                    assert n == 1, ref
                data = xml.encode()
            out.writestr(info, data)
    path.write_bytes(buf.getvalue())
    return path
