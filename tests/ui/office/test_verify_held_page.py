"""The Import page's "Verify held bundles" on the demo workspace: every held bundle verifies;
after a held row is altered directly in the database, the report window names that bundle."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desktop.models.office.review import ReceivedBundle
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.helpers import check_model
from tests.ui.office.conftest import wait_idle


def test_verify_held_bundles_shows_the_report_and_names_an_altered_row(
        qtbot: QtBot, qtmodeltester: object, office: OfficeController,
        window: MainWindow) -> None:
    window.show_page("office_import")
    page = office.page("import")
    assert page.verify_button.isVisible() and page.verify_button.text() == \
        "Verif&y held bundles"
    wait_idle(qtbot, office, page.verify_held)
    dialog = page.verify_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.model.rows()
    assert rows and all(r.ok for r in rows)
    assert "Every held bundle verifies" in dialog.summary.text()
    assert not page.message.is_error() and "verify" in page.message.text()
    assert (page.progress.bar.maximum(), page.progress.bar.value()) == (len(rows), len(rows))
    check_model(qtmodeltester, dialog.model)

    ws = office.session.workspace
    with ws.uow() as s:  # what someone with write access to the database could do
        row = s.execute(select(ReceivedBundle).where(ReceivedBundle.kind == "scores")
                        .order_by(ReceivedBundle.file_name).limit(1)).scalar_one()
        target = row.file_name
        s.execute(update(ReceivedBundle).where(ReceivedBundle.id == row.id).values(
            revision=row.revision + 1))
    wait_idle(qtbot, office, page.verify_held)
    first = dialog.model.rows()[0]  # those that do not verify come first
    assert first.file == target and not first.ok
    assert dialog.model.index(0, 1).data() == "does not verify"
    assert "revision differs" in dialog.model.index(0, 6).data()
    assert [r.file for r in dialog.model.rows() if not r.ok] == [target]
    assert page.message.is_error() and "1 held bundle or roster does not verify" in \
        page.message.text()
