"""The ranking shown again after a change repaints only the changed rows, and passes Qt's model
tester on both paths (a reset for a new category, row signals for a changed score)."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from desktop.ui.office.ranking_view import RankingLine, RankingModel
from tests.ui.helpers import check_model


def _rows(bump: int = -1, n: int = 12) -> list[RankingLine]:
    return [RankingLine(f"A{i:03d}", f"企业{i}", rank=i + 1,
                        score=Decimal(900 - i) + (Decimal("0.01") if i == bump else 0),
                        place="within_quota" if i < 5 else "below_quota")
            for i in range(n)]


def test_a_changed_score_signals_its_row_only(qtbot: QtBot, qtmodeltester: object) -> None:
    model = RankingModel()
    model.set_category(_rows(), 5)
    check_model(qtmodeltester, model)
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    model.show_category(_rows(bump=7), 5)
    assert resets == []
    assert changed == [(7, 7)]
    assert model.rows()[7].score == Decimal("893.01")
    check_model(qtmodeltester, model)


def test_another_category_or_quota_resets(qtbot: QtBot) -> None:
    model = RankingModel()
    model.set_category(_rows(), 5)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.show_category(_rows(n=9), 5)  # other applicants
    model.show_category(_rows(n=9), 3)  # another quota: the line moves
    assert resets == [True, True]
    assert model.quota == 3
