"""``models.case_db`` reads values back as ``models.base``'s column types do through SQLAlchemy
(the light read-only open uses it without SQLAlchemy): compared on the same stored texts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Uuid
from sqlalchemy.dialects import sqlite

from desktop.models import case_db
from desktop.models.base import DecimalText, UTCDateTime

DIALECT = sqlite.dialect()


def _sqlalchemy(column_type: object, stored: object) -> object:
    impl = column_type.dialect_impl(DIALECT)  # type: ignore[attr-defined]
    if isinstance(column_type, DecimalText | UTCDateTime):
        return column_type.process_result_value(stored, DIALECT)
    process = impl.result_processor(DIALECT, None)
    return stored if process is None else process(stored)


def test_uuids_read_as_sqlalchemy_reads_them() -> None:
    for _ in range(2000):
        u = uuid.uuid4()
        stored = Uuid().bind_processor(DIALECT)(u)  # type: ignore[misc]  # as written
        assert case_db.as_uuid_text(stored) == str(_sqlalchemy(Uuid(), stored)) == str(u)
    for odd in ("{12345678-1234-5678-1234-567812345678}", "12345678123456781234567812345ABC"):
        assert case_db.as_uuid_text(odd) == str(uuid.UUID(odd))


def test_moments_decimals_dates_and_flags_read_as_sqlalchemy_reads_them() -> None:
    for text in ("2026-12-07T06:32:49.123456+00:00", "2026-01-01T08:00:00+08:00",
                 "2025-06-30T23:59:59-05:30", "2026-12-07T06:32:49+00:00"):
        moment, theirs = case_db.as_moment(text), _sqlalchemy(UTCDateTime(), text)
        assert isinstance(theirs, datetime)
        assert moment == theirs and moment.isoformat() == theirs.isoformat()  # what is hashed
    for text in ("88.50", "0", "100.00", "-0.5", "12.345"):
        got = case_db.as_decimal(text)
        assert got == _sqlalchemy(DecimalText(), text) and str(got) == text
        assert isinstance(got, Decimal)
    for text in ("2026-12-07", "2025-01-31"):
        assert case_db.as_date(text) == _sqlalchemy(Date(), text)
        assert isinstance(case_db.as_date(text), date)
    assert case_db.as_bool(1) is True and case_db.as_bool(0) is False
