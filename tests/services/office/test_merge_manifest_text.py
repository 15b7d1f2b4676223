"""A held bundle's ``manifest_json`` is the exact signed manifest text (issue 26, h27m: the merge
stored the manifest encoded again with ``json.dumps`` — ~76 ms of 1,000 bundles' time), on both
backends: every reader only ``json.loads`` it, and it loads equal to the manifest ``open_bundle``
gives — also for a signed text that is not canonical (whitespace, escaped characters, keys out
of order), which the office re-verifies, derives and checks for recusals as before."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from desktop.crypto import container, dsse
from desktop.crypto.bundle import (
    BUNDLE_FORMAT,
    BUNDLE_TYPE,
    MAX_BUNDLE_BYTES,
    new_manifest,
    open_bundle,
)
from desktop.crypto.keys import fingerprint
from desktop.models.office.review import Conflict, ItemScore, ReceivedBundle
from desktop.services.office import merge, packages
from desktop.services.office.common import resolve_cycle
from desktop.services.office.merge_types import Incoming
from desktop.services.office.verify import verify_held
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import Small, bundle, scores_for, small_cycle, write


def _loose(small: Small, rid: str, stage: str, ids: list[str],
           recusals: Sequence[str] = ()) -> tuple[bytes, bytes]:
    """A bundle whose signed manifest text is valid but not canonical: indented, every
    non-ASCII character escaped, keys in the order made; and that text."""
    snap = {"scores": scores_for(ids, stage, 3), "panel_scores": [],
            "recusals": [{"applicant_id": a, "reason": "employment", "text": "曾任职",
                          "declared_at": "2025-07-01T00:00:00Z"} for a in recusals],
            "feedback": []}
    manifest = new_manifest(kind="scores", cycle_id=small.cycle, stage_id=stage,
                            reviewer_id=rid, revision=1, prev_hash="", snapshot=snap,
                            audit_head="")
    full = dict(manifest, format=BUNDLE_FORMAT, recipients=[fingerprint(small.office_enc)])
    payload = json.dumps(full, indent=1, ensure_ascii=True).encode("ascii")
    ident = small.ids[rid]
    envelope = dsse.sign_binary(BUNDLE_TYPE, payload, ident.sign_key, ident.fingerprint)
    return container.seal(container.BUNDLE_MAGIC, envelope, [small.office_enc],
                          MAX_BUNDLE_BYTES), payload


def _held(ws: Workspace) -> list[tuple[str, str, bytes]]:
    with ws.uow() as s:
        return [(r.file_name, r.manifest_json, bytes(r.raw)) for r in s.execute(
            select(ReceivedBundle).options(undefer(ReceivedBundle.raw))).scalars()]


def test_the_stored_manifest_is_the_signed_text(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    loose, loose_text = _loose(small, "R3", "material", ids)
    assert b"\\u" in loose_text and b"\n" in loose_text  # not the canonical spelling
    files = [write(tmp_path, "R2.sbb", bundle(small, "R2", "material", ids)),
             write(tmp_path, "R3.sbb", loose)]
    result = merge.merge_files(ws, files)
    assert [f.outcome for f in result.files] == ["new", "new"]
    identity = ws.identity()
    with ws.uow() as s:
        roster = packages.current_roster(s, resolve_cycle(s, None))
    assert roster is not None
    held = _held(ws)
    assert len(held) == 2
    for name, text, raw in held:
        opened = open_bundle(raw, identity, roster[0])
        assert text == opened.payload.decode("utf-8")  # the signed bytes themselves
        assert json.loads(text) == opened.manifest
        if name == "R3.sbb":
            assert text == loose_text.decode("ascii")
    report = verify_held(ws)
    assert report.ok and len(report.bundles) == 2
    with ws.uow() as s:  # the loose one's scores are derived as any other's
        got = sorted(s.execute(select(ItemScore.applicant_id, ItemScore.item_id, ItemScore.pct,
                                      ItemScore.strengths).where(
            ItemScore.reviewer_id == "R3")).all())
    want = sorted((uuid.UUID(sc["applicant_id"]), sc["item_id"], sc["pct"],
                   sc["strengths"]) for sc in scores_for(ids, "material", 3))
    assert got == want


def test_a_recusal_in_a_loose_signed_text_still_reaches_the_register(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    data, text = _loose(small, "R2", "material", ids[1:], recusals=[ids[0]])
    assert b'"recusals": [\n' in text  # the register's quick look finds no empty list here
    merge.merge_files(ws, [write(tmp_path, "R2.sbb", data)])
    with ws.uow() as s:
        found = {(c.reviewer_id, str(c.applicant_id)) for c in s.execute(
            select(Conflict)).scalars() if c.bundle_id is not None}
    assert ("R2", ids[0]) in found


def test_without_the_signed_text_the_manifest_is_encoded(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose text the merge does not have in hand (none today: held files are never
    stored again) would be stored as the manifest encoded — loading equal all the same."""
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    path = write(tmp_path, "R2.sbb", bundle(small, "R2", "material", ids))
    real = merge.read_bundles

    def textless(*args: Any, **kwargs: Any) -> list[Incoming]:
        items = real(*args, **kwargs)
        for item in items:
            item.text = None
        return items

    monkeypatch.setattr(merge, "read_bundles", textless)
    merge.merge_files(ws, [path])
    [(_name, text, raw)] = _held(ws)
    with ws.uow() as s:
        roster = packages.current_roster(s, resolve_cycle(s, None))
    assert roster is not None
    opened = open_bundle(raw, ws.identity(), roster[0])
    assert text == json.dumps(opened.manifest, ensure_ascii=False)
    assert json.loads(text) == opened.manifest
