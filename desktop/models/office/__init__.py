"""The office workspace: the review office's master database (a separate database from the case
file, with its own ``OfficeBase`` and migration history under ``migrations/``).

It runs encrypted on SQLCipher by default, or on PostgreSQL given a database URL.
"""

from desktop.models.office import decision, people, review, rules, setup
from desktop.models.office.base import OfficeBase

__all__ = ["OfficeBase", "decision", "people", "review", "rules", "setup"]
