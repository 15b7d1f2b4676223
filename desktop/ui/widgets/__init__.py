"""Reusable widgets (vertical Mongolian text, navigation, save-state indicator)."""
