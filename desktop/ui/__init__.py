"""The PySide6 desktop app. Qt is imported only under this package."""
