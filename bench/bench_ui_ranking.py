"""The office ranking with 500 applicants stays responsive: frame time while scrolling and after
an edit, against a bare QTableView over a plain QStandardItemModel with the same data.

Offscreen, one process, both views the same size. A frame is one page of scrolling (or one
changed row) followed by a synchronous repaint of the viewport. The edit on the office side goes
the way the ranking page shows a changed ranking: ``RankingModel.show_category`` with one score
changed (marks ties, compares every row, signals the changed one, re-derives the quota line).
The re-ranking that precedes it in the office (the service over the whole workspace) is timed
by ``bench_office_rank``. Prints ms per frame and the ratios; no asserts.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from desktop.ui.fonts import load_bundled_fonts
from desktop.ui.office.common import make_table
from desktop.ui.office.ranking_view import RankingLine, RankingModel, RankingTableView

APPLICANTS = 500
QUOTA = 30
FRAMES = 200
ROUNDS = 5


def ranking_rows(n: int, bump: int = -1) -> list[RankingLine]:
    """Rows as the ranking page builds them from ``ranking.rank()``, with ties every 37
    places; ``bump`` raises one applicant's score by a hundredth (the edit)."""
    rows = []
    for i in range(n):
        score = Decimal(900) - Decimal(i - i % 37 // 36) * Decimal("0.75")
        if i == bump:
            score += Decimal("0.01")
        rows.append(RankingLine(f"A{i + 1:03d}", f"内蒙古示范企业{i + 1}股份有限公司",
                                score=score, rank=i + 1,
                                place="within_quota" if i < QUOTA else "below_quota"))
    return rows


def frame_times(view: QTableView, step: Any) -> list[float]:
    times = []
    for i in range(FRAMES):
        start = time.perf_counter()
        step(i)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    return times


def scroll_step(view: QTableView) -> Any:
    bar = view.verticalScrollBar()

    def step(i: int) -> None:
        bar.setValue(0 if bar.value() >= bar.maximum() else bar.value() + bar.pageStep())
    return step


def bench_office(app: QApplication) -> tuple[float, float]:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    parent = QWidget()
    model = RankingModel(parent)
    view = make_table(parent, model, load_bundled_fonts(), view_class=RankingTableView)
    model.set_category(ranking_rows(APPLICANTS), QUOTA)
    box = QVBoxLayout(parent)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(view)
    parent.resize(1000, 700)
    parent.show()
    app.processEvents()
    assert view.isVisible()
    scroll = statistics.median(frame_times(view, scroll_step(view)))
    view.scrollToTop()

    edits = [ranking_rows(APPLICANTS, bump=k) for k in range(20)]  # built outside the timing

    def edit(i: int) -> None:
        model.show_category(edits[i % 20], QUOTA)
    edit_time = statistics.median(frame_times(view, edit))
    parent.close()
    return scroll, edit_time


def bench_bare(app: QApplication) -> tuple[float, float]:
    rows = ranking_rows(APPLICANTS)
    model = QStandardItemModel(len(rows), 5)
    for r, row in enumerate(rows):
        for c, value in enumerate((row.rank, row.ref, row.name, row.score, row.place)):
            model.setItem(r, c, QStandardItem(str(value)))
    view = QTableView()
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    assert view.isVisible()
    scroll = statistics.median(frame_times(view, scroll_step(view)))
    view.scrollToTop()

    def edit(i: int) -> None:
        item = model.item(i % 20, 3)
        assert item is not None
        item.setText(str(Decimal(str(rows[i % 20].score)) + Decimal("0.01")))
    edit_time = statistics.median(frame_times(view, edit))
    view.close()
    return scroll, edit_time


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    office, bare = [], []
    for _ in range(ROUNDS):  # interleaved, so drift hits both alike
        office.append(bench_office(app))
        bare.append(bench_bare(app))
    for label, i in (("scroll a page", 0), ("edit a score", 1)):
        o = statistics.median(x[i] for x in office) * 1000
        b = statistics.median(x[i] for x in bare) * 1000
        print(f"ranking {label}: office {o:.2f} ms/frame, bare QTableView {b:.2f} ms/frame, "
              f"ratio {o / b:.2f}x ({APPLICANTS} applicants, median of {ROUNDS}×{FRAMES})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
