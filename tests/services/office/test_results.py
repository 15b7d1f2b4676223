"""The office services' typed results: attributes with names and the programme for the window
and the text, the ``--json`` keys of before through the one serialiser."""

from __future__ import annotations

import random

from desktop.cli.json_out import to_jsonable
from desktop.domain import credit_code
from desktop.services.office import applicants, cycle
from desktop.services.office.results import ApplicantView
from desktop.services.office.results_base import json_items
from desktop.services.office.workspace import Workspace

JSON_KEYS = ["ref", "id", "kind", "award", "name", "credit_code", "region", "industry", "size",
             "materials", "declared_secrets", "history", "cycle"]


def test_an_applicant_reads_as_attributes_and_writes_the_keys_of_before(ws: Workspace) -> None:
    cycle.open_cycle(ws, "hohhot-mayor", 2025)
    code = credit_code.generate(random.Random(5), "150100")
    view = applicants.add_applicant(ws, applicants.ApplicantInput(
        name="示例有限公司", award_id="organisation", credit_code=code, industry="制造业")).result
    assert isinstance(view, ApplicantView)
    assert (view.ref, view.name, view.title) == ("A001", "示例有限公司", "A001 示例有限公司")
    assert view.programme is not None and view.programme.id == "hohhot-mayor"
    assert view.award is not None and view.award.name_zh  # the category's name, no look-up
    data = to_jsonable(view)
    assert list(data) == JSON_KEYS  # the programme stays out; the award id keeps its key
    assert data["award"] == "organisation" and data["history"] == []
    assert view.award_id == "organisation" and [k for k, _v in json_items(view)] == JSON_KEYS
    assert applicants.list_applicants(ws) == [view]
