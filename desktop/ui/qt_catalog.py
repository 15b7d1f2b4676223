"""Qt's own standard texts (dialog buttons, the file dialog) in a language Qt ships no catalog
for.

Qt translates the standard buttons of QDialogButtonBox and QMessageBox through its ``qtbase``
catalogs; there is one for zh_CN but none for Traditional Mongolian. ``CatalogTranslator`` answers
Qt's requests for those texts from our own gettext catalog (the strings below are extracted into
it), so "OK" and "Cancel" read in Mongolian too; so do the texts of Qt's own (non-native) file
dialog, which ``file_dialogs`` uses in such a language. Anything else is left to Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from desktop.i18n import N_, _

#: Qt's English texts of the standard buttons (QPlatformTheme::defaultStandardButtonText)
STANDARD_BUTTON_TEXTS = frozenset({
    N_("OK"), N_("Save"), N_("Save All"), N_("Open"), N_("&Yes"), N_("Yes to &All"), N_("&No"),
    N_("N&o to All"), N_("Abort"), N_("Retry"), N_("Ignore"), N_("Close"), N_("Cancel"),
    N_("Discard"), N_("Help"), N_("Apply"), N_("Reset"), N_("Restore Defaults"),
    N_("Don't Save"), N_("Close without Saving"),
})
#: what Qt's non-native QFileDialog asks for (recorded from a dialog in each mode)
FILE_DIALOG_TEXTS = frozenset({
    N_("&Choose"), N_("&Delete"), N_("&Look in:"), N_("&New Folder"), N_("&Open"),
    N_("&Rename"), N_("&Save"), N_("All Files (*)"), N_("Back"),
    N_("Change to detail view mode"), N_("Change to list view mode"), N_("Create New Folder"),
    N_("Create a New Folder"), N_("Detail View"), N_("Directories"), N_("Directory:"),
    N_("File &name:"), N_("Files"), N_("Files of &type:"), N_("Forward"), N_("Go back"),
    N_("Go forward"), N_("Go to the parent directory"), N_("List View"),
    N_("List of places and bookmarks"), N_("Parent Directory"), N_("Show &hidden files"),
    N_("Sidebar"), N_("Computer"), N_("Date Modified"), N_("Name"), N_("Size"), N_("Type"),
    N_("Drive"), N_("Folder"),
})
_CONTEXTS = frozenset({"QPlatformTheme", "QDialogButtonBox", "QMessageBox", "QFileDialog",
                       "QFileSystemModel", "QAbstractFileIconProvider"})
_TEXTS = STANDARD_BUTTON_TEXTS | FILE_DIALOG_TEXTS


class CatalogTranslator(QTranslator):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context not in _CONTEXTS or source_text not in _TEXTS:
            return None  # not ours: Qt keeps looking (or shows its English)
        translated = _(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:
        return False
