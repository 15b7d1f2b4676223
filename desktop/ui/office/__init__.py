"""The review office's window: cycle set-up to printed notice, on an office workspace."""

from desktop.ui.office.controller import OfficeController, install_office, office_of

__all__ = ["OfficeController", "install_office", "office_of"]
