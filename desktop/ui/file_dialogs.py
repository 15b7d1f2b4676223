"""File dialogs that start where a person looks first and speak the interface language.

Each dialog starts in the folder last chosen (remembered in ``Settings``), else on a mounted
removable volume (a USB stick: where packages, bundles and cards travel), else in the home folder
— never in the program's working directory. In a language Qt ships no catalog for (Traditional
Mongolian), Qt's own, non-native dialog is used: its labels, buttons and columns come from
Scorebook's catalog through ``qt_catalog.CatalogTranslator``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.i18n import current_language
from desktop.ui.settings import Settings
from desktop.ui.widgets.destination import Drives, removable_drives

QT_TRANSLATED = frozenset({"en", "zh_CN"})  # Qt's own catalogs cover these (i18n_qt.py)


def start_folder(settings: Settings | None, drives: Drives = removable_drives) -> str:
    """The folder a file dialog opens in."""
    last = settings.last_folder if settings is not None else None
    if last and Path(last).is_dir():
        return last
    for root, _name, _free in drives():
        if Path(root).is_dir():
            return root
    return str(Path.home())


def _remember(settings: Settings | None, chosen: str, *, is_folder: bool) -> None:
    if settings is None or not chosen:
        return
    folder = Path(chosen) if is_folder else Path(chosen).parent
    settings.last_folder = str(folder)


def _dialog(parent: QWidget | None, title: str, folder: str, name_filter: str,
            mode: QFileDialog.FileMode,
            accept: QFileDialog.AcceptMode = QFileDialog.AcceptMode.AcceptOpen) -> QFileDialog:
    dialog = QFileDialog(parent, title, folder, name_filter)
    dialog.setObjectName("ScorebookFileDialog")
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if current_language() not in QT_TRANSLATED:  # its texts: qt_catalog.CatalogTranslator
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


def _run(dialog: QFileDialog) -> str:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def open_file(parent: QWidget | None, title: str, name_filter: str,
              settings: Settings | None = None) -> str:
    """A file to read ("" when cancelled)."""
    chosen = _run(_dialog(parent, title, start_folder(settings), name_filter,
                          QFileDialog.FileMode.ExistingFile))
    _remember(settings, chosen, is_folder=False)
    return chosen


def existing_folder(parent: QWidget | None, title: str,
                    settings: Settings | None = None) -> str:
    """A folder ("" when cancelled)."""
    chosen = _run(_dialog(parent, title, start_folder(settings), "",
                          QFileDialog.FileMode.Directory))
    _remember(settings, chosen, is_folder=True)
    return chosen


def save_file(parent: QWidget | None, title: str, file_name: str, name_filter: str,
              settings: Settings | None = None) -> str:
    """Where to write a file ("" when cancelled)."""
    folder = start_folder(settings)
    dialog = _dialog(parent, title, str(Path(folder) / file_name), name_filter,
                     QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave)
    chosen = _run(dialog)
    _remember(settings, chosen, is_folder=False)
    return chosen


def settings_of(widget: QWidget | None) -> Settings | None:
    """The main window's settings, found from any widget in it (dialogs have no other way)."""
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, Settings):
            return settings
        widget = widget.parentWidget()
    return None
