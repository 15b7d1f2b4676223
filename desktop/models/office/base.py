"""The office workspace's declarative base: the case file's column types, its own metadata."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase

from desktop.models.base import NAMING, DecimalText, UTCDateTime, utcnow

__all__ = ["OfficeBase", "new_id", "utcnow"]


class OfficeBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        Decimal: DecimalText(),
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
    }


def new_id() -> uuid.UUID:
    return uuid.uuid4()
