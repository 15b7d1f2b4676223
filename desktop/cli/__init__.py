"""The ``scorebook`` command: one module per command group, each built on desktop.services."""
