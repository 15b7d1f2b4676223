"""``scorebook office verify`` on the demo's workspace: every held bundle verifies (exit 0); after
a held row is altered directly in the database, the report names that bundle and the exit
status is 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desktop.cli.main import main
from desktop.models.office.review import ReceivedBundle
from desktop.services.demo import PASSPHRASE, run_demo
from desktop.services.office.workspace import open_workspace


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_verify_the_demo_then_a_row_altered_in_the_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    demo = run_demo(tmp_path / "demo", "hohhot-mayor", seed=2)
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    ws_args = ("--workspace", str(demo.workspace))
    code, out, err = _run(capsys, "office", "verify", *ws_args, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True and report["failures"] == 0 and report["cycle"] == demo.cycle
    assert len(report["bundles"]) >= len(demo.bundle_of) > 0
    assert all(b["ok"] for b in report["bundles"]) and all(r["ok"] for r in report["rosters"])
    assert {b["kind"] for b in report["bundles"]} == {"scores", "consensus"}
    code, out, _ = _run(capsys, "office", "verify", *ws_args)
    assert code == 0 and "Every held bundle verifies" in out

    # Someone with write access to the database raises one reviewer's score in a held row.
    with open_workspace(demo.workspace, PASSPHRASE) as ws, ws.uow() as s:
        row = s.execute(select(ReceivedBundle).where(ReceivedBundle.kind == "scores")
                        .order_by(ReceivedBundle.file_name).limit(1)).scalar_one()
        doc = json.loads(row.manifest_json)
        first = doc["snapshot"]["scores"][0]
        first["pct"] = 100 if first["pct"] != 100 else 0
        target = (row.file_name, row.signer_id)
        s.execute(update(ReceivedBundle).where(ReceivedBundle.id == row.id).values(
            manifest_json=json.dumps(doc, ensure_ascii=False)))
    code, out, err = _run(capsys, "office", "verify", *ws_args)
    assert code == 3
    assert target[0] in out and target[1] in out and "stored manifest" in out
    assert "1 held bundle or roster does not verify" in err
    code, out, _ = _run(capsys, "office", "verify", *ws_args, "--json")
    failed = [b for b in json.loads(out)["bundles"] if not b["ok"]]
    assert code == 3 and [(b["file"], b["reviewer"]) for b in failed] == [target]
    assert "differs from the signed one" in failed[0]["reason"]
