"""Switching the interface language at run time.

Widgets register an object with a ``retranslate()`` method; ``LanguageSwitcher.apply`` sets the
gettext language (``desktop.i18n.set_language``), installs Qt's own ``qtbase`` translations so
standard dialogs follow, re-translates every registered widget and remembers the choice.
Mongolian is written left to right in columns, so the layout direction stays left-to-right.
"""

from __future__ import annotations

import weakref
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from desktop.i18n import SOURCE, SUPPORTED, _, current_language, set_language
from desktop.ui.qt_light import LEFT_TO_RIGHT, set_enum
from desktop.ui.settings import Settings

#: each language's name in itself (shown untranslated in the Language menu)
ENDONYMS: dict[str, str] = {
    "en": "English",
    "zh_CN": "中文",
    "mn_Mong_CN": "ᠮᠣᠩᠭᠣᠯ",
}
_QT_CATALOGS = {"zh_CN": ("qtbase_zh_CN", "qt_zh_CN")}  # Qt ships no Mongolian: qt_catalog.py
_QT_LOCALES = {"zh_CN": "zh_CN", "mn_Mong_CN": "mn_Mong_CN"}


class Retranslatable(Protocol):
    def retranslate(self) -> None: ...


class LanguageSwitcher(QObject):
    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication, settings: Settings | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._settings = settings
        self._targets: weakref.WeakSet[Retranslatable] = weakref.WeakSet()
        self._qt_translators: list[QTranslator] = []

    def register(self, target: Retranslatable) -> None:
        self._targets.add(target)

    def language(self) -> str:
        return current_language()

    def initial_language(self, system_locale: str) -> str:
        """The remembered language, else the system's (normalised)."""
        stored = self._settings.language if self._settings else None
        if stored in SUPPORTED:
            return stored
        # English and Chinese system locales need no Babel (it costs ~30 ms before the first
        # paint); anything else (Mongolian tags, odd spellings) is normalised by it later.
        language = system_locale.split(".")[0].replace("-", "_").split("_")[0].lower()
        if language in ("en", "c", "posix", ""):
            return SOURCE
        if language == "zh":
            return "zh_CN"
        return system_locale

    def apply(self, tag: str | None, *, remember: bool = True) -> str:
        language = set_language(tag)
        self._install_qt_catalog(language)
        # dates and numbers in Qt's own widgets (the file dialog's dates) follow the language
        QLocale.setDefault(QLocale(_QT_LOCALES.get(language, "en_US")))
        if isinstance(self._app, QApplication):
            set_enum(self._app, "layoutDirection", LEFT_TO_RIGHT)
            if self._app.applicationDisplayName():  # it ends every window title
                self._app.setApplicationDisplayName(_("Scorebook"))
        for target in list(self._targets):
            target.retranslate()
        if remember and self._settings is not None:
            self._settings.language = language
        self.language_changed.emit(language)
        return language

    def release(self) -> None:
        """Take the Qt catalogs this switcher installed off the application (its window has
        gone; another window's switcher installs its own)."""
        self._install_qt_catalog(SOURCE)

    def _install_qt_catalog(self, language: str) -> None:
        for translator in self._qt_translators:
            self._app.removeTranslator(translator)
        self._qt_translators.clear()
        if language == SOURCE:
            return  # Qt's own texts are English already
        from PySide6.QtCore import QLibraryInfo

        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in _QT_CATALOGS.get(language, ()):
            translator = QTranslator(self)
            if translator.load(name, folder):
                self._app.installTranslator(translator)
                self._qt_translators.append(translator)
                break
        # Our own catalog answers first (installed last): the standard buttons where Qt has no
        # catalog (Mongolian), and the file dialog's texts Qt's Chinese catalog leaves English
        from desktop.ui.qt_catalog import CatalogTranslator

        own = CatalogTranslator(self)
        self._app.installTranslator(own)
        self._qt_translators.append(own)
