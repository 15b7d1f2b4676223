"""``office.bulk`` (issue 26, h27m): each column is taken from the rows with an ``itemgetter``
(a C-level pass), and a value that is the same object as the one before takes that one's result
without a lookup — the values processed are exactly ``map(process, values)``, an unhashable
value processed every time, and a table of one column is inserted as any other (both
backends)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, MetaData, String, Table, select

from desktop.services.office.bulk import _processed, insert_rows
from desktop.services.office.workspace import Workspace

_SAME = [1, True, 1.0, None, "a", "a" * 2, (1, 2)]  # equal across types, repeated objects


@given(st.lists(st.tuples(st.integers(0, len(_SAME) + 2), st.booleans()), max_size=40))
def test_processed_is_map_whatever_repeats(picks: list[tuple[int, bool]]) -> None:
    shared_list: list[int] = [7]
    values: list[Any] = []
    for n, fresh in picks:
        if n < len(_SAME):
            value = _SAME[n]
            values.append(value if not fresh or not isinstance(value, str) else
                          "".join(list(value)))  # an equal str, another object
        elif n == len(_SAME):
            values.append(shared_list if not fresh else [7])  # unhashable, same or not
        else:
            values.append(object())
    calls: list[Any] = []

    def process(value: Any) -> Any:
        calls.append(value)
        return (type(value).__name__, repr(value) if type(value) is not object else id(value))

    assert _processed(process, values) == [process(v) for v in values]
    calls_made = calls[:len(calls) - len(values)]
    unhashable = sum(1 for v in values if isinstance(v, list))
    assert sum(1 for c in calls_made if isinstance(c, list)) == unhashable  # every time


def test_a_table_of_one_column(ws: Workspace) -> None:
    table = Table("bulk_one_column", MetaData(), Column("value", String))
    with ws.uow() as s:
        table.create(s.connection())
        assert insert_rows(s, table, [{"value": "甲"}, {"value": "b"}, {"value": None}]) == 3
        assert sorted(s.execute(select(table.c.value)).scalars(), key=repr) == \
            sorted(["甲", "b", None], key=repr)
