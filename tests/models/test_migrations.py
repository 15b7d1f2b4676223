"""Migrations: the scripts build exactly the models, HEAD is right, and the first-schema fixture
(tests/data/case-schema-v1, passphrase ``schema-v1-fixture``) opens with today's code."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop.models.base import Base
from desktop.models.engine import make_engine, raw_execute
from desktop.models.migrations import runner
from desktop.services.case import open_case

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "case-schema-v1"
FIXTURE_PASSPHRASE = "schema-v1-fixture"


def test_head_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(runner.SCRIPTS))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [runner.HEAD]
    assert [r.revision for r in script.walk_revisions()][-1] == runner.FIRST
    assert runner.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "c.db", bytes(32))
    assert runner.upgrade(engine) is None
    assert runner.current_revision(engine) == runner.HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert runner.upgrade(engine) == runner.HEAD  # a second run is a no-op
    engine.dispose()


def test_first_schema_fixture_opens_and_upgrades(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with open_case(folder, FIXTURE_PASSPHRASE) as case:
        assert runner.current_revision(case.engine) == runner.HEAD
        scores = {v.item_id: v for v in case.scores("A001", "onsite")}
        assert scores["4.1.2"].pct == 70 and scores["4.1.2"].strengths == "v1 strengths"
        assert scores["4.1.2"].marks[0].start == 3 and scores["4.1.3"].pct == 45
        status = case.status()
        assert [a.recused for a in status.applicants] == [False, False, True]
        assert status.applicants[0].panel_score == Decimal("88.50")
        assert status.audit_ok
        # what the second migration added works on the old file
        case.add_feedback("A001", "compliant", "after upgrade")
        assert raw_execute(case.engine, "SELECT count(*) FROM supervision_feedback") == [(1,)]
        assert case.identity().reviewer_id == "R001"
        case.roster()  # the stored roster still verifies against the pinned root
    # the committed fixture itself is untouched
    assert (FIXTURE / "case.db").stat().st_size > 0
    assert not (FIXTURE / "case.db-wal").exists()
