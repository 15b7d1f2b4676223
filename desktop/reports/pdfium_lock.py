"""One PDFium call at a time in the whole process.

PDFium is not thread-safe: the viewer draws pages on a worker thread while a preview or a paper
print may draw on another. Every module that calls ``pypdfium2`` holds ``PDFIUM_LOCK`` around
its calls (per page for long loops, so a print never freezes the viewer for its whole length).
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
