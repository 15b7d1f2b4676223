"""``verify_held``: every held bundle's stored bytes are opened again with the office key and
compared with its row; a row altered in the database is named with its reason (both backends:
on PostgreSQL this is what anyone with write access to the database could do)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import undefer

from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.models.office.review import ReceivedBundle, RosterIssue
from desktop.services.office import merge, packages, reviewers
from desktop.services.office.verify import verify_held
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, small_cycle, write


def _held(ws: Workspace, tmp_path: Path) -> Small:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path / "in", f"{r}.sbb", bundle(small, r, "material", ids))
             for r in ("R2", "R3", "R4")]
    files.append(write(tmp_path / "in", "R2-2.sbb",
                       bundle(small, "R2", "material", ids, revision=2, seed=5)))
    result = merge.merge_files(ws, files)
    assert {f.outcome for f in result.files} <= {"new", "updated"}
    return small


def _row(ws: Workspace, file_name: str) -> ReceivedBundle:
    with ws.uow() as s:
        row = s.execute(select(ReceivedBundle).where(ReceivedBundle.file_name == file_name)
                        .options(undefer(ReceivedBundle.raw))).scalar_one()  # kept deferred
        s.expunge(row)
        return row


def _set(ws: Workspace, file_name: str, **values: object) -> None:
    with ws.uow() as s:
        s.execute(update(ReceivedBundle).where(ReceivedBundle.file_name == file_name)
                  .values(**values))


def test_every_held_bundle_verifies(ws: Workspace, tmp_path: Path) -> None:
    small = _held(ws, tmp_path)
    report = verify_held(ws)
    assert report.ok and report.failures == 0 and report.verdict() is None
    assert report.cycle == small.cycle
    assert sorted((b.file, b.reviewer, b.revision) for b in report.bundles) == [
        ("R2-2.sbb", "R2", 2), ("R2.sbb", "R2", 1), ("R3.sbb", "R3", 1), ("R4.sbb", "R4", 1)]
    assert all(b.ok and b.reason is None and b.roster_version == 1 for b in report.bundles)
    assert [(r.version, r.ok) for r in report.rosters] == [(1, True)]


def test_an_altered_manifest_is_named(ws: Workspace, tmp_path: Path) -> None:
    _held(ws, tmp_path)
    doc = json.loads(_row(ws, "R3.sbb").manifest_json)
    doc["snapshot"]["scores"][0]["pct"] = 100 if doc["snapshot"]["scores"][0]["pct"] != 100 \
        else 0
    _set(ws, "R3.sbb", manifest_json=json.dumps(doc, ensure_ascii=False))
    report = verify_held(ws)
    assert not report.ok and report.failures == 1
    (bad,) = report.failed
    assert (bad.file, bad.reviewer, bad.stage, bad.revision) == ("R3.sbb", "R3", "material", 1)
    assert "stored manifest" in str(bad.reason) and "differs from the signed one" in str(
        bad.reason)
    verdict = report.verdict()
    assert verdict is not None and "1 held bundle or roster does not verify" in str(verdict)


def test_altered_bytes_are_named(ws: Workspace, tmp_path: Path) -> None:
    _held(ws, tmp_path)
    raw = bytearray(_row(ws, "R4.sbb").raw)
    raw[len(raw) // 2] ^= 0x01
    _set(ws, "R4.sbb", raw=bytes(raw))
    report = verify_held(ws)
    assert [(b.file, str(b.reason)) for b in report.failed] == [
        ("R4.sbb", "the stored file is not the one imported: its hash differs")]
    # The hash column changed along with the bytes: the signature (here, the sealed content's
    # authentication) is what still refuses them.
    _set(ws, "R4.sbb", sha256=hashlib.sha256(bytes(raw)).hexdigest())
    (bad,) = verify_held(ws).failed
    assert bad.file == "R4.sbb" and str(bad.reason).startswith("the stored file does not "
                                                                "verify: ")


def test_genuine_bytes_of_another_bundle_under_a_row_are_named(ws: Workspace,
                                                               tmp_path: Path) -> None:
    _held(ws, tmp_path)
    other = _row(ws, "R3.sbb")  # genuine and signed, but by R3: moved under R4's row
    with ws.uow() as s:
        s.execute(delete(ReceivedBundle).where(ReceivedBundle.file_name == "R3.sbb"))
    _set(ws, "R4.sbb", raw=other.raw, sha256=other.sha256)
    (bad,) = verify_held(ws).failed
    assert bad.file == "R4.sbb" and bad.reviewer == "R4"
    assert str(bad.reason) == "the stored content hash is not the hash of the signed content"
    _set(ws, "R2-2.sbb", revision=7)
    bad_rows = {b.file: str(b.reason) for b in verify_held(ws).failed}
    assert bad_rows["R2-2.sbb"] == ("the stored reviewer, stage, kind or revision differs from "
                                    "the signed ones")


def test_a_roster_row_that_does_not_verify_is_reported(ws: Workspace, tmp_path: Path) -> None:
    small = _held(ws, tmp_path)
    reviewers.enrol(ws, make_card(ReviewerIdentity.generate("R9", "评审员九")))
    assert packages.issue_roster(ws, small.cycle).result.version == 2
    with ws.uow() as s:
        signed = s.execute(select(RosterIssue.signed).where(RosterIssue.version == 1)
                           ).scalar_one()
        forged = bytearray(signed)
        forged[-40] ^= 0x01
        s.execute(update(RosterIssue).where(RosterIssue.version == 1).values(
            signed=bytes(forged)))
    report = verify_held(ws)
    assert [(r.version, r.ok) for r in report.rosters] == [(2, True), (1, False)]
    assert all(b.ok and b.roster_version == 2 for b in report.bundles)  # still on roster 2
    assert not report.ok and report.failures == 1
