"""SQLAlchemy 2 typed models, the engine (SQLCipher or plain SQLite), audit chain, migrations."""
