"""A small cycle built through the services, and bundles made the way a reviewer's laptop
makes them (signed with the reviewer's key, sealed to the office)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.crypto import strictjson as sj
from desktop.crypto.bundle import BUNDLE_FORMAT, build_bundle, new_manifest
from desktop.crypto.keys import ReviewerIdentity, fingerprint, make_card
from desktop.domain import credit_code
from desktop.services.catalogue import framework
from desktop.services.office import applicants, conflicts, cycle, packages, reviewers
from desktop.services.office.results import ApplicantView
from desktop.services.office.workspace import Workspace

PROGRAMME = "hohhot-mayor"  # annual; teams of 3 to 5 with a leader; organisation + individual


@dataclass
class Small:
    cycle: str
    apps: list[ApplicantView]
    ids: dict[str, ReviewerIdentity]
    conflicted: tuple[str, str]  # (reviewer id, applicant id)
    secret_ref: str
    office_enc: bytes = b""
    revisions: dict[tuple[str, str], int] = field(default_factory=dict)
    # (cycle, reviewer, stage, kind) -> revision -> content hash of the first bundle ``bundle``
    # made there: a later revision chains to the highest one below it (``prev_hash``)
    chains: dict[tuple[str, str, str, str], dict[int, str]] = field(default_factory=dict)


def small_cycle(ws: Workspace, members: int = 4, programme: str = PROGRAMME,
                award: str = "organisation") -> Small:
    rng = random.Random(7)
    view = cycle.open_cycle(ws, programme, 2025, opened_on=date(2025, 6, 2)).result
    cycle.decide_suggested(ws, by="测试办公室")  # the document's open points, decided
    apps = []
    for i in range(3):
        body = f"申报单位{i}自评报告：质量管理体系健全。"
        secrets: tuple[applicants.SecretInput, ...] = ()
        if i == 0:
            body += "关键工艺参数甲乙丙丁。"
            secrets = (applicants.SecretInput("technical", "关键工艺参数甲乙丙丁"),)
        apps.append(applicants.add_applicant(ws, applicants.ApplicantInput(
            name=f"呼和浩特示例{i}有限公司", award_id=award,
            credit_code=credit_code.generate(rng, "150100"), industry="制造业",
            materials=(applicants.MaterialInput("自评报告", body, secrets),))).result)
    ids = {}
    for k in range(members):
        rid = f"R{k + 1}"
        ids[rid] = ReviewerIdentity.generate(rid, f"评审员{k + 1}")
        affs = []
        if k == 0:
            affs = [reviewers.AffiliationInput(apps[1].name, apps[1].credit_code,
                                               2010, 2024)]
        reviewers.enrol(ws, make_card(ids[rid]), organisation="某大学", industry="制造业",
                        affiliations=affs)
    reviewers.create_team(ws, "T1", list(ids), f"R{members}", industry="制造业")
    sug = conflicts.suggest(ws)
    assert [(s.reviewer, s.applicant) for s in sug] == [("R1", apps[1].ref)]
    conflicts.add_conflict(ws, "R1", apps[1].ref, "employment", "office")
    for a in apps:
        packages.assign(ws, a.ref, "T1")
    packages.issue_roster(ws)
    return Small(view.cycle, apps, ids, ("R1", apps[1].id), apps[0].ref,
                 ws.identity().enc_pub)


def scores_for(applicant_ids: list[str], stage: str, seed: int) -> list[dict[str, Any]]:
    fw = framework()
    out = []
    for aid in applicant_ids:
        for n, it in enumerate(fw.items):
            out.append({"applicant_id": aid, "stage_id": stage, "item_id": it.id,
                        "pct": (seed * 7 + n * 3) % 20 * 5, "strengths": "优势",
                        "improvements": "改进", "secret_marks": []})
    return out


def bundle(small: Small, rid: str, stage: str, applicant_ids: list[str], revision: int = 1,
           seed: int = 1, recusals: list[str] | None = None, cycle_id: str | None = None,
           *, kind: str = "scores", change: Callable[[dict[str, Any]], None] | None = None,
           to: list[bytes] | None = None) -> bytes:
    """A bundle as the reviewer's laptop makes it. ``change`` edits the manifest before it is
    signed (a wrong value in a correctly signed bundle); ``to``: the recipients' keys (default:
    the office)."""
    snap = {"scores": scores_for(applicant_ids, stage, seed), "panel_scores": [],
            "recusals": [{"applicant_id": a, "reason": "employment", "text": "曾任职",
                          "declared_at": "2025-07-01T00:00:00Z"} for a in recusals or []],
            "feedback": []}
    made = small.chains.setdefault((cycle_id or small.cycle, rid, stage, kind), {})
    below = [r for r in made if r < revision]
    manifest = new_manifest(kind=kind, cycle_id=cycle_id or small.cycle, stage_id=stage,
                            reviewer_id=rid, revision=revision,
                            prev_hash=made[max(below)] if below else "", snapshot=snap,
                            audit_head="")
    if change is not None:
        change(manifest)
    keys = to or [small.office_enc]
    signed = dict(manifest, format=BUNDLE_FORMAT, recipients=[fingerprint(k) for k in keys])
    made.setdefault(revision, hashlib.sha256(sj.dumps(signed)).hexdigest())
    return build_bundle(small.ids[rid], manifest, keys)


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
