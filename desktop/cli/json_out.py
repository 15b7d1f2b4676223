"""The one ``--json`` serialiser: the services' typed results (and plain values) to JSON values.

A dataclass becomes an object of its fields by their JSON keys (``results_base.json_key``: a field
marked ``EXTRA`` — a name, the programme — is left out, so the keys scripts read stay as they
were); a ``Msg`` is rendered in the current language, a ``Decimal`` is its exact text, a date or
time its ISO form, an enum its value, a path its text, bytes their hex.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from desktop.domain.messages import Msg
from desktop.i18n import render
from desktop.services.office.results_base import json_items


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Msg):
        return render(value)
    if is_dataclass(value) and not isinstance(value, type):  # field by field: a Msg inside
        return {key: to_jsonable(item) for key, item in json_items(value)}  # renders
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value
