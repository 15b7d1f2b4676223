"""Small things a person notices in the office window: the save indicator shows the time of the
last write, the status bar names the office and not the database engine, the divergence legend
speaks of percentage points (not 分), and bundle import takes several files picked at once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.i18n import _
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.conftest import wait_idle
from tests.ui.office.test_vertical_labels import _switch


def test_the_save_indicator_moves_to_the_last_write(window: MainWindow,
                                                    office: OfficeController) -> None:
    indicator = window.save_indicator
    indicator._time = datetime(2020, 1, 1, 8, 0)  # an open since this morning
    indicator.retranslate()
    page = office.page("notices")
    window.show_page("office_notices")
    page.objection_summary.setText("举报材料不实")
    page.objection_applicant.setCurrentIndex(page.objection_applicant.findData("A001"))
    assert page.log_objection() is True
    assert indicator._time is not None and indicator._time > datetime(2020, 1, 1, 8, 0)
    assert indicator.text().startswith("● Saved")


def test_the_status_bar_names_the_office_not_the_engine(window: MainWindow,
                                                        office: OfficeController) -> None:
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Opened ") and "sqlcipher" not in shown.lower()


@pytest.mark.parametrize("language", ["zh_CN", "mn_Mong_CN"])
def test_the_heatmap_legend_counts_percentage_points(window: MainWindow,
                                                     office: OfficeController,
                                                     language: str) -> None:
    page = office.page("divergence")
    window.show_page("office_divergence")  # reads the cycle's flag rule
    try:
        _switch(window, language)
        label = page.legend.painted_texts()[0]
        if language == "zh_CN":
            assert "百分点" in label and "（分）" not in label
            flag = page.legend.flag_text()  # the rule: "a spread of 20 percentage points"
            assert "百分点" in flag and "分或以上" not in flag
        assert label == _("Spread (percentage points):")
    finally:
        _switch(window, "en")


def test_bundle_import_takes_several_files(qtbot: QtBot, window: MainWindow,
                                           office: OfficeController, demo: Path) -> None:
    page = office.page("import")
    window.show_page("office_import")
    dialog = page.files_dialog()
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    assert "*.sbb" in dialog.nameFilters()[0]
    dialog.deleteLater()
    two = sorted((demo / "bundles").rglob("*.sbb"))[:2]
    assert len(two) == 2
    wait_idle(qtbot, office, lambda: page.import_paths(two))
    assert page.report.rowCount() == 2
    assert {Path(r.file).name for r in page.report.rows()} == {p.name for p in two}


def test_import_reasons_name_stages_not_ids(window: MainWindow,
                                            office: OfficeController) -> None:
    from desktop.domain.messages import Msg
    from desktop.services.office.merge_types import FileResult

    page = office.page("import")
    window.show_page("office_import")
    reason = Msg("stage {stage} does not take bundles in this cycle", {"stage": "onsite"})
    page._show_report([FileResult("x.sbb", "rejected", reason, "R01", "onsite", "scores", 1)])
    text = page.report.index(0, 6).data()
    assert "onsite" not in text and page.report.index(0, 3).data() in text, text
