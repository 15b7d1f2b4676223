"""Read-only views of the office workspace for the window: materials with secrets and
eligibility, consensus status, votes, notices, objections, quarantined files, the committee.

One unit of work each; the decision side's reads return the typed values of
``results_decide``. Nothing here writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from desktop.domain.messages import Msg
from desktop.domain.programmes import Programme
from desktop.models.office.decision import NoticeRecord, Objection, VoteSession
from desktop.models.office.people import Applicant, DeclaredSecret, Eligibility, Material
from desktop.models.office.review import ConsensusItem
from desktop.services.office.common import find_applicant, programme_of, resolve_cycle
from desktop.services.office.eligibility import recorded
from desktop.services.office.results_applicant import (
    ApplicantDetail,
    DeclaredPassage,
    EligibilityResults,
    MaterialText,
    StoredEligibility,
)
from desktop.services.office.results_decide import (
    CommitteeMember,
    ConsensusStatus,
    HeldConsensusItem,
    NoticeRow,
    ObjectionRow,
    VoteRecusal,
    VoteResult,
    vote_from_stored,
)
from desktop.services.office.reviewers import committee
from desktop.services.office.workspace import Workspace

MSG_KEY = "msgid"  # a stored message: {"msgid": English template, "params": {...}}


def encode_msg(value: Msg) -> dict[str, Any]:
    """A message as language-neutral JSON data: its template and parameters (nested messages
    encoded the same way); ``revive`` turns it back into a ``Msg``."""
    return {MSG_KEY: value.template,
            "params": {k: encode_msg(v) if isinstance(v, Msg) else v
                       for k, v in value.params.items()}}


def revive(value: Any) -> Any:
    """Stored JSON with its encoded messages back as ``Msg`` (rendered in the reader's
    language); anything else as it is (older rows stored English text: shown as stored)."""
    if isinstance(value, dict):
        if isinstance(value.get(MSG_KEY), str) and set(value) <= {MSG_KEY, "params"}:
            params = value.get("params") or {}
            return Msg(value[MSG_KEY], {k: revive(v) for k, v in params.items()})
        return {k: revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    return value


def revive_text(text: str) -> Msg | str:
    """A stored reason: an encoded message (JSON) as a ``Msg``; plain text as it is."""
    if text.startswith("{") and MSG_KEY in text:
        try:
            found = revive(json.loads(text))
        except ValueError:
            return text
        if isinstance(found, Msg):
            return found
    return text


_FIELD = re.compile(r"\{(\w+)\}")
_MIN_LITERAL = 8  # a template with less fixed text than this would match almost anything


@lru_cache(maxsize=8192)
def _template_pattern(template: str) -> tuple[re.Pattern[str], int] | None:
    """A regular expression matching the English text ``template`` renders to (fields as
    groups), with the length of its fixed text; None for a template too loose to match."""
    if "{" in _FIELD.sub("", template) or "}" in _FIELD.sub("", template):
        return None  # a format spec or escaped brace: not reversed
    parts, seen, pos, literal = [], set(), 0, 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        literal += m.start() - pos
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    literal += len(template) - pos
    if literal < _MIN_LITERAL:
        return None
    return re.compile("".join(parts), re.DOTALL), literal


def match_template(text: str, templates: Iterable[str], depth: int = 2) -> Msg | None:
    """The message among ``templates`` that renders (in English) to ``text``: how rows stored
    before messages were kept language-neutral are shown in the reader's language. A
    parameter that is itself a rendered template is matched too (``depth`` levels); the parse
    with the most fixed text wins, and of two such the one with the shortest outer template
    (a wrapper such as "{reason}; …" stands outside). None when no template fits."""
    found = _match(text, tuple(templates), depth)
    return None if found is None else found[2]


def _match(text: str, pool: tuple[str, ...], depth: int) -> tuple[int, int, Msg] | None:
    best: tuple[int, int, Msg] | None = None
    for template in pool:
        if template == text:
            return len(text), 0, Msg(template)
        compiled = _template_pattern(template)
        if compiled is None:
            continue
        pattern, literal = compiled
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params: dict[str, Any] = dict(m.groupdict())
        total = literal
        if depth > 0:
            for key, value in params.items():
                inner = _match(value, pool, depth - 1) if " " in value else None
                if inner is not None and inner[2].params:
                    params[key] = inner[2]
                    total += inner[0]
        if best is None or (total, -literal) > (best[0], best[1]):
            best = (total, -literal, Msg(template, params))
    return best


def applicant_detail(ws: Workspace, ref: str, cycle_ref: str | None = None) -> ApplicantDetail:
    """Materials with their declared secret passages, and the stored eligibility result."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, ref)
        materials = []
        for m in s.execute(select(Material).where(Material.applicant_id == app.id)
                           .order_by(Material.title)).scalars():
            secrets = tuple(DeclaredPassage(d.kind, d.passage) for d in s.execute(
                select(DeclaredSecret).where(DeclaredSecret.material_id == m.id)).scalars())
            materials.append(MaterialText(m.title, m.body, secrets))
        elig = s.get(Eligibility, app.id)
        return ApplicantDetail(
            ref=app.ref, name=app.name, materials=tuple(materials),
            eligible=None if elig is None else elig.eligible,
            eligibility=None if elig is None or not elig.result_json else recorded(app, elig))


