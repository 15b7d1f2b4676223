"""The workspace on both backends: created, reopened, refused with a wrong passphrase; the
database URL's password is never stored or shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from desktop.crypto.keyfile import WrongPassphrase
from desktop.models.office.setup import WorkspaceInfo
from desktop.services.office import cycle
from desktop.services.office.workspace import Workspace, open_workspace


def test_reopen_keeps_identity_and_refuses_a_wrong_passphrase(
        ws: Workspace, database_url: str | None) -> None:
    fp = ws.identity().root_fingerprint
    cycle.open_cycle(ws, "baotou-hitech", 2025)
    ws.close()
    again = open_workspace(ws.folder, "pass phrase", database_url)
    try:
        assert again.identity().root_fingerprint == fp
        assert cycle.cycle_view(again).cycle == "baotou-hitech.2025"
    finally:
        again.close()
    with pytest.raises(WrongPassphrase):
        open_workspace(ws.folder, "wrong", database_url)


def test_password_never_stored_or_shown(ws: Workspace, database_url: str | None) -> None:
    if database_url is None:
        assert (ws.folder / "office.db").exists() and (ws.folder / "office.key").exists()
        assert b"SQLite format" not in (ws.folder / "office.db").read_bytes()[:16]
        return
    from sqlalchemy.engine import make_url

    password = make_url(database_url).password
    assert password
    stored = (ws.folder / "workspace.json").read_text(encoding="utf-8")
    assert password not in stored and json.loads(stored)["backend"] == "postgresql"
    assert password not in json.dumps(ws.info(), default=str)
    assert "***" in ws.location


def test_settings_say_where_they_come_from(ws: Workspace) -> None:
    view = cycle.open_cycle(ws, "baotou-hitech", 2025).result
    sources = {s.key: s for s in view.settings}
    assert sources["weights"].source == "office"
    assert sources["divergence"].value["min_spread_pct"] == 20
    rules = {r.key: r for r in view.programme_rules}
    assert rules["quota.hitech"].source == "programme"
    assert rules["quota.hitech"].value == 3 and "第四条" in (rules["quota.hitech"].citation or "")
    assert rules["committee.pass_threshold"].value["fraction"] == "2/3"
    assert "第十八条" in (rules["committee.pass_threshold"].citation or "")
    changed = cycle.set_setting(ws, "shortlist", {"top_n": 4, "min_score": None}).result
    assert changed.value["top_n"] == 4


def test_unknown_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not an office workspace"):
        open_workspace(tmp_path, "x")


def test_a_snapshot_reads_one_state_and_writes_nothing(ws: Workspace) -> None:
    """On PostgreSQL a snapshot is REPEATABLE READ and READ ONLY (said with its BEGIN), and the
    next unit of work on the same pooled connection is back to an ordinary writing one."""
    if ws.engine.dialect.name != "postgresql":
        with ws.snapshot() as s:  # SQLCipher: one transaction, as any unit of work
            assert s.in_transaction()
        return
    sent: list[str] = []
    listen = event.listens_for(ws.engine, "before_cursor_execute")

    @listen
    def _sent(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(statement)

    with ws.snapshot() as s:
        s.execute(select(WorkspaceInfo.office_name)).scalar_one()
    assert len(sent) == 1 and sent[0].startswith("SELECT")  # no statement of its own
    event.remove(ws.engine, "before_cursor_execute", _sent)
    for _round in range(2):  # the pool hands the same connection back
        with ws.snapshot() as s:
            assert s.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"
            assert s.execute(text("SHOW transaction_read_only")).scalar() == "on"
            with pytest.raises(DBAPIError):
                s.execute(text("UPDATE workspace_info SET office_name = 'x'"))
        with ws.uow() as s:
            assert s.execute(text("SHOW transaction_isolation")).scalar() == "read committed"
            assert s.execute(text("SHOW transaction_read_only")).scalar() == "off"
            s.execute(select(WorkspaceInfo)).scalar_one().office_name = "Renamed office"
        assert ws.info().office_name == "Renamed office"
