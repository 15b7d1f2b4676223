"""Where an export goes: a USB stick picked from the mounted removable volumes (each with its
free space) or any folder. One picker for the reviewer's score export and the team leader's
consensus export.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QStorageInfo, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.fonts import FontSet
from desktop.ui.widgets.field_label import FieldLabel, LabelForm

__all__ = ["DestinationPicker", "Drives", "removable_drives"]

# () -> (mount folder, name, free bytes) of each volume a USB stick may be
Drives = Callable[[], list[tuple[str, str, int]]]

PSEUDO_FILESYSTEMS = frozenset({
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
    "devtmpfs", "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc",
    "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs",
    "tracefs", "fuse.portal", "fuse.gvfsd-fuse",
})
_SYSTEM_ROOTS = ("/proc", "/sys", "/dev", "/run/user", "/snap", "/var/lib")


def _is_system_mount(root: str) -> bool:
    if root in ("/", "/boot") or root.startswith("/boot/"):
        return True
    return any(root == p or root.startswith(p + "/") for p in _SYSTEM_ROOTS)


def removable_drives() -> list[tuple[str, str, int]]:
    """(mount folder, name, free bytes) of the mounted, writable, real volumes other than the
    system's own (root, /boot, pseudo filesystems): where a USB stick shows up."""
    out = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        fs = bytes(volume.fileSystemType().data()).decode(errors="replace").lower()
        if volume.isRoot() or _is_system_mount(root) or fs in PSEUDO_FILESYSTEMS:
            continue
        name = volume.displayName() or volume.name() or root
        out.append((root, name, int(volume.bytesAvailable())))
    return sorted(out, key=lambda d: d[0])


class DestinationPicker(QWidget):
    """The *USB stick* row (the sticks found, *Refresh*) above the *Folder* row (an edit,
    *Browse…*), in one form whose labels stand vertical in Mongolian. Picking a stick fills
    the folder; the folder is what the export writes to. ``changed`` tells that the folder
    changed. A page adds its own fields to the same aligned form with ``add_row``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, fonts: FontSet | None = None,
                 drives: Drives = removable_drives) -> None:
        super().__init__(parent)
        self._drives = drives
        self._running = False
        self.drive = QComboBox(self)
        self.drive_label = FieldLabel("", self.drive, self, fonts=fonts, column_height=70)
        self.refresh_button = QPushButton(self)
        self.folder = QLineEdit(self)
        self.folder_label = FieldLabel("", self.folder, self, fonts=fonts, column_height=70)
        self.browse = QPushButton(self)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive, 1)
        drive_row.addWidget(self.refresh_button)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.form = LabelForm()  # the stick and the folder aligned
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.add_row(self.drive_label, drive_row)
        self.form.add_row(self.folder_label, folder_row)
        self.setLayout(self.form)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.drive.activated.connect(self._drive_picked)
        self.browse.clicked.connect(self._browse)
        self.folder.textChanged.connect(lambda _text: self.changed.emit())
        self.retranslate()

    def add_row(self, label: FieldLabel, field: QWidget | QLayout) -> None:
        """A further row of the page's, aligned with the stick and the folder."""
        self.form.add_row(label, field)

    def path(self) -> Path | None:
        """The folder to write to, or None while the field is empty."""
        text = self.folder.text().strip()
        return Path(text) if text else None

    def refresh_drives(self) -> None:
        """List the mounted USB sticks (and other removable volumes) with their free space;
        the only or the chosen one fills an empty folder field."""
        current = self.drive.currentData()
        self.drive.clear()
        locale = QLocale()
        found = self._drives()
        for root, name, free in found:
            self.drive.addItem(_("{name} — {free} free ({folder})").format(
                name=name, free=locale.formattedDataSize(free), folder=root), root)
        if not found:
            self.drive.addItem(_("No USB stick found: plug one in, or browse for a folder"))
            self.drive.setItemData(0, None)
        index = self.drive.findData(current) if current else -1
        if index >= 0:
            self.drive.setCurrentIndex(index)
        if found and not self.folder.text().strip():
            self._drive_picked(self.drive.currentIndex())
        self.set_enabled_for_run(self._running)

    def _drive_picked(self, index: int) -> None:
        root = self.drive.itemData(index)
        if root:
            self.folder.setText(str(root))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def set_enabled_for_run(self, running: bool) -> None:
        """Nothing to change while an export runs; the stick list only when it lists one."""
        self._running = running
        for widget in (self.folder, self.browse, self.refresh_button):
            widget.setEnabled(not running)
        self.drive.setEnabled(not running and self.drive.count() > 0
                              and self.drive.itemData(0) is not None)

    def retranslate(self) -> None:
        self.drive_label.setText(_("&USB stick"))
        self.refresh_button.setText(_("&Refresh"))
        self.refresh_button.setToolTip(_("Look again for USB sticks"))
        self.folder_label.setText(_("Fol&der"))
        self.folder.setPlaceholderText(_("The USB stick or a folder"))
        self.browse.setText(_("&Browse…"))
        for widget, name in ((self.drive, _("USB stick")),
                             (self.refresh_button, _("Look again for USB sticks")),
                             (self.folder, _("Folder")),
                             (self.browse, _("Browse for a folder"))):
            widget.setAccessibleName(name)
        if self.drive.count():
            self.refresh_drives()  # the "free" and "no stick" texts in the new language
