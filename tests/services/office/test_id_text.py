"""Applicant ids read as the database's text (``office.id_text``) are ``str(uuid)`` exactly, on
the embedded database and on PostgreSQL: the ranking keys every figure by them."""

from __future__ import annotations

import random
import uuid
from datetime import date

from sqlalchemy import select

from desktop.domain import credit_code
from desktop.models.office.people import Applicant
from desktop.services.office import applicants, cycle
from desktop.services.office.applicants import ApplicantInput
from desktop.services.office.id_text import as_text, id_of
from desktop.services.office.workspace import Workspace


def test_id_of_reads_both_spellings_and_anything_uuid_reads() -> None:
    for _ in range(200):
        u = uuid.uuid4()
        for raw in (u.hex, str(u), u.hex.upper(), str(u).upper(), "{" + str(u) + "}"):
            assert id_of(raw) == str(u)
    assert id_of("0" * 32) == str(uuid.UUID(int=0))  # digits only: no letter to be lower case


def test_the_database_text_of_an_applicant_id_is_its_str(ws: Workspace) -> None:
    cycle.open_cycle(ws, "nmg-chairman", 2025, opened_on=date(2025, 6, 2))
    rng = random.Random(7)
    for n in range(5):
        applicants.add_applicant(ws, ApplicantInput(
            f"内蒙古示例{n}有限公司", "chairman",
            credit_code=credit_code.generate(rng, "150100")))
    with ws.uow() as s:
        pairs = s.connection().execute(select(Applicant.id, as_text(Applicant.id))).all()
    assert len(pairs) == 5
    assert all(id_of(raw) == str(aid) for aid, raw in pairs)
