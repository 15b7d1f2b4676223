"""Use cases: the only API the UI and the CLI call. One unit of work per use case."""
