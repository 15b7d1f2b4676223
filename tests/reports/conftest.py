"""Reading PDFs back: pdftotext, pypdf text, every decompressed stream and the raw bytes."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest


@dataclass
class ReadBack:
    path: Path
    raw: bytes
    text: str  # pdftotext (honours /ActualText)
    pypdf_text: str
    streams: list[bytes]  # every stream object, decompressed
    pages: int

    def everywhere(self) -> list[bytes]:
        return [self.raw, self.text.encode(), self.pypdf_text.encode(), *self.streams]


def read_back(path: Path) -> ReadBack:
    raw = path.read_bytes()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    reader = pypdf.PdfReader(path)
    pypdf_text = "\n".join(page.extract_text() or "" for page in reader.pages)
    streams = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            streams.append(contents.get_data())
    for num in range(1, int(reader.trailer["/Size"])):  # type: ignore[call-overload]
        try:
            obj = reader.get_object(num)
        except Exception:  # a free object number
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            streams.append(obj.get_data())
    return ReadBack(path, raw, text, pypdf_text, streams, len(reader.pages))


@pytest.fixture
def read() -> type[ReadBack] | object:
    return read_back
