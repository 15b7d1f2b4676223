"""``held_of_revoked``: what the office must decide after a lost laptop — the held bundles of
the revoked key above the last trusted revision — waiting first, then decided with the reason;
a decision recorded with ``decide_revoked`` (the window's and the CLI's) shows there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.services.office import merge
from desktop.services.office.revocation import decide_revoked, held_of_revoked, revoke_key
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def test_held_bundles_of_a_revoked_key_wait_then_show_the_decision(
        ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    files = [write(tmp_path, f"r2-{n}.sbb", bundle(small, "R2", "material", ids, n, seed=n))
             for n in (1, 2, 3)]
    merge.merge_files(ws, files)
    assert held_of_revoked(ws) == []  # nothing is revoked yet
    revoke_key(ws, "R2", "笔记本电脑丢失", datetime.now(UTC), 1)
    found = held_of_revoked(ws)
    assert [(r.file, r.revision, r.stands) for r in found] == [
        ("r2-2.sbb", 2, None), ("r2-3.sbb", 3, None)]  # revision 1 is trusted: not listed
    assert {(r.reviewer, r.name, r.trusted_revision, r.revoked_reason) for r in found} == {
        ("R2", "评审员2", 1, "笔记本电脑丢失")}

    decide_revoked(ws, found[1].sha256, True, "本人确认第3版")
    after = held_of_revoked(ws)
    assert [(r.file, r.stands, r.reason) for r in after] == [
        ("r2-2.sbb", None, None), ("r2-3.sbb", True, "本人确认第3版")]
    decide_revoked(ws, "r2-2.sbb", False, "无法确认")
    assert [(r.file, r.stands) for r in held_of_revoked(ws)] == [
        ("r2-2.sbb", False), ("r2-3.sbb", True)]
