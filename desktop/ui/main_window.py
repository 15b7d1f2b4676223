"""The main window shell: menus, toolbar, status bar with the saved state, navigation and pages.

Views are plugged in with ``add_page``; the window knows nothing about services. Signals tell the
application what the user asked for (lock, unlock with a passphrase); the title never carries a
secret.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.ui.fonts import FontSet
from desktop.ui.i18n_qt import ENDONYMS, LanguageSwitcher
from desktop.ui.qt_light import set_shortcut
from desktop.ui.settings import Settings
from desktop.ui.start_page import StartPage
from desktop.ui.undo import UndoController
from desktop.ui.widgets.nav_bar import NavigationBar
from desktop.ui.widgets.save_state import SaveIndicator

if TYPE_CHECKING:
    from desktop.ui.lock_page import LockPage

DEFAULT_SIZE = (1280, 800)  # at most; a smaller screen gets its available room
FRAME_ALLOWANCE = (16, 48)  # the window manager's title bar and borders, roughly
OFFICE_PRINT_PAGE = "office_print"  # the office's print page (desktop/ui/office/printing.py)
AFTER_PAINT_FALLBACK_MS = 1000  # start-up work waits at most this long for the first paint


class MainWindow(QMainWindow):
    lock_requested = Signal()
    unlock_requested = Signal(str)  # the passphrase; the application checks it
    unlocked = Signal()
    idle_lock_minutes_changed = Signal(int)  # set in Preferences (already saved)
    setup_requested = Signal()  # File › Set up Scorebook… (the first-run wizard)

    def __init__(self, settings: Settings, language: LanguageSwitcher, *,
                 fonts: FontSet | None = None, undo: UndoController | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.settings = settings
        self.language = language
        self.fonts = fonts
        self.undo = undo or UndoController(parent=self)
        self._page_titles: dict[str, str] = {}
        self._locked = False
        self._locked_actions: list[QAction] = []
        self.role = settings.role
        # what the lock screen names (the open case file, the workspace), in the language of the
        # moment; a part of the window that opens something sets it
        self.lock_subject: Callable[[], str] = lambda: ""
        self._splitters: dict[str, QSplitter] = {}
        self._undo_text = self._redo_text = ""
        self._painted = False
        self._after_paint: list[Callable[[], None]] = []
        self._fallback_started = False
        # (does it print on this page key?, how): File › Print… follows the current page
        self._printers: list[tuple[Callable[[str | None], bool], Callable[[], object]]] = []

        self.nav = NavigationBar(self, fonts=fonts)
        self.pages = QStackedWidget(self)
        self._lock_page: LockPage | None = None  # built the first time the window locks
        self.body = QStackedWidget(self)
        content = QWidget(self)
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.body.addWidget(content)
        self.setCentralWidget(self.body)
        self.nav.current_changed.connect(self.show_page)

        self.save_indicator = SaveIndicator(self)
        self.statusBar().addPermanentWidget(self.save_indicator)
        self._build_actions()
        self._build_menus()
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setMovable(False)
        for action in (self.act_undo, self.act_redo, None, self.act_lock):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.addToolBar(self.toolbar)
        self.act_show_toolbar.toggled.connect(self.toolbar.setVisible)

        self.welcome = StartPage(settings, self, fonts=fonts)
        self.add_page("start", N_("Start"), self.welcome)
        language.register(self)
        self.retranslate()
        self._restore_geometry()

    # --- construction ---------------------------------------------------------------------------
    def _action(self, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                *, checkable: bool = False, enabled: bool = True) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            set_shortcut(action, QKeySequence(shortcut))  # no Qt enums before the paint
        action.setCheckable(checkable)
        action.setEnabled(enabled)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_new = self._action(std.New, enabled=False)  # wired when the services land
        self.act_open = self._action(std.Open, enabled=False)
        self.act_export = self._action("Ctrl+E", enabled=False)
        self.act_print = self._action(std.Print, enabled=False)
        self.act_lock = self._action("Ctrl+L")
        self.act_quit = self._action(std.Quit)
        self.act_undo = self._action(std.Undo, enabled=False)
        self.act_redo = self._action(std.Redo, enabled=False)
        self.act_show_nav = self._action(checkable=True)
        self.act_show_nav.setChecked(True)
        self.act_show_toolbar = self._action(checkable=True)
        self.act_show_toolbar.setChecked(True)
        self.act_full_screen = self._action(std.FullScreen, checkable=True)
        self.act_about = self._action()
        self.act_help = self._action(std.HelpContents)
        if self.act_help.shortcut().isEmpty():
            self.act_help.setShortcut(QKeySequence("F1"))
        self.act_help.triggered.connect(self.show_help)
        self.act_setup = self._action()
        self.act_setup.triggered.connect(self.setup_requested)
        self.act_about_qt = self._action()
        prefs = QKeySequence(std.Preferences)
        self.act_preferences = self._action(prefs if not prefs.isEmpty() else "Ctrl+,")
        self.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_preferences.triggered.connect(self.show_preferences)
        self.act_print.triggered.connect(self.print_current)

        self.act_lock.triggered.connect(self.lock)
        self.act_quit.triggered.connect(self.close)
        stack = self.undo.stack
        self.act_undo.triggered.connect(stack.undo)
        self.act_redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        stack.undoTextChanged.connect(self._undo_text_changed)
        stack.redoTextChanged.connect(self._redo_text_changed)
        self.act_show_nav.toggled.connect(self.nav.setVisible)
        self.act_full_screen.toggled.connect(
            lambda on: self.showFullScreen() if on else self.showNormal())
        self.act_about.triggered.connect(self.show_about)
        self.act_about_qt.triggered.connect(self.show_about_qt)

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for tag, name in ENDONYMS.items():
            action = QAction(self.language_group)  # (text, parent) would load QIcon to match
            action.setText(name)
            action.setCheckable(True)
            action.setData(tag)
            action.triggered.connect(lambda _checked=False, t=tag: self.language.apply(t))
            self.language_actions[tag] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        for action in (self.act_new, self.act_open, None, self.act_export, self.act_print, None,
                       self.act_lock, self.act_setup, None, self.act_quit):
            if action is None:
                self.menu_file.addSeparator()
            else:
                self.menu_file.addAction(action)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addAction(self.act_undo)
        self.menu_edit.addAction(self.act_redo)
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_preferences)
        self.menu_view = bar.addMenu("")
        for action in (self.act_show_nav, self.act_show_toolbar, self.act_full_screen):
            self.menu_view.addAction(action)
        self.menu_language = bar.addMenu("")
        for action in self.language_actions.values():
            self.menu_language.addAction(action)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_help)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)
        self.menu_help.addAction(self.act_about_qt)

    # --- start-up -------------------------------------------------------------------------------
    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window has painted (slow start-up work waits for it).

        Should no paint come (a window shown minimised), the callbacks run anyway
        ``AFTER_PAINT_FALLBACK_MS`` after the window was first shown.
        """
        if self._painted:
            QTimer.singleShot(0, callback)
        else:
            self._after_paint.append(callback)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted and not self._fallback_started:
            self._fallback_started = True
            QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self._first_paint_done)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._first_paint_done()

    def _first_paint_done(self) -> None:
        if self._painted:
            return
        self._painted = True
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            QTimer.singleShot(0, callback)

    # --- pages ----------------------------------------------------------------------------------
    def add_page(self, key: str, source_title: str, widget: QWidget) -> None:
        """Add a page and its navigation entry; ``source_title`` is English, marked with N_."""
        self._page_titles[key] = source_title
        widget.setObjectName(f"page_{key}")
        # The stack shows its first page at once, and showing a widget lays it out even in a
        # window not shown yet: the start page's layout would be worked out (its texts shaped)
        # for a size it never has, and again when the window shows. It waits for the show.
        layout = widget.layout() if not self.isVisible() else None
        if layout is not None:
            layout.setEnabled(False)
        self.pages.addWidget(widget)
        if layout is not None:
            layout.setEnabled(True)
        self.nav.add_entry(key, source_title)
        if key.startswith("office_"):  # the office's pages: the window works as the office
            self.set_role("office")
        if key == OFFICE_PRINT_PAGE:  # the office's File › Print… opens its print page
            self.add_printer(lambda k: k is not None and k.startswith("office_"),
                             lambda: self.show_page(OFFICE_PRINT_PAGE))
        self.update_print_action()

    def show_page(self, key: str) -> None:
        page = self.pages.findChild(QWidget, f"page_{key}")
        if page is not None:
            self.pages.setCurrentWidget(page)
            if self.nav.current() != key:
                self.nav.set_current(key)
            self.update_print_action()
            QTimer.singleShot(0, self.fit_to_screen)

    # --- printing -------------------------------------------------------------------------------
    def add_printer(self, applies: Callable[[str | None], bool],
                    handler: Callable[[], object]) -> None:
        """File › Print… calls ``handler`` while ``applies(current page key)`` says yes."""
        self._printers.append((applies, handler))
        self.update_print_action()

    def _printer(self) -> Callable[[], object] | None:
        key = self.current_page()
        return next((h for applies, h in self._printers if applies(key)), None)

    def update_print_action(self) -> None:
        can = self._printer() is not None
        self.act_print.setEnabled(can)
        tip = _("Print the document of this page") if can else \
            _("Nothing to print here: open a scorebook or the office's Print page")
        self.act_print.setToolTip(tip)
        self.act_print.setStatusTip(tip)

    def print_current(self) -> None:
        handler = self._printer()
        if handler is not None:
            handler()

    # --- preferences ----------------------------------------------------------------------------
    def show_preferences(self) -> QWidget:
        """Edit › Preferences… (one dialog, built on first use, showing the saved values)."""
        from desktop.ui.preferences import PreferencesDialog

        dialog = self.findChild(PreferencesDialog, "PreferencesDialog")
        if not isinstance(dialog, PreferencesDialog):
            dialog = PreferencesDialog(self.settings, self)
            dialog.idle_lock_changed.connect(self.idle_lock_minutes_changed)
            self.language.register(dialog)
        dialog.load()
        dialog.open()
        return dialog

    def current_page(self) -> str | None:
        page = self.pages.currentWidget()
        return page.objectName().removeprefix("page_") or None if page is not None else None

    # --- lock -----------------------------------------------------------------------------------
    @property
    def lock_page(self) -> LockPage:
        """The passphrase prompt (built on first use: the first screen does not show it)."""
        if self._lock_page is None:
            from desktop.ui.lock_page import LockPage

            self._lock_page = LockPage(self)
            self._lock_page.unlock_requested.connect(self.unlock_requested)
            self.body.addWidget(self._lock_page)
        return self._lock_page

    def _menu_actions(self) -> list[QAction]:
        """Every action of the menu bar, submenus included."""
        found: list[QAction] = []
        todo = list(self.menuBar().actions())
        while todo:
            action = todo.pop()
            found.append(action)
            menu = action.menu()
            if isinstance(menu, QMenu):
                todo.extend(a for a in menu.actions() if a is not action)
        return found

    def lock(self) -> None:
        """Hide every page behind the passphrase prompt. Quit and the Language menu stay
        (quitting saves nothing new and shows nothing); every other action waits."""
        if self._locked:
            return
        self._locked = True
        self.body.setCurrentWidget(self.lock_page)
        keep = {self.act_quit, *self.language_actions.values(), self.menu_file.menuAction(),
                self.menu_language.menuAction()}
        self._locked_actions = [a for a in self._menu_actions()
                                if a.isEnabled() and a not in keep and not a.isSeparator()]
        for action in self._locked_actions:
            action.setEnabled(False)
        self.toolbar.setEnabled(False)
        self.lock_page.set_subject(self.lock_subject())
        self.lock_page.passphrase.setFocus()
        self.lock_requested.emit()

    def unlock(self) -> None:
        self._locked = False
        self.body.setCurrentIndex(0)
        for action in self._locked_actions:
            action.setEnabled(True)
        self._locked_actions = []
        self.toolbar.setEnabled(True)
        self.update_print_action()
        self.unlocked.emit()

    def is_locked(self) -> bool:
        return self._locked

    # --- text -----------------------------------------------------------------------------------
    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, _("About Scorebook"),
                          _("Scorebook: offline scoring for quality-award review panels."))

    def show_help(self) -> QWidget:
        """Help › Help (F1): first steps and keys for the role the window is in."""
        from desktop.ui.help import HelpDialog

        dialog = self.findChild(HelpDialog, "HelpDialog")
        if not isinstance(dialog, HelpDialog):
            dialog = HelpDialog(self)
            self.language.register(dialog)
        dialog.set_role(self.role)
        if dialog.isVisible():
            dialog.raise_()  # already open behind the window: bring it forward
        dialog.show()
        return dialog

    def show_about_qt(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.aboutQt(self)

    def _undo_text_changed(self, text: str) -> None:
        self._undo_text = text
        self._retranslate_undo()

    def _redo_text_changed(self, text: str) -> None:
        self._redo_text = text
        self._retranslate_undo()

    def _retranslate_undo(self) -> None:
        undo_text, redo_text = self._undo_text, self._redo_text
        self.act_undo.setText(_("&Undo {action}").format(action=undo_text).strip()
                              if undo_text else _("&Undo"))
        self.act_redo.setText(_("&Redo {action}").format(action=redo_text).strip()
                              if redo_text else _("&Redo"))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Scorebook"))
        self.menu_file.setTitle(_("&File"))
        self.menu_edit.setTitle(_("&Edit"))
        self.menu_view.setTitle(_("&View"))
        self.menu_language.setTitle(_("&Language"))
        self.menu_help.setTitle(_("&Help"))
        texts = {
            self.act_new: _("&New case file…"),
            self.act_open: _("Open ca&se file…"),
            self.act_export: _("&Export score bundle…"),
            self.act_print: _("&Print…"),
            self.act_lock: _("&Lock now"),
            self.act_quit: _("&Quit"),
            self.act_show_nav: _("&Navigation bar"),
            self.act_show_toolbar: _("&Toolbar"),
            self.act_full_screen: _("&Full screen"),
            self.act_about: _("&About Scorebook"),
            self.act_help: _("Scorebook &help"),
            self.act_setup: _("Se&t up Scorebook…"),
            self.act_about_qt: _("About &Qt"),
            self.act_preferences: _("&Preferences…"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setToolTip(text.replace("&", "").rstrip("…"))
        self._retranslate_undo()
        self.update_print_action()
        self.act_lock.setToolTip(_("Lock the window now"))
        self.toolbar.setWindowTitle(_("Toolbar"))
        self.toolbar.setAccessibleName(_("Toolbar"))
        self.menuBar().setAccessibleName(_("Menu bar"))
        self.statusBar().setAccessibleName(_("Status bar"))
        self.statusBar().clearMessage()  # a passing message said in the language left behind
        self.pages.setAccessibleName(_("Pages"))
        current = self.language.language()
        if current in self.language_actions:
            self.language_actions[current].setChecked(True)
        self.nav.retranslate()
        self.save_indicator.retranslate()
        self.welcome.retranslate()
        self.act_setup.setToolTip(_("Choose the language, make your identity, open a first "
                                    "case file or office workspace"))
        if self._lock_page is not None:
            self._lock_page.retranslate()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            retranslate = getattr(page, "retranslate", None)
            if callable(retranslate) and page is not self.welcome:
                retranslate()
        QTimer.singleShot(0, self.fit_to_screen)  # once the new texts are laid out

    # --- geometry -------------------------------------------------------------------------------
    def default_size(self) -> tuple[int, int]:
        """The first size on this screen: at most 1280×800, always inside the room the screen
        has (on a 1366×768 laptop the status bar with the save indicator stays in view)."""
        screen = self.screen() or QApplication.primaryScreen()
        width, height = DEFAULT_SIZE
        if screen is None:
            return width, height
        room = screen.availableGeometry()
        return (min(width, room.width() - FRAME_ALLOWANCE[0]),
                min(height, room.height() - FRAME_ALLOWANCE[1]))

    def _restore_geometry(self) -> None:
        geometry, state = self.settings.window_state(self.role)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*self.default_size())
            screen = self.screen() or QApplication.primaryScreen()
            if screen is not None:
                room = screen.availableGeometry()
                self.move(room.left() + max(0, (room.width() - self.width()) // 2),
                          room.top())
        if state is not None:
            self.restoreState(state)

    def fit_to_screen(self) -> None:
        """Keep the whole window on its screen (the status bar with the save indicator in
        view): after a language change the pages' needs change (Mongolian labels stand), and a
        window manager may have grown the window past the bottom of a 768-pixel screen."""
        if self.isMaximized() or self.isFullScreen() or not self.isVisible() \
                or QApplication.platformName() == "offscreen":  # no screen to keep to
            return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room, frame = screen.availableGeometry(), self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if frame.top() < room.top() or frame.top() + extra_h + height > room.bottom() + 1:
            self.move(frame.left(), room.top())

    def _save_geometry(self) -> None:
        self.settings.save_window_state(self.role, QByteArray(self.saveGeometry()),
                                        QByteArray(self.saveState()))
        for name, splitter in list(self._splitters.items()):
            try:
                self.settings.save_splitter_state(self.role, name,
                                                  QByteArray(splitter.saveState()))
            except RuntimeError:  # the page (and its splitter) was replaced
                del self._splitters[name]
        self.settings.role = self.role

    def set_role(self, role: str) -> None:
        """The window now works as ``role`` (reviewer, office): the geometry of the old role
        is kept, the new role's size, maximised state and splitters come back."""
        if role == self.role:
            return
        self._save_geometry()
        self.role = role
        geometry, _state = self.settings.window_state(role)
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self._splitters.items():
            self._restore_splitter(name, splitter)
        self.settings.role = role

    def remember_splitter(self, name: str, splitter: QSplitter) -> None:
        """Keep ``splitter``'s sizes per role (restored now, saved as it moves and on close)."""
        self._splitters[name] = splitter
        self._restore_splitter(name, splitter)
        splitter.splitterMoved.connect(
            lambda _pos, _index: self.settings.save_splitter_state(
                self.role, name, QByteArray(splitter.saveState())))

    def _restore_splitter(self, name: str, splitter: QSplitter) -> None:
        state = self.settings.splitter_state(self.role, name)
        if state is not None:
            splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        super().closeEvent(event)
