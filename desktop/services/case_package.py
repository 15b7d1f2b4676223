"""What a panel package carries for one reviewer's visit: the content schema and its parser.

The office builds the content (``desktop.crypto.package.build_package`` signs and seals it); the
case file is created from it. ``divergence`` (optional, schema-compatible: absent means the
default rule) carries the office's cycle setting for flagging items; the case keeps it in the
``case.create`` entry of its hash-chained audit log, where the team leader reads it.
``sample_content`` makes a realistic one for tests, demos, benches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.crypto import docstream, formats
from desktop.crypto import strictjson as sj
from desktop.crypto.errors import Malformed
from desktop.crypto.package_docs import DocumentStream
from desktop.domain.consensus import DivergenceRule, RuleMode
from desktop.domain.findings import MAX_FINDING, FindingKind, SiteIssue
from desktop.domain.messages import N_
from desktop.domain.scoring import FormKind

CONTENT_FORMAT = formats.CONTENT.tag  # "scorebook.panel-content/2"
_TEXT = sj.string(200, 1, multiline=False)
_DECIMAL = sj.pattern(r"\d{1,6}(\.\d{1,2})?")

_STAGE = sj.obj({
    "stage_id": sj.ident, "kind": sj.ident, "name_zh": _TEXT, "name_en": _TEXT,
    "form": sj.one_of(*(k.value for k in FormKind)),
}, {"max_points": _DECIMAL, "step": _DECIMAL})
MAX_DOCUMENT = 200 * 1024 * 1024  # bytes of one PDF (the office's limit)
_STREAM = sj.obj({"key": sj.hexstr(64), "offset": sj.integer(0, 2**53),
                  "length": sj.integer(docstream.TAG, 2**53)})
# A PDF document: "kind" "pdf", its facts and where its encrypted stream is (package_docs).
_MATERIAL = sj.obj({"material_id": sj.ident, "title": _TEXT, "body": sj.string(2_000_000)},
                   {"kind": sj.one_of("text", "pdf"), "pages": sj.integer(1, 1_000_000),
                    "sha256": sj.hexstr(64), "size": sj.integer(1, MAX_DOCUMENT),
                    "stream": _STREAM})
_SECRET = sj.obj({"kind": sj.one_of("trade", "technical"), "passage": sj.string(20_000, 1)},
                 {"material_id": sj.ident})
_APPLICANT_FIELDS = {
    "applicant_id": sj.ident, "name": _TEXT, "materials": sj.array(_MATERIAL, 200),
    "secrets": sj.array(_SECRET, 1000),
}
# Version 2: the site-visit issues the material-review team raised (desktop.domain.findings),
# for the on-site team to verify or clarify.
_ISSUE = sj.obj({"issue_id": sj.ident, "item_id": sj.ident,
                 "kind": sj.one_of(FindingKind.VERIFY.value, FindingKind.CLARIFY.value),
                 "text": sj.string(MAX_FINDING, 1)})
_APPLICANT_V1 = sj.obj(_APPLICANT_FIELDS, {"category": sj.ident})
_APPLICANT = sj.obj(_APPLICANT_FIELDS, {"category": sj.ident,
                                        "site_issues": sj.array(_ISSUE, 500)})
_MEMBER = sj.obj({"reviewer_id": sj.ident, "display_name": _TEXT, "leader": sj.boolean})
# The office's divergence rule for the cycle (optional: absent means the default rule).
_DIVERGENCE = sj.obj({"different_bands": sj.boolean,
                      "min_spread_pct": sj.nullable(sj.integer(0, 100)),
                      "mode": sj.one_of(*(r.value for r in RuleMode))})
_CONTENT_FIELDS = {
    "programme_id": sj.ident,
    "criteria_ref": sj.pattern(r"[A-Za-z0-9._:-]{1,64}@[A-Za-z0-9._:-]{1,32}"),
    "cycle_id": sj.ident,
    "reviewer_id": sj.ident,
    "current_stage_id": sj.ident,
    "stages": sj.array(_STAGE, 20),
    "team": sj.array(_MEMBER, 50),
}
_CONTENT_OPTIONAL = {"divergence": _DIVERGENCE,
                     "documents_keep_until": sj.pattern(r"\d{4}-\d{2}-\d{2}")}


def _content(version: int, applicant: sj.Check) -> sj.Check:
    return sj.obj({**_CONTENT_FIELDS, "format": sj.one_of(f"{formats.CONTENT.name}/{version}"),
                   "applicants": sj.array(applicant, 500)}, _CONTENT_OPTIONAL)


# one schema per version read (formats.CONTENT)
_CONTENTS: dict[int, sj.Check] = {1: _content(1, _APPLICANT_V1), 2: _content(2, _APPLICANT)}


@dataclass(frozen=True)
class StageSpec:
    stage_id: str
    kind: str
    name_zh: str
    name_en: str
    form: FormKind
    max_points: Decimal | None
    step: Decimal | None


@dataclass(frozen=True)
class SecretSpec:
    kind: str
    passage: str
    material_id: str | None


@dataclass(frozen=True)
class MaterialSpec:
    material_id: str
    title: str
    body: str
    kind: str = "text"
    pages: int | None = None
    stream: DocumentStream | None = None  # a PDF's stream in the package


@dataclass(frozen=True)
class ApplicantSpec:
    applicant_id: str
    name: str
    category: str | None
    materials: tuple[MaterialSpec, ...]
    secrets: tuple[SecretSpec, ...]
    site_issues: tuple[SiteIssue, ...] = ()  # raised by the material-review team


@dataclass(frozen=True)
class MemberSpec:
    reviewer_id: str
    display_name: str
    leader: bool


@dataclass(frozen=True)
class PanelContent:
    programme_id: str
    criteria_ref: str
    cycle_id: str
    reviewer_id: str
    current_stage_id: str
    stages: tuple[StageSpec, ...]
    applicants: tuple[ApplicantSpec, ...]
    team: tuple[MemberSpec, ...]
    divergence: DivergenceRule | None = None  # None: the package names no rule (default)
    documents_keep_until: date | None = None  # the documents go after this day


def _material(m: dict[str, Any], path: str) -> MaterialSpec:
    if m.get("kind", "text") == "text":
        if any(k in m for k in ("pages", "sha256", "size", "stream")):
            raise sj.bad(path, N_("a text material carries no document"))
        return MaterialSpec(m["material_id"], m["title"], m["body"])
    if any(k not in m for k in ("pages", "sha256", "size", "stream")):
        raise sj.bad(path, N_("a document needs its pages, size, hash and stream"))
    st = m["stream"]
    stream = DocumentStream(m["material_id"], bytes.fromhex(st["key"]), st["offset"],
                            st["length"], m["size"], m["sha256"])
    return MaterialSpec(m["material_id"], m["title"], m["body"], "pdf", m["pages"], stream)


def _keep_until(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise sj.bad("content.documents_keep_until", N_("is not a date")) from None


def _unique(values: list[str], path: str) -> None:
    if len(set(values)) != len(values):
        raise sj.bad(path, N_("has a repeated id"))


def parse_content(data: Any) -> PanelContent:
    """Check the package content strictly (unknown fields, types, repeated ids); a newer
    content format is ``NewerFormat`` (update Scorebook)."""
    doc = _CONTENTS[formats.CONTENT.version_of(data, "content")](data, "content")
    stages = tuple(
        StageSpec(s["stage_id"], s["kind"], s["name_zh"], s["name_en"], FormKind(s["form"]),
                  Decimal(s["max_points"]) if "max_points" in s else None,
                  Decimal(s["step"]) if "step" in s else None)
        for s in doc["stages"])
    applicants = tuple(
        ApplicantSpec(
            a["applicant_id"], a["name"], a.get("category"),
            tuple(_material(m, f"content.applicants.{a['applicant_id']}.materials")
                  for m in a["materials"]),
            tuple(SecretSpec(x["kind"], x["passage"], x.get("material_id"))
                  for x in a["secrets"]),
            tuple(SiteIssue(x["issue_id"], a["applicant_id"], x["item_id"],
                            FindingKind(x["kind"]), x["text"])
                  for x in a.get("site_issues", ())))
        for a in doc["applicants"])
    team = tuple(MemberSpec(m["reviewer_id"], m["display_name"], m["leader"])
                 for m in doc["team"])
    _unique([s.stage_id for s in stages], "content.stages")
    _unique([a.applicant_id for a in applicants], "content.applicants")
    _unique([m.reviewer_id for m in team], "content.team")
    for a in applicants:
        _unique([m.material_id for m in a.materials], f"content.applicants.{a.applicant_id}")
    _unique([i.issue_id for a in applicants for i in a.site_issues], "content.site_issues")
    _unique([m.material_id for a in applicants for m in a.materials if m.stream is not None],
            "content.documents")
    if doc["current_stage_id"] not in {s.stage_id for s in stages}:
        raise sj.bad("content.current_stage_id", N_("names no stage of the package"))
    for s in stages:
        if s.form is FormKind.PANEL_SCORE and s.max_points is None:
            raise sj.bad(f"content.stages.{s.stage_id}", N_("a panel score needs max_points"))
    if not applicants:
        raise Malformed(N_("the package assigns no applicants"))
    rule = doc.get("divergence")
    return PanelContent(doc["programme_id"], doc["criteria_ref"], doc["cycle_id"],
                        doc["reviewer_id"], doc["current_stage_id"], stages, applicants, team,
                        None if rule is None else divergence_from(rule),
                        _keep_until(doc.get("documents_keep_until")))


def divergence_content(rule: DivergenceRule) -> dict[str, Any]:
    """A divergence rule as package content (and as kept in the case's audit log)."""
    return {"different_bands": rule.different_bands, "min_spread_pct": rule.min_spread_pct,
            "mode": rule.mode.value}


def divergence_from(value: dict[str, Any]) -> DivergenceRule:
    """The rule from checked content (see ``_DIVERGENCE``)."""
    return DivergenceRule(value["different_bands"], value["min_spread_pct"],
                          RuleMode(value["mode"]))


def sample_content(reviewer_id: str, *, applicants: int = 3, criteria_ref: str,
                   names: list[str] | None = None, secret: str | None = None,
                   team: list[tuple[str, str, bool]] | None = None) -> dict[str, Any]:
    """A realistic package content: on-site and defense stages, ``applicants`` applicants."""
    names = names or [f"示例企业{i + 1}有限公司" for i in range(applicants)]
    return {
        "format": CONTENT_FORMAT,
        "programme_id": "nmg-chairman",
        "criteria_ref": criteria_ref,
        "cycle_id": "2025",
        "reviewer_id": reviewer_id,
        "current_stage_id": "onsite",
        "stages": [
            {"stage_id": "onsite", "kind": "onsite", "name_zh": "现场评审",
             "name_en": "On-site review", "form": "items"},
            {"stage_id": "defense", "kind": "defense", "name_zh": "陈述答辩",
             "name_en": "Defense", "form": "panel_score", "max_points": "100", "step": "0.5"},
        ],
        "applicants": [
            {"applicant_id": f"A{i + 1:03d}", "name": names[i], "category": "organisation",
             "materials": [{"material_id": "self-assessment", "title": "自评报告",
                            "body": f"{names[i]} 自评报告正文。"}],
             "secrets": ([{"kind": "technical", "passage": secret,
                           "material_id": "self-assessment"}] if secret else [])}
            for i in range(applicants)
        ],
        "team": [{"reviewer_id": r, "display_name": n, "leader": lead}
                 for r, n, lead in (team or [(reviewer_id, reviewer_id, False)])],
    }
