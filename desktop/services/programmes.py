"""The shipped award programmes (resources/programmes/*.toml), and validation of any such file."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.errors import NotFound, ProgrammeError, ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.open_points import open_points
from desktop.domain.programme_parser import parse_programme
from desktop.domain.programmes import Citation, Programme, Threshold
from desktop.domain.scoring import FormKind
from desktop.paths import resource
from desktop.services.files import read_data_file

SKIPPED = {"TEMPLATE.toml"}
_SHIPPED_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")  # a file name in programmes/, no path


def programmes_dir() -> Path:
    return resource("programmes")


def load_programme_file(path: Path) -> Programme:
    """Parse and validate one programme file; ``ProgrammeError`` names the file and field."""
    programme = parse_programme(read_data_file(path, ProgrammeError), str(path))
    known = {p.stem for p in resource("criteria").glob("*.toml")}
    for stage in programme.stages:
        framework = stage.form.framework_id
        if stage.form.kind is FormKind.ITEMS and framework not in known:
            raise ProgrammeError(str(path), f"stages.{stage.id}.form.framework",
                                 N_("unknown scoring framework '{id}' (shipped: {known})"),
                                 id=framework, known=", ".join(sorted(known)))
    return programme


def validate_file(path: Path | str) -> Programme:
    return load_programme_file(Path(path))


@cache
def _shipped(stem: str) -> Programme:
    """The shipped programme of ``<stem>.toml``, parsed once (its id must be its file's name)."""
    path = programmes_dir() / f"{stem}.toml"
    programme = load_programme_file(path)
    if programme.id != stem:
        raise ProgrammeError(str(path), "id", N_("id '{id}' differs from the file name"),
                             id=programme.id)
    return programme


@cache
def _catalogue() -> dict[str, Programme]:
    return {path.stem: _shipped(path.stem)
            for path in sorted(programmes_dir().glob("*.toml")) if path.name not in SKIPPED}


def list_programmes() -> tuple[Programme, ...]:
    return tuple(_catalogue().values())


def programme(programme_id: str) -> Programme:
    """The shipped programme ``programme_id``: only its own file is read (a command naming one
    programme parses no other; ids are file names, so no two files share one)."""
    if _SHIPPED_ID.fullmatch(programme_id) and f"{programme_id}.toml" not in SKIPPED and \
            (programmes_dir() / f"{programme_id}.toml").is_file():
        return _shipped(programme_id)
    raise NotFound(Msg(N_("Unknown programme '{id}' (known: {known})"),
                       {"id": programme_id, "known": ", ".join(_catalogue())}))


# --- a plain, JSON-ready description (for --json and for views) --------------------------------

def _cite(c: Citation | None) -> str | None:
    return None if c is None else str(c)


def _threshold(t: Threshold | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"fraction": f"{t.fraction.numerator}/{t.fraction.denominator}", "of": t.of,
            "inclusive": t.inclusive}


def describe(p: Programme) -> dict[str, Any]:
    """Every rule of ``p`` as plain data, citations as "文号 第X条" strings."""
    d = p.document
    return {
        "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "name_mn": p.name_mn,
        "region_zh": p.region_zh, "award_cite": _cite(p.award_cite), "fees_zh": p.fees_zh,
        "document": {"title_zh": d.title_zh, "number": d.number, "issuer_zh": d.issuer_zh,
                     "issued": d.issued, "effective": d.effective, "expires": d.expires,
                     "term_years": d.term_years, "term_cite": _cite(d.term_cite),
                     "supersedes": d.supersedes, "amended": d.amended},
        "cycle": {"kind": p.cycle.kind, "years": p.cycle.years, "cite": _cite(p.cycle.cite)},
        "awards": [{"id": a.id, "kind": a.kind, "name_zh": a.name_zh, "name_en": a.name_en,
                    "quota": a.quota, "quota_exact": a.quota_exact,
                    "vacancy_allowed": a.vacancy_allowed, "vacancy_cite": _cite(a.vacancy_cite),
                    "prize": a.prize, "prize_yuan": a.prize_yuan,
                    "prize_cite": _cite(a.prize_cite),
                    "repeat_winner_prize": a.repeat_winner_prize,
                    "repeat_winner_cite": _cite(a.repeat_winner_cite), "cite": _cite(a.cite)}
                   for a in p.awards],
        "validity_years": p.validity_years, "validity_cite": _cite(p.validity_cite),
        "reapplication": None if p.reapplication is None else {
            "interval_cycles": p.reapplication.interval_cycles,
            "interval_years": p.reapplication.interval_years,
            "exclusive": p.reapplication.exclusive, "text_zh": p.reapplication.text_zh,
            "cite": _cite(p.reapplication.cite)},
        "stages": [{"id": s.id, "kind": s.kind, "name_zh": s.name_zh, "name_en": s.name_en,
                    "scored": s.scored, "form": {
                        "kind": s.form.kind, "framework": s.form.framework_id,
                        "max_points": s.form.max_points, "step": s.form.step,
                        "office_setting": s.form_office_setting},
                    "cite": _cite(s.cite)} for s in p.stages],
        "notices": [{"id": n.id, "after": n.after, "working_days": n.working_days,
                     "count": n.count, "by_zh": n.by_zh, "cite": _cite(n.cite)}
                    for n in p.notices],
        "committee": None if p.committee is None else {
            "body_zh": p.committee.body_zh, "cite": _cite(p.committee.cite),
            "quorum": _threshold(p.committee.quorum),
            "pass_threshold": _threshold(p.committee.pass_threshold),
            "limited_voting": p.committee.limited_voting,
            "rank_by_votes": p.committee.rank_by_votes,
            "abstentions_count": p.committee.abstentions_count},
        "team": None if p.team is None else {
            "min_size": p.team.min_size, "max_size": p.team.max_size, "leader": p.team.leader,
            "by_industry": p.team.by_industry, "cite": _cite(p.team.cite)},
        "conditions": [{"id": r.id, "kind": r.kind, "applies_to": r.applies_to,
                        "exclusion": r.exclusion, "text_zh": r.text_zh, "params": dict(r.params),
                        "cite": _cite(r.cite)} for r in p.conditions],
        "revocations": [{"id": r.id, "kind": r.kind, "grounds_zh": r.grounds_zh,
                         "ban_years": r.ban_years,
                         "within_years_of_award": r.within_years_of_award,
                         "cite": _cite(r.cite)} for r in p.revocations],
        "backfill": None if p.backfill is None else {
            "allowed": p.backfill.allowed, "cite": _cite(p.backfill.cite)},
        "repeat_winners": None if p.repeat_winners is None else {
            "outside_quota": p.repeat_winners.outside_quota,
            "prize": p.repeat_winners.prize, "cite": _cite(p.repeat_winners.cite)},
        "recusal_cite": _cite(p.recusal_cite), "secrets_cite": _cite(p.secrets_cite),
        "supervision_feedback_cite": _cite(p.supervision_feedback_cite),
        "notes_zh": p.notes_zh,
        "disqualification_cite": _cite(p.disqualification_cite),
        "comprehensive": None if p.comprehensive_stage is None else {
            "stages": [st.id for st in p.comprehensive_stages],
            "cite": _cite(p.comprehensive_stage.cite)},
        # Where the document is silent: the office decides in set-up (none is invented).
        "office_decides": [{"key": pt.key, "meaning": pt.meaning, "silent": pt.silent,
                            "steps": [str(st) for st in pt.steps], "suggested": pt.suggested}
                           for pt in open_points(p)[0]],
        "given": [{"key": g.key, "value": g.value, "cite": f"{d.number} {g.article}"}
                  for g in open_points(p)[1]],
    }


def programme_of_cycle(code: str | None) -> Programme | None:
    """The programme of a cycle code as the views carry it (``programme.number``, see
    ``common.cycle_code``), for naming its stages and awards; None when it names none known."""
    programme_id, _dot, number = (code or "").rpartition(".")
    if not programme_id or not number.isdigit():
        return None
    try:
        return programme(programme_id)
    except ScorebookError:  # an unknown or broken programme: the caller shows the ids
        return None
