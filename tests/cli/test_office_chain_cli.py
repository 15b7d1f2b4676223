"""`office merge`, `office fork list` and `office fork resolve` on a bundle whose chain does not
reach the one held (issue 17, deliver 3): held for a decision, listed, chosen with a reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


def test_a_new_chain_is_held_listed_and_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    ws = init_workspace(tmp_path / "office", "pw", "Office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
    finally:
        ws.close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    ids = [a.id for a in small.apps]
    inbox = tmp_path / "in"
    one = write(inbox, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    two = write(inbox, "r2-2.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    _json(capsys, "office", "merge", str(one), str(two))
    again = write(inbox, "r2-again.sbb", bundle(small, "R2", "material", ids, 1, seed=7,
                                                change=lambda m: m.update(prev_hash="")))
    out = _json(capsys, "office", "merge", str(again), code=3)  # waits for a decision
    assert [f["outcome"] for f in out["files"]] == ["fork"]
    forks = _json(capsys, "office", "fork", "list")
    assert [(f["reviewer"], f["in_force"]) for f in forks] == [("R2", 2)]
    chosen = _json(capsys, "office", "fork", "resolve", "r2-again.sbb", "--reason",
                   "案卷已按重新下发的任务包重建")
    assert chosen["chosen"] and chosen["reason"] == "案卷已按重新下发的任务包重建"
    assert _json(capsys, "office", "fork", "list") == []
