"""A lost laptop, with real keys: the office revokes the key (reason, when it learnt of the loss,
the last trusted revision), a new roster is signed, bundles of the old key not held before the
revocation are refused, held ones are re-checked and above the trusted revision wait for a
recorded decision, and the replacement key's bundles are accepted. A revoked leader's consensus
is refused too."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain.errors import InputRejected, RuleViolation
from desktop.domain.readiness import UnresolvedKind
from desktop.models.office.decision import HistoryEntry
from desktop.models.office.review import ReceivedBundle
from desktop.services.office import merge, packages, readiness, reviewers
from desktop.services.office.changes import DERIVED, OfficeChanges
from desktop.services.office.revocation import (
    decide_revoked,
    list_revocations,
    replace_key,
    revoke_key,
)
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def _history(ws: Workspace, action: str) -> list[dict[str, object]]:
    with ws.uow() as s:
        return [json.loads(h.detail) for h in s.execute(select(HistoryEntry).where(
            HistoryEntry.action == action).order_by(HistoryEntry.id)).scalars()]


def test_a_lost_laptop(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    old_key = small.ids["R2"]
    v_before = packages.office_roster(ws).version
    held1 = write(tmp_path, "r2-1.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    held2 = write(tmp_path, "r2-2.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    assert {f.outcome for f in merge.merge_files(ws, [held1, held2]).files} <= \
        {"new", "updated", "fork"}
    # the thief's bundle is made with the old key; it arrives after the revocation
    stolen = write(tmp_path, "thief.sbb", bundle(small, "R2", "material", ids, 2**53, seed=9))

    with pytest.raises(InputRejected):
        revoke_key(ws, "R2", "  ", datetime.now(UTC), 1)
    with pytest.raises(InputRejected):
        revoke_key(ws, "R2", "丢失", datetime.now(UTC) + timedelta(days=2), 1)
    done = revoke_key(ws, "R2", "笔记本电脑在火车上丢失", datetime.now(UTC), 1)
    assert done.changes == DERIVED | OfficeChanges(people=True, keys=True)
    revoked = done.result
    assert revoked.roster_version == v_before + 1 and revoked.name == "评审员2"
    assert (revoked.held, revoked.refused, revoked.awaiting) == (2, 0, 1)
    roster = packages.office_roster(ws)
    assert roster.version == v_before + 1 and not roster.entry("R2").active
    with pytest.raises(RuleViolation):
        revoke_key(ws, "R2", "again", datetime.now(UTC), 1)
    thief = dataclasses.replace(old_key, reviewer_id="R77")  # the stolen key, another id
    with pytest.raises(InputRejected, match="already enrolled for reviewer R2"):
        reviewers.enrol(ws, make_card(thief))
    [rev] = list_revocations(ws)
    assert rev.fingerprint == old_key.public.fingerprint and rev.trusted_revision == 1
    assert rev.name == "评审员2" and rev.reason == "笔记本电脑在火车上丢失"
    assert _history(ws, "reviewer.revoke")[0]["reason"] == "笔记本电脑在火车上丢失"
    with ws.uow() as s:  # the held bundles were re-checked: their signing key is known
        assert set(s.execute(select(ReceivedBundle.signer_fp).where(
            ReceivedBundle.signer_id == "R2")).scalars()) == {old_key.public.fingerprint}

    # a bundle of the revoked key the office did not hold before: refused, with the reason
    result = merge.merge_files(ws, [stolen])
    [f] = result.files
    assert f.outcome == "rejected" and f.reason is not None
    assert "revoked key of reviewer R2" in str(f.reason)
    # the held ones: revision 1 (trusted) stands; revision 2 waits for the office's decision
    waiting = readiness.unresolved(ws).of_kind(UnresolvedKind.REVOKED_KEY)
    assert [(u.reviewer, u.revision, u.detail) for u in waiting] == [("R2", 2, "r2-2.sbb")]
    state = merge.rederive(ws)
    assert state.current[("R2", "material", "scores")][3] == 1
    # re-importing a bundle held before the revocation is a duplicate, not a refusal
    assert [f.outcome for f in merge.merge_files(ws, [held1]).files] == ["duplicate"]

    with pytest.raises(InputRejected):
        decide_revoked(ws, "r2-2.sbb", True, " ")
    decided = decide_revoked(ws, "r2-2.sbb", False, "复核：丢失前未导出第二版")
    assert decided.changes == DERIVED | OfficeChanges(keys=True)
    assert decided.result.stands is False and decided.result.name == "评审员2"
    assert (decided.result.file, decided.result.revision, decided.result.stage) == (
        "r2-2.sbb", 2, "material")
    assert not readiness.unresolved(ws).of_kind(UnresolvedKind.REVOKED_KEY)
    assert _history(ws, "revoked.decide")[0]["stands"] is False

    # the replacement key, compared with the card's fingerprint
    new_key = ReviewerIdentity.generate("R2", "评审员2")
    card = make_card(new_key)
    with pytest.raises(InputRejected, match="differs"):
        replace_key(ws, "R2", card, old_key.public.fingerprint)
    other = ReviewerIdentity.generate("R3", "x")
    with pytest.raises(RuleViolation):  # R3's key is not revoked
        replace_key(ws, "R3", make_card(other), other.public.fingerprint)
    out = replace_key(ws, "R2", card, new_key.public.fingerprint)
    assert out.changes == OfficeChanges(people=True, keys=True)
    assert out.result.roster_version == v_before + 2
    assert out.result.replaces == old_key.public.fingerprint
    assert packages.office_roster(ws).entry("R2").fingerprint == new_key.public.fingerprint
    assert [r.active for r in reviewers.list_reviewers(ws) if r.reviewer == "R2"] == [True]
    small.ids["R2"] = new_key
    fresh = write(tmp_path, "r2-new.sbb", bundle(small, "R2", "material", ids, 3, seed=5))
    [g] = merge.merge_files(ws, [fresh]).files
    assert g.outcome != "rejected", g.reason
    # the old key stays refused after the replacement (its key is no longer on the roster)
    small.ids["R2"] = old_key
    late = write(tmp_path, "thief-2.sbb", bundle(small, "R2", "material", ids, 4, seed=6))
    [h] = merge.merge_files(ws, [late]).files
    assert h.outcome == "rejected" and "revoked key of reviewer R2" in str(h.reason)


def test_a_revoked_leaders_consensus_is_refused(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    leader = "R4"
    revoke_key(ws, leader, "组长电脑被盗", datetime.now(UTC) - timedelta(hours=1), 0)
    consensus = write(tmp_path, "consensus.sbb",
                      bundle(small, leader, "material", ids, 1, kind="consensus"))
    [f] = merge.merge_files(ws, [consensus]).files
    assert f.outcome == "rejected"
    assert "revoked key of reviewer R4" in str(f.reason)
