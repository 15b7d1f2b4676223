"""The held bundles of a cycle and what every bundle is checked against: the merge's context
(``context``), the held records (``held_records``), a person's choice of a fork's side or of a
chain (``record_choice``), naming a held bundle (``pick_held``) and the per-cycle lock. Below the
merge (``office.merge``), the chains (``office.chains``) and the key revocations
(``office.revocation``), which all use them without importing one another."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.domain.errors import InputRejected, NotFound
from desktop.domain.merge import CHAIN, BundleKey, BundleRecord, MergeContext, merge
from desktop.domain.messages import N_, Msg
from desktop.models.office.people import Applicant, Assignment, TeamMember
from desktop.models.office.review import ReceivedBundle
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.bundle_checks import value_rules
from desktop.services.catalogue import framework_for_ref
from desktop.services.office.common import cycle_code, dumps, loads, programme_of
from desktop.services.office.conflicts import register
from desktop.services.office.derive import _derive
from desktop.services.office.derived_state import Inputs
from desktop.services.office.disqualification import disqualified_in
from desktop.services.office.findings import given_issues
from desktop.services.office.merge_types import record_from_manifest
from desktop.services.office.packages import assignments
from desktop.services.office.revoked_keys import revocations

CHAIN_KEY = "chain."


def chain_resolutions(s: Session, cycle: Cycle) -> dict[tuple[BundleKey, int], str]:
    """((reviewer, stage, kind), CHAIN) -> a content hash of the chain the office chose."""
    out: dict[tuple[BundleKey, int], str] = {}
    for row in s.execute(select(CycleSetting).where(
            CycleSetting.cycle_id == cycle.id,
            CycleSetting.key.startswith(CHAIN_KEY, autoescape=True))).scalars():
        v = loads(row.value)
        out[((v["reviewer"], v["stage"], v["kind"]), CHAIN)] = v["content_hash"]
    return out


def context(s: Session, cycle: Cycle) -> MergeContext:
    """What every bundle is checked against: the cycle, its framework and programme, who is
    assigned to (and leads the team of) each applicant, the conflict register, the clock."""
    p = programme_of(cycle.programme_id)
    reg = register(s, cycle, field=False)  # field recusals come from the bundles
    fw = framework_for_ref(cycle.framework_ref)
    assigned = assignments(s, cycle)
    return MergeContext(cycle_id=cycle_code(cycle),
                        stage_ids=frozenset(st.id for st in p.scored_stages),
                        assignments=assigned,
                        conflicted=reg.conflicted_pairs(),
                        resolutions=fork_resolutions(s, cycle),
                        led=_led(s, cycle, assigned),
                        revocations=revocations(s, cycle), disqualified=disqualified_in(s, cycle),
                        **value_rules(fw, {st.id: st.form for st in p.scored_stages},
                                      {st.id: st.kind.value for st in p.scored_stages},
                                      given_issues(s, cycle)))


_contexts: OrderedDict[tuple[Any, ...], MergeContext] = OrderedDict()
_contexts_lock = threading.Lock()


def kept_context(s: Session, cycle: Cycle, inputs: Inputs | None) -> MergeContext:
    """``context``, kept per process for the same set-up: ``inputs`` are every input of a
    derive as read in this unit of work (``derived_state.kept``), and the context is made of
    those beside the held bundles (the cycle, its programme and framework, applicants, teams,
    assignments, admissions, conflicts, fork and chain choices, key revocations and decisions,
    disqualifications, site-visit issues): the same hash of them, the same context, with this
    computer's clock read now. None: read it all again."""
    if inputs is None:
        return context(s, cycle)
    key = (cycle.id, cycle_code(cycle), inputs.beside_bundles())
    with _contexts_lock:
        found = _contexts.get(key)
        if found is not None:
            _contexts.move_to_end(key)
    if found is None:
        found = context(s, cycle)
        with _contexts_lock:
            _contexts[key] = found
            while len(_contexts) > 4:
                _contexts.popitem(last=False)
    return replace(found, now=datetime.now(UTC))


def _led(s: Session, cycle: Cycle, assigned: frozenset[tuple[str, str, str]]
         ) -> frozenset[tuple[str, str, str]]:
    """(stage, leader, applicant) for the leader of the team each applicant is assigned to."""
    pairs = {(rid, str(aid)) for aid, rid in s.execute(
        select(Assignment.applicant_id, TeamMember.reviewer_id)
        .join(TeamMember, TeamMember.team_id == Assignment.team_id)
        .join(Applicant, Applicant.id == Assignment.applicant_id)
        .where(Applicant.cycle_id == cycle.id, TeamMember.leader.is_(True)))}
    return frozenset(a for a in assigned if (a[1], a[2]) in pairs)


# --- forks: a person decides which bundle stands ------------------------------------------------

FORK_KEY = "fork."


def _fork_key(kind: str, reviewer: str, stage: str, revision: int) -> str:
    return f"{FORK_KEY}{kind}.{reviewer}.{stage}.{revision}"


