"""Regenerate the first-schema case file (run once; the output is committed, never rewritten).

    .venv/bin/python tests/data/case-schema-v1/make_fixture.py

Makes ``case.db`` + ``case.key`` at schema ``0001_case_v1`` (passphrase: ``schema-v1-fixture``,
cheap KDF parameters) with three applicants, two scored items, a secret mark, a panel score and a
recusal. Later migrations must open it: tests/models/test_migrations.py.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from desktop.crypto import keyfile  # noqa: E402
from desktop.crypto.package import open_package  # noqa: E402
from desktop.models import audit  # noqa: E402
from desktop.models import case as m  # noqa: E402
from desktop.models.engine import checkpoint, make_engine, session_factory, unit_of_work  # noqa: E402
from desktop.models.migrations import runner  # noqa: E402
from desktop.services.case import _fill_case  # noqa: E402
from desktop.services.case_package import parse_content  # noqa: E402
from tests.models.case_world import make_world  # noqa: E402

PASSPHRASE = "schema-v1-fixture"
HERE = Path(__file__).resolve().parent


def main() -> None:
    for name in ("case.db", "case.key"):
        if (HERE / name).exists():
            raise SystemExit(f"{name} exists: the fixture is never regenerated in place")
    world = make_world(Path(tempfile.mkdtemp()))
    package = open_package(world.package.read_bytes(), world.me, world.office.root_fingerprint,
                           None)
    key = keyfile.create_key_file(HERE / "case.key", PASSPHRASE, keyfile.CHEAP_KDF)
    engine = make_engine(HERE / "case.db", key)
    runner.upgrade(engine, runner.FIRST)
    with unit_of_work(session_factory(engine)) as s:
        _fill_case(s, world.me, package.package_id, package.issued_at,
                   world.office.root_fingerprint, package.roster, package.roster_bytes,
                   parse_content(package.content))
        s.flush()
        score = m.Score(applicant_id="A001", stage_id="onsite", item_id="4.1.2", pct=70,
                        strengths="v1 strengths", improvements="v1 improvements",
                        framework_ref="gbt19580-2012@2012.1")
        s.add(score)
        s.add(m.Score(applicant_id="A001", stage_id="onsite", item_id="4.1.3", pct=45,
                      strengths="", improvements="", framework_ref="gbt19580-2012@2012.1"))
        s.flush()
        s.add(m.SecretMark(score_id=score.id, field="strengths", start=3, end=12))
        s.add(m.PanelScore(applicant_id="A001", stage_id="defense", value=Decimal("88.50")))
        s.add(m.Recusal(applicant_id="A003", reason="kinship", text="v1 recusal"))
        audit.append(s, actor="R001", action="score.set", entity="score:A001/onsite/4.1.2",
                     new={"pct": 70})
    checkpoint(engine)
    engine.dispose()


if __name__ == "__main__":
    main()
