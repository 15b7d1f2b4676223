"""File › Print… in the office window: enabled on the office's pages, it opens the Print page."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController


def test_file_print_opens_the_office_print_page(window: MainWindow,
                                                office: OfficeController) -> None:
    assert window.current_page() == "office_cycle"
    assert window.act_print.isEnabled()
    window.act_print.trigger()
    assert window.current_page() == "office_print"
    assert window.nav.current() == "office_print"
    window.show_page("start")
    assert not window.act_print.isEnabled() and "Nothing to print" in window.act_print.toolTip()
