"""Equivocation: a reviewer who sent the team leader and the office different content at one
revision (the leader saw 90, the office 10).

A consensus bundle lists the member bundles it was built from (``members`` in its manifest:
reviewer, stage, revision, content hash). The office cross-checks every listed member against
the scores bundles it holds: where it holds that reviewer's bundle for that stage and revision
with a different content hash, the two differ and one of them was not what the other side saw.
Each mismatch is flagged: the merge reports it on the files involved and records it in the
cycle's history; ``find_equivocations`` lists them for the unresolved matters
(``readiness``). A member the office does not hold (yet) is no mismatch. Consensus bundles
made before the list existed carry none and are not checked.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.merge import CONSENSUS, SCORES
from desktop.domain.messages import N_, Msg
from desktop.models.office.review import ReceivedBundle
from desktop.models.office.setup import Cycle


@dataclass(frozen=True)
class Equivocation:
    reviewer: str
    stage: str
    revision: int
    leader: str  # who signed the consensus that lists the member bundle
    leader_hash: str  # the content hash the consensus lists
    office_hashes: tuple[str, ...]  # what the office holds at that revision
    consensus_file: str
    member_files: tuple[str, ...]  # the office's files of that revision

    def message(self) -> Msg:
        return Msg(N_("Equivocation: reviewer {reviewer} sent team leader {leader} and the "
                      "office different bundles at revision {revision} for stage {stage} "
                      "(the leader's consensus {file} lists {listed}, the office holds "
                      "{held})"),
                   {"reviewer": self.reviewer, "leader": self.leader,
                    "revision": self.revision, "stage": self.stage,
                    "file": self.consensus_file, "listed": self.leader_hash[:16],
                    "held": ", ".join(h[:16] for h in self.office_hashes)})

    def history(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "stage": self.stage, "revision": self.revision,
                "leader": self.leader, "listed": self.leader_hash,
                "held": list(self.office_hashes), "consensus": self.consensus_file}


def find_equivocations(s: Session, cycle: Cycle) -> list[Equivocation]:
    """Every member bundle a held consensus lists whose content differs from the office's."""
    # Only the consensus bundles' manifests are read (a few per stage and team), then the held
    # scores bundles of the members they list.
    consensus = [(signer, name, json.loads(text).get("members", ()))
                 for signer, name, text in s.execute(
                     select(ReceivedBundle.signer_id, ReceivedBundle.file_name,
                            ReceivedBundle.manifest_json)
                     .where(ReceivedBundle.cycle_id == cycle.id,
                            ReceivedBundle.kind == CONSENSUS)
                     .order_by(ReceivedBundle.sha256))]
    members = sorted({m["reviewer_id"] for _l, _n, listed in consensus for m in listed})
    if not members:
        return []
    held: dict[tuple[str, str, int], dict[str, str]] = defaultdict(dict)
    for signer, stage, rev, content, name in s.execute(
            select(ReceivedBundle.signer_id, ReceivedBundle.stage_id,
                   ReceivedBundle.revision, ReceivedBundle.content_hash,
                   ReceivedBundle.file_name)
            .where(ReceivedBundle.cycle_id == cycle.id, ReceivedBundle.kind == SCORES,
                   ReceivedBundle.signer_id.in_(members))
            .order_by(ReceivedBundle.sha256)):
        held[(signer, stage, rev)].setdefault(content, name)
    out: dict[tuple[str, str, int, str, str], Equivocation] = {}
    for leader, name, listed in consensus:
        for member in listed:
            at = (member["reviewer_id"], member["stage_id"], int(member["revision"]))
            mine = held.get(at)
            if not mine or member["content_hash"] in mine:
                continue
            key = (*at, leader, member["content_hash"])
            if key not in out or name < out[key].consensus_file:
                out[key] = Equivocation(at[0], at[1], at[2], leader, member["content_hash"],
                                        tuple(sorted(mine)), name,
                                        tuple(mine[h] for h in sorted(mine)))
    return [out[k] for k in sorted(out)]


def flag_files(results: Sequence[Any], found: Sequence[Equivocation]) -> list[Any]:
    """The merge's file results with each equivocation reported on the files involved (the
    consensus that lists the member bundle, and the office's bundle of that revision)."""
    by_file: dict[str, list[Msg]] = defaultdict(list)
    for e in found:
        for name in {e.consensus_file, *e.member_files}:
            by_file[name].append(e.message())
    return [replace(r, warnings=(*r.warnings, *by_file[r.file])) if r.file in by_file else r
            for r in results]
