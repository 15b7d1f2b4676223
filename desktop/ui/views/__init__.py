"""Views that combine models and widgets into screens."""