def cycle_programme(ws: Workspace, cycle_ref: str | None = None) -> Programme:
    """The programme of the cycle in force (to name its stages and awards)."""
    with ws.uow() as s:
        return programme_of(resolve_cycle(s, cycle_ref).programme_id)


def eligibility_results(ws: Workspace, cycle_ref: str | None = None) -> EligibilityResults:
    """Every applicant's stored eligibility (``of(ref)``: None when not evaluated or
    undetermined)."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        rows = s.execute(select(Applicant.ref, Eligibility.eligible, Eligibility.applicant_id)
                         .join(Eligibility, Eligibility.applicant_id == Applicant.id, isouter=True)
                         .where(Applicant.cycle_id == cycle.id)
                         .order_by(Applicant.ref)).all()
        return EligibilityResults(tuple(StoredEligibility(ref, eligible, held is not None)
                                        for ref, eligible, held in rows))


def committee_members(ws: Workspace, cycle_ref: str | None = None
                      ) -> list[CommitteeMember]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        return [CommitteeMember(m.name, m.role, m.organisation) for m in committee(s, cycle)]


def consensus_status(ws: Workspace, cycle_ref: str | None = None
                     ) -> dict[tuple[str, str], ConsensusStatus]:
    """(applicant ref, stage) -> items with a consensus, the leader, and whether it came from a
    signed field bundle or was recorded at the office."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        refs = {a.id: a.ref for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        out: dict[tuple[str, str], ConsensusStatus] = {}
        for c in s.execute(select(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id)
                           ).scalars():
            key = (refs.get(c.applicant_id, "?"), c.stage_id)
            was = out.get(key, ConsensusStatus())
            out[key] = ConsensusStatus(was.items + 1, c.leader_id,
                                       was.signed or c.bundle_id is not None)
        return out


def consensus_items(ws: Workspace, ref: str, stage_id: str,
                    cycle_ref: str | None = None) -> dict[str, HeldConsensusItem]:
    """item id -> its consensus (pct, rationale) recorded for one applicant and stage."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        app = find_applicant(s, cycle, ref)
        return {c.item_id: HeldConsensusItem(c.item_id, c.pct, c.rationale) for c in s.execute(
            select(ConsensusItem).where(ConsensusItem.cycle_id == cycle.id,
                                        ConsensusItem.applicant_id == app.id,
                                        ConsensusItem.stage_id == stage_id)).scalars()}


def latest_votes(ws: Workspace, cycle_ref: str | None = None) -> dict[str, VoteResult]:
    """award id -> the stored result of its latest vote (as ``vote.hold_vote`` returned it),
    with when it was held, who was present and the ballots."""
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        names = {a.ref: a.name for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        out: dict[str, VoteResult] = {}
        for v in s.execute(select(VoteSession).where(VoteSession.cycle_id == cycle.id)
                           .order_by(VoteSession.recorded_at)).scalars():
            out[v.award_id] = vote_from_stored(
                revive(json.loads(v.result_json)), names, p,
                recusals=tuple(VoteRecusal(m, a) for m, a in json.loads(v.recused_json or "[]")),
                held_on=v.held_on, present_names=tuple(json.loads(v.present_json)),
                ballots=json.loads(v.ballots_json))
        return out


def notices(ws: Workspace, cycle_ref: str | None = None) -> list[NoticeRow]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        apps = {str(a.id): a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}

        def on(n: NoticeRecord) -> list[str]:
            ids: list[str] = json.loads(n.applicants_json)
            return ids

        return [NoticeRow(n.notice_id, n.starts_on, n.ends_on, n.working_days, n.convention,
                          tuple(apps[a].ref if a in apps else a for a in on(n)),
                          tuple(apps[a].name if a in apps else "" for a in on(n)))
                for n in s.execute(select(NoticeRecord).where(NoticeRecord.cycle_id == cycle.id)
                                   .order_by(NoticeRecord.recorded_at)).scalars()]


def objections(ws: Workspace, cycle_ref: str | None = None) -> list[ObjectionRow]:
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        apps = {a.id: a for a in s.execute(select(Applicant).where(
            Applicant.cycle_id == cycle.id)).scalars()}
        refs = {aid: a.ref for aid, a in apps.items()}
        return [ObjectionRow(str(o.id), refs.get(o.applicant_id, "?"), o.received_on,
                             o.summary, o.outcome, o.decided_on, o.note,
                             refs.get(o.backfill_applicant_id) if o.backfill_applicant_id
                             else None,
                             apps[o.applicant_id].name if o.applicant_id in apps else "")
                for o in s.execute(select(Objection).where(Objection.cycle_id == cycle.id)
                                   .order_by(Objection.received_on, Objection.id)).scalars()]