def fork_resolutions(s: Session, cycle: Cycle) -> dict[tuple[BundleKey, int], str]:
    """(reviewer, stage, kind), revision -> the content hash the office chose (and, at
    revision ``CHAIN``, the chain it chose: ``office.chains``)."""
    out: dict[tuple[BundleKey, int], str] = chain_resolutions(s, cycle)
    for row in s.execute(select(CycleSetting).where(
            CycleSetting.cycle_id == cycle.id,
            CycleSetting.key.startswith(FORK_KEY, autoescape=True))).scalars():
        v = loads(row.value)
        out[((v["reviewer"], v["stage"], v["kind"]), int(v["revision"]))] = v["content_hash"]
    return out


class _Held(Protocol):
    file_name: str
    sha256: str
    content_hash: str


_H = TypeVar("_H", bound=_Held)


def pick_held(s: Session, model: type[_H], ref: str, *where: Any) -> _H:
    """The held bundle a person named by file name or by the start (8+ hex digits) of its file
    or content hash; ``where`` narrows the rows (e.g. to one cycle). The office and the team
    leader use the same rule."""
    ref = ref.strip()
    columns: Any = model  # the mapped class: its attributes are columns here
    rows = list(s.scalars(select(model).where(columns.file_name == ref, *where)))
    if not rows and len(ref) >= 8 and all(c in "0123456789abcdef" for c in ref.lower()):
        prefix = ref.lower()
        rows = [r for r in s.scalars(select(model).where(*where))
                if r.sha256.startswith(prefix) or r.content_hash.startswith(prefix)]
    if len({r.content_hash for r in rows}) > 1:
        raise InputRejected(Msg(N_("'{ref}' names more than one bundle: give more of its "
                                   "hash"), {"ref": ref}))
    if not rows:
        raise NotFound(Msg(N_("No held bundle is named '{ref}' (a file name, or the start of "
                              "its hash)"), {"ref": ref}))
    return rows[0]


def record_choice(s: Session, cycle: Cycle, key: str, row: ReceivedBundle,
                  reason: str) -> str | None:
    """Keep the office's choice of ``row`` (with its reason) under ``key`` — a fork or a
    chain — and derive the state again; the content hash chosen before, if any."""
    value = dumps({"reviewer": row.signer_id, "stage": row.stage_id, "kind": row.kind,
                   "revision": row.revision, "content_hash": row.content_hash,
                   "reason": reason.strip(), "file": row.file_name})
    setting = s.get(CycleSetting, (cycle.id, key))
    previous = None if setting is None else str(loads(setting.value)["content_hash"])
    if setting is None:
        s.add(CycleSetting(cycle_id=cycle.id, key=key, value=value, source="office",
                           citation=None))
    else:
        setting.value = value
    s.flush()
    held, _ = held_records(s, cycle)
    _derive(s, cycle, merge([], context(s, cycle), held))
    return previous


def held_records(s: Session, cycle: Cycle, signers: Collection[str] | None = None
                 ) -> tuple[list[BundleRecord], dict[str, tuple[dict[str, Any], str]]]:
    """The held bundles' records (of ``signers`` only, when given) and sha256 -> (manifest,
    content hash) of each; never the files' bytes."""
    records, known = [], {}
    query = (select(ReceivedBundle.sha256, ReceivedBundle.manifest_json,
                    ReceivedBundle.content_hash, ReceivedBundle.file_name,
                    ReceivedBundle.signer_fp, ReceivedBundle.received_at)
             .where(ReceivedBundle.cycle_id == cycle.id).order_by(ReceivedBundle.sha256))
    if signers is not None:
        query = query.where(ReceivedBundle.signer_id.in_(sorted(signers)))
    for sha, text_, content_hash, name, fp, received in s.execute(query):
        manifest = json.loads(text_)
        known[sha] = (manifest, content_hash)
        records.append(replace(record_from_manifest(manifest, content_hash, name),
                               signer_fp=fp, received_at=received))
    return records, known


class HeldFiles(Mapping[str, tuple[dict[str, Any], str]]):
    """sha256 -> (manifest, content hash) of the cycle's held files, read one at a time when
    asked (a file imported again is not opened again; the others' manifests are never read)."""

    def __init__(self, s: Session, cycle: Cycle, inputs: Inputs | None = None) -> None:
        """``inputs``: every input of a derive as read in this unit of work (the kept state's
        check), whose held bundles' rows name their file hashes (not read again)."""
        self._s, self._cycle = s, cycle
        shas = None if inputs is None else inputs.bundle_shas()
        self.shas = shas if shas is not None else frozenset(s.execute(
            select(ReceivedBundle.sha256).where(ReceivedBundle.cycle_id == cycle.id)).scalars())

    def __contains__(self, sha: object) -> bool:
        return sha in self.shas

    def __getitem__(self, sha: str) -> tuple[dict[str, Any], str]:
        if sha not in self.shas:
            raise KeyError(sha)
        text_, content_hash = self._s.execute(select(
            ReceivedBundle.manifest_json, ReceivedBundle.content_hash).where(
            ReceivedBundle.cycle_id == self._cycle.id, ReceivedBundle.sha256 == sha)).one()
        return json.loads(text_), content_hash

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.shas))

    def __len__(self) -> int:
        return len(self.shas)


def _lock(s: Session, cycle: Cycle) -> None:
    """One merge per cycle at a time when several people share a PostgreSQL database."""
    if s.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(cycle.id.bytes).digest()[:8], "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


