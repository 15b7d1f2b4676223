"""``scorebook office reviewer revoke/replace/revoked/decide-revoked`` and ``office
roster-update``: a lost laptop handled at the command line, the reason from a file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.crypto.roster import verify_roster
from desktop.services.office.workspace import init_workspace
from tests.services.office.helpers import bundle, small_cycle, write

PASS = "office pass"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_revoke_replace_and_roster_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    with init_workspace(folder, PASS, "Review Office", kdf=CHEAP_KDF) as ws:
        small = small_cycle(ws)
        office_fp = ws.identity().root_fingerprint
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASS)
    w = ("--workspace", str(folder))
    reason = tmp_path / "reason.txt"
    reason.write_text("笔记本电脑丢失\n", encoding="utf-8")
    ids = [a.id for a in small.apps]
    held = write(tmp_path / "in", "held.sbb", bundle(small, "R2", "material", ids, 1))
    assert main(["office", "merge", str(held), *w]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):  # the moment is required
        main(["office", "reviewer", "revoke", "R2", "--reason-file", str(reason),
              "--trusted-revision", "0", *w])
    capsys.readouterr()
    done = _json(capsys, "office", "reviewer", "revoke", "R2", "--reason-file", str(reason),
                 "--learnt-at", datetime.now(UTC).isoformat(), "--trusted-revision", "0", *w)
    assert done["reviewer"] == "R2" and done["roster_version"] == 2 and done["awaiting"] == 1
    [waiting] = _json(capsys, "office", "reviewer", "held-revoked", *w)
    assert (waiting["file"], waiting["revision"], waiting["stands"]) == ("held.sbb", 1, None)
    decided = _json(capsys, "office", "reviewer", "decide-revoked", "held.sbb", "--stands",
                    "--reason-file", str(reason), *w)
    assert decided["stands"] is True
    [after] = _json(capsys, "office", "reviewer", "held-revoked", *w)
    assert after["stands"] is True and after["reason"] == "笔记本电脑丢失"
    assert main(["office", "reviewer", "held-revoked", *w]) == 0  # the human text
    text = capsys.readouterr().out  # the reviewer by name, the stage by its name
    assert "held.sbb" in text and "R2 (评审员2)" in text and "material" not in text
    [row] = _json(capsys, "office", "reviewer", "revoked", *w)
    assert row["reason"] == "笔记本电脑丢失" and row["trusted_revision"] == 0
    assert "name" not in row  # the name is for people: the JSON keeps its keys
    assert main(["office", "reviewer", "revoked", *w]) == 0
    assert "R2 (评审员2)" in capsys.readouterr().out

    late = write(tmp_path / "in", "late.sbb", bundle(small, "R2", "material", ids, 1))
    assert main(["office", "merge", str(late), *w]) == 3
    assert "revoked key of reviewer R2" in capsys.readouterr().out

    new = ReviewerIdentity.generate("R2", "评审员2")
    card = tmp_path / "R2.card"
    card.write_bytes(make_card(new))
    code = main(["office", "reviewer", "replace", "R2", str(card), "--fingerprint",
                 small.ids["R3"].fingerprint, *w])
    assert code == 3 and "differs" in capsys.readouterr().err
    out = _json(capsys, "office", "reviewer", "replace", "R2", str(card), "--fingerprint",
                new.fingerprint, *w)
    assert out["fingerprint"] == new.fingerprint and out["roster_version"] == 3

    code = main(["office", "roster-update", "--to", str(tmp_path / "no-stick"), *w])
    assert code == 3 and "not a folder" in capsys.readouterr().err  # never made up
    (tmp_path / "usb").mkdir(exist_ok=True)
    update = _json(capsys, "office", "roster-update", "--to", str(tmp_path / "usb"), *w)
    path = Path(update["file"])
    assert path.suffix == ".sbr" and update["version"] == 3
    roster = verify_roster(path.read_bytes(), office_fp, None)
    assert roster.entry("R2").fingerprint == new.fingerprint
