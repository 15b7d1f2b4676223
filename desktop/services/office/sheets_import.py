"""Import applicants, and reviewers' details, from the office's spreadsheets (.xlsx, .csv).

``preview_*`` reads the sheet and checks every row against the cycle without storing anything:
which column feeds which field, the values each row gives, and every problem, named by sheet,
row, column and what is wrong (a credit code's wrong check character as the command line explains
it). ``import_*`` stores all the rows in one unit of work, or nothing when any row has a
problem. Headers are recognised in Chinese (单位名称, 统一社会信用代码, 所属行业, 所在地区 …), in
English and in the interface's languages; a mapping ``{header or column letter: field}`` names
the others. The window previews before importing; the command line prints the same problems.

Reviewers are enrolled from their enrolment cards (their keys); a sheet of reviewers' details
updates the enrolled reviewers it names (by id, else by a name only one of them has): their
unit, industry and contact. A new unit is recorded as a present affiliation for conflict
suggestions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import credit_code
from desktop.domain.conflicts import normalise_org_name
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg, nmsg
from desktop.domain.programmes import AwardKind, Programme
from desktop.i18n import SUPPORTED
from desktop.i18n.data_names import APPLICANT_KIND
from desktop.i18n.formatting import join_list
from desktop.models.office.people import Affiliation, Applicant, Reviewer
from desktop.models.office.setup import Cycle
from desktop.reports.labels import Labels
from desktop.services.office import applicants
from desktop.services.office.common import log, programme_of, resolve_cycle
from desktop.services.office.results import ApplicantView
from desktop.services.office.results_people import ReviewerDetails
from desktop.services.office.sheets_read import (
    Cell,
    Column,
    Problem,
    Row,
    SheetRejected,
    Table,
    cell_text,
    fold_header,
    read_table,
)
from desktop.services.office.workspace import Workspace

KINDS = ("applicants", "reviewers")
MAX_LISTED = 20  # problems named in a refusal's message (the preview lists all)


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # English, translated at the edge
    aliases: tuple[str, ...]  # headers recognised besides the label in every language
    required: bool = False


APPLICANT_FIELDS = (
    Field("name", N_("Applicant name"), (
        "单位名称", "申报单位", "申报单位名称", "单位全称", "企业名称", "企业全称", "申报企业",
        "申报单位全称", "组织名称", "名称",
        "申报人", "申报人姓名", "姓名", "name", "applicant", "organisation", "organization"),
        required=True),
    Field("award", N_("Award category"), (
        "申报奖项", "奖项", "奖项类别", "申报类别", "申报奖项类别", "奖项名称", "类别", "award",
        "category")),
    Field("kind", N_("Applicant kind"), ("申报主体类型", "主体类型", "申报类型", "类型", "kind")),
    Field("credit_code", N_("Unified social credit code"), (
        "统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "creditcode", "uscc")),
    Field("region", N_("Region"), (
        "所在地区", "地区", "所属地区", "所在盟市", "盟市", "旗县区", "所在旗县区", "region")),
    Field("industry", N_("Industry"), ("所属行业", "行业", "行业类别", "行业分类", "industry")),
    Field("size", N_("Size"), ("企业规模", "单位规模", "规模", "size")),
    Field("employer", N_("Employer"), ("工作单位", "所在单位", "任职单位", "employer")),
)

REVIEWER_FIELDS = (
    Field("reviewer", N_("Reviewer ID"), (
        "评审员编号", "专家编号", "评审员id", "编号", "reviewerid", "reviewer", "id")),
    Field("name", N_("Reviewer name"), (
        "姓名", "专家姓名", "评审员姓名", "评审员", "专家", "name")),
    Field("organisation", N_("Unit"), (
        "工作单位", "单位", "所在单位", "单位名称", "任职单位", "unit", "organisation",
        "organization", "employer")),
    Field("industry", N_("Industry"), (
        "专业领域", "所属行业", "行业", "专业", "擅长领域", "industry", "field")),
    Field("contact", N_("Contact"), (
        "联系方式", "联系电话", "电话", "手机", "手机号码", "移动电话", "电子邮箱", "邮箱",
        "contact", "phone", "telephone", "email")),
)

FIELDS = {"applicants": APPLICANT_FIELDS, "reviewers": REVIEWER_FIELDS}

_KIND_WORDS = {"organisation": ("organisation", "organization", "组织", "单位", "企业", "组织奖"),
               "individual": ("individual", "person", "个人", "个人奖")}


@dataclass(frozen=True)
class ColumnUse:
    letter: str
    header: str
    field: str | None  # None: not imported


@dataclass(frozen=True)
class PreviewRow:
    row: int
    values: tuple[str, ...]  # one per field of the kind, in its order ("" where none)
    ok: bool


@dataclass(frozen=True)
class ReviewerUpdate:
    reviewer: str
    name: str
    organisation: str  # "" keeps the one enrolled (so for each field)
    industry: str
    contact: str = ""


@dataclass(frozen=True)
class SheetPreview:
    """What an import would store, and every problem; nothing is stored by a preview."""

    kind: str  # applicants | reviewers
    file: str
    sheet: str
    sheets: tuple[str, ...]
    header_row: int
    fields: tuple[Field, ...]
    columns: tuple[ColumnUse, ...]
    rows: tuple[PreviewRow, ...]
    problems: tuple[Problem, ...]
    cycle: str
    applicants: tuple[applicants.ApplicantInput, ...] = ()
    reviewers: tuple[ReviewerUpdate, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def refusal(self) -> SheetRejected:
        listed = [p.message() for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - len(listed)
        head = nmsg("{file}: {count} problem, nothing was imported",
                    "{file}: {count} problems, nothing was imported", len(self.problems),
                    file=self.file)
        parts: list[Msg] = [head, *listed]
        if more:
            parts.append(nmsg("… and {count} more", "… and {count} more", more))
        template = "\n".join(f"{{m{i}}}" for i in range(len(parts)))
        return SheetRejected(Msg(template, {f"m{i}": p for i, p in enumerate(parts)}),
                             self.problems)


@dataclass(frozen=True)
class SheetImported:
    kind: str
    file: str
    sheet: str
    cycle: str
    count: int
    refs: tuple[str, ...]  # applicants' references, or the reviewers updated
    views: tuple[ApplicantView | ReviewerDetails, ...] = field(default=(), repr=False)


# --- matching headers to fields ---------------------------------------------------------------


def header_keys(fields: Sequence[Field]) -> dict[str, str]:
    """Folded header text → field key: the aliases, and the field's label in every language."""
    out: dict[str, str] = {}
    for f in fields:
        names = [*f.aliases, f.key, f.label, *(Labels(lang)(f.label) for lang in SUPPORTED)]
        for name in names:
            out.setdefault(fold_header(name), f.key)
    return out


def parse_mapping(pairs: Sequence[str], kind: str) -> dict[str, str]:
    """``HEADER=FIELD`` pairs (the command line's --map) as a mapping; FIELD is the key or
    the label in any language. Unknown fields are refused."""
    fields = FIELDS[kind]
    names = header_keys(fields)
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        key = names.get(fold_header(target))
        if not sep or not header.strip() or key is None:
            raise SheetRejected(Msg(N_("A mapping is HEADER=FIELD with FIELD one of {fields}, "
                                       "not '{pair}'"),
                                    {"fields": ", ".join(f.key for f in fields), "pair": pair}))
        out[header.strip()] = key
    return out


def _match(table: Table, fields: Sequence[Field], mapping: Mapping[str, str]
           ) -> dict[str, Column]:
    """Field key → its column: first as ``mapping`` says (a column letter or a header; the
    field "" for a column not to import), then by the headers recognised."""
    names = header_keys(fields)
    given = {fold_header(k): v for k, v in mapping.items()}
    out: dict[str, Column] = {}
    rest = []
    for col in table.columns:
        keys = [col.letter.casefold(), fold_header(col.header), *map(fold_header, col.parts)]
        explicit = next((given[k] for k in keys if k and k in given), None)
        if explicit is None:
            rest.append(col)
        elif explicit and explicit not in out:
            out[explicit] = col
    for col in rest:
        if not col.header:
            continue
        # the sub-header first (联系人 → 电话), then the whole, then the top
        candidates = [*reversed(col.parts), col.header] if len(col.parts) > 1 else [col.header]
        key = next((names[fold_header(c)] for c in candidates if fold_header(c) in names), None)
        if key is not None and key not in out:
            out[key] = col
    return out


def _columns(table: Table, matched: dict[str, Column]) -> tuple[ColumnUse, ...]:
    by_index = {c.index: k for k, c in matched.items()}
    return tuple(ColumnUse(c.letter, c.header, by_index.get(c.index)) for c in table.columns
                 if c.header or c.index in by_index)


class _Rows:
    """Problems found while reading the rows of one table."""

    def __init__(self, table: Table, matched: dict[str, Column]) -> None:
        self.table = table
        self.matched = matched
        self.problems: list[Problem] = []

    def add(self, row: int | None, key: str | None, problem: Msg) -> None:
        col = self.matched.get(key) if key else None
        self.problems.append(Problem(self.table.sheet, row, col.letter if col else "",
                                     col.header if col else "", problem))

    def cell(self, row: Row, key: str) -> Cell:
        col = self.matched.get(key)
        return row.cells[col.index] if col is not None else Cell(None)

    def text(self, row: Row, key: str) -> str:
        cell = self.cell(row, key)
        if cell.formula and cell.value is None:
            self.add(row.number, key, Msg(N_("the formula {formula} has no computed value: "
                                             "open the workbook in Excel or WPS, save it and "
                                             "import it again"), {"formula": cell.formula}))
        return cell_text(cell.value)


def _require(rows: _Rows, fields: Sequence[Field], any_of: Sequence[str] = ()) -> None:
    for f in fields:
        if f.required and f.key not in rows.matched:
            rows.add(rows.table.header_row, None, Msg(N_(
                "no column for {field} in the header row (recognised headers include {names})"),
                {"field": Msg(f.label), "names": join_list(f.aliases[:3])}))
    if any_of and not any(k in rows.matched for k in any_of):
        rows.add(rows.table.header_row, None, Msg(N_(
            "no column names the reviewer: give a column of reviewer IDs or of names")))


def _load(path: Path, kind: str, sheet: str | None, name: str | None) -> Table:
    return read_table(path, sheet, name=name, header_names=header_keys(FIELDS[kind]))


# --- applicants -------------------------------------------------------------------------------


def _award(p: Programme, text: str) -> str | None:
    """The award category a cell names: its id or its name in any language, or a part of the
    name only one category has (组织奖 for 市长质量奖组织奖)."""
    folded = fold_value(text)
    names = {a.id: [fold_value(x) for x in (a.id, a.name_zh, a.name_en, a.name_mn or "") if x]
             for a in p.awards}
    exact = [k for k, ns in names.items() if folded in ns]
    if exact:
        return exact[0]
    part = [k for k, ns in names.items() if len(folded) >= 2 and any(folded in n for n in ns)]
    if len(part) == 1:
        return part[0]
    kind = _kind(text)
    fits = [a.id for a in p.awards if kind is not None and
            (a.kind is AwardKind.INDIVIDUAL) == (kind == "individual")]
    return fits[0] if len(fits) == 1 else None


def fold_value(text: str) -> str:
    """A value as compared: full-width and case folded, white space dropped (brackets kept:
    "… Award (individual)" and "… Award (organisation)" differ)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _kind(text: str) -> str | None:
    """organisation or individual, from the word in any language (组织, 个人 …)."""
    folded = fold_header(text)
    for k, words in _KIND_WORDS.items():
        names = {fold_header(w) for w in words} | {
            fold_header(Labels(lang)(APPLICANT_KIND[k])) for lang in SUPPORTED}
        if folded in names:
            return k
    return None


def _applicant_row(rows: _Rows, p: Programme, row: Row) -> applicants.ApplicantInput | None:
    n, before = row.number, len(rows.problems)
    name = rows.text(row, "name")
    other = {k: rows.text(row, k) for k in ("region", "industry", "size", "employer")}
    if not name:
        rows.add(n, "name", Msg(N_("the name is empty")))
    award_text, kind_text = rows.text(row, "award"), rows.text(row, "kind")
    kind = _kind(kind_text) if kind_text else None
    if kind_text and kind is None:
        rows.add(n, "kind", Msg(N_("'{value}' is not a kind of applicant: write 组织 "
                                   "(organisation) or 个人 (individual)"), {"value": kind_text}))
    award = _award(p, award_text) if award_text else None
    if award_text and award is None:
        rows.add(n, "award", Msg(N_("'{value}' is not an award category of {programme}: "
                                    "write one of {awards}"),
                                 {"value": award_text, "programme": p.name_zh,
                                  "awards": join_list(a.name_zh for a in p.awards)}))
    elif not award_text:  # no category given: the one of its kind (an employer: a person)
        guess = kind or ("individual" if other["employer"] else "organisation")
        fits = [a for a in p.awards if (a.kind is AwardKind.INDIVIDUAL) == (guess == "individual")]
        if len(fits) == 1:
            award = fits[0].id
        else:
            rows.add(n, "award", Msg(N_("no award category: write one of {awards}"),
                                     {"awards": join_list(a.name_zh for a in fits)}))
    if award is not None:
        individual = p.award(award).kind is AwardKind.INDIVIDUAL
        if kind is not None and (kind == "individual") != individual:
            rows.add(n, "kind", Msg(N_("{award} is for {expected} applicants"), {
                "award": p.award(award).name_zh,
                "expected": Msg(N_("individual") if individual else N_("organisation"))}))
        kind = kind or ("individual" if individual else "organisation")
    code_cell = rows.cell(row, "credit_code")
    code_text = rows.text(row, "credit_code")
    code: str | None = None
    if isinstance(code_cell.value, int | float) and not isinstance(code_cell.value, bool):
        rows.add(n, "credit_code", Msg(N_("the credit code is stored as a number, and Excel "
                                          "keeps only 15 digits of a number: format the "
                                          "column as text and type the code again")))
    elif code_text:
        try:
            code = credit_code.validate(code_text)
        except ScorebookError as exc:
            rows.add(n, "credit_code", exc.message)
    elif kind == "organisation":
        rows.add(n, "credit_code", Msg(N_("an organisation needs its unified social credit "
                                          "code")))
    if len(rows.problems) > before or kind is None or award is None:
        return None
    return applicants.ApplicantInput(
        name=name, award_id=award, kind=kind, credit_code=code,
        region=other["region"], industry=other["industry"], size=other["size"],
        employer=other["employer"] or None)


def _check_applicants(s: Session, cycle: Cycle, rows: _Rows, table: Table,
                      found: dict[int, applicants.ApplicantInput]) -> None:
    seen: dict[str, int] = {}
    taken = {code: ref for code, ref in s.execute(
        select(Applicant.credit_code, Applicant.ref).where(
            Applicant.cycle_id == cycle.id, Applicant.kind == "organisation",
            Applicant.credit_code.is_not(None)))}
    for row in table.rows:
        item = found.get(row.number)
        if item is None or item.kind != "organisation" or not item.credit_code:
            continue
        code = item.credit_code
        if code in seen:
            rows.add(row.number, "credit_code", Msg(N_("the same credit code {code} as row "
                                                       "{row}"),
                                                    {"code": code, "row": seen[code]}))
        elif code in taken:
            rows.add(row.number, "credit_code", Msg(N_("an organisation with credit code {code} "
                                                       "is already applicant {ref}"),
                                                    {"code": code, "ref": taken[code]}))
        seen.setdefault(code, row.number)


def preview_applicants(ws: Workspace, path: Path, *, sheet: str | None = None,
                       mapping: Mapping[str, str] | None = None, cycle_ref: str | None = None,
                       name: str | None = None) -> SheetPreview:
    table = _load(path, "applicants", sheet, name)
    matched = _match(table, APPLICANT_FIELDS, mapping or {})
    rows = _Rows(table, matched)
    _require(rows, APPLICANT_FIELDS)
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        found: dict[int, applicants.ApplicantInput] = {}
        if not rows.problems:
            for row in table.rows:
                item = _applicant_row(rows, p, row)
                if item is not None:
                    found[row.number] = item
            _check_applicants(s, cycle, rows, table, found)
        code = f"{cycle.programme_id}.{cycle.number}"
    bad = {pr.row for pr in rows.problems}
    shown = tuple(PreviewRow(r.number, tuple(
        _shown(found.get(r.number), rows, r, f.key) for f in APPLICANT_FIELDS),
        r.number not in bad) for r in table.rows)
    if not table.rows and not rows.problems:
        rows.add(None, None, Msg(N_("the sheet has a header row but no rows below it")))
    return SheetPreview("applicants", table.file, table.sheet, table.sheets, table.header_row,
                        APPLICANT_FIELDS, _columns(table, matched), shown,
                        tuple(rows.problems), code,
                        applicants=tuple(found[r.number] for r in table.rows
                                         if r.number in found))


def _shown(item: applicants.ApplicantInput | None, rows: _Rows, row: Row, key: str) -> str:
    if item is None:
        return cell_text(rows.cell(row, key).value)
    value = {"award": item.award_id, "kind": item.kind,
             "credit_code": item.credit_code}.get(key, getattr(item, key, ""))
    return "" if value is None else str(value)


def import_applicants(ws: Workspace, path: Path, *, sheet: str | None = None,
                      mapping: Mapping[str, str] | None = None, cycle_ref: str | None = None,
                      name: str | None = None) -> SheetImported:
    """Store every applicant of the sheet, or none (``SheetRejected`` names each problem)."""
    preview = preview_applicants(ws, path, sheet=sheet, mapping=mapping, cycle_ref=cycle_ref,
                                 name=name)
    if not preview.ok:
        raise preview.refusal()
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        p = programme_of(cycle.programme_id)
        stored = []
        for row, item in zip(preview.rows, preview.applicants, strict=True):
            try:
                stored.append(applicants._add(s, cycle, p, item))
            except ScorebookError as exc:  # checked above; a change since then is named too
                raise SheetRejected(Problem(preview.sheet, row.row, "", "",
                                            exc.message).message()) from None
        log(s, cycle, "applicant.import", file=preview.file, sheet=preview.sheet,
            count=len(stored))
        views = tuple(applicants.applicant_view(s, cycle, r) for r in stored)
    return SheetImported("applicants", preview.file, preview.sheet, preview.cycle, len(views),
                         tuple(v.ref for v in views), views)


# --- reviewers' details -----------------------------------------------------------------------


def preview_reviewers(ws: Workspace, path: Path, *, sheet: str | None = None,
                      mapping: Mapping[str, str] | None = None, cycle_ref: str | None = None,
                      name: str | None = None) -> SheetPreview:
    table = _load(path, "reviewers", sheet, name)
    matched = _match(table, REVIEWER_FIELDS, mapping or {})
    rows = _Rows(table, matched)
    _require(rows, REVIEWER_FIELDS, ("reviewer", "name"))
    found: dict[int, ReviewerUpdate] = {}
    with ws.uow() as s:
        cycle = resolve_cycle(s, cycle_ref)
        code = f"{cycle.programme_id}.{cycle.number}"
        enrolled = list(s.execute(select(Reviewer).order_by(Reviewer.id)).scalars())
        by_id = {r.id.casefold(): r for r in enrolled}
        seen: dict[str, int] = {}
        for row in table.rows if not rows.problems else ():
            rid, who = rows.text(row, "reviewer"), rows.text(row, "name")
            hit = by_id.get(rid.casefold()) if rid else None
            if rid and hit is None:
                rows.add(row.number, "reviewer", Msg(N_("no reviewer '{reviewer}' is enrolled"),
                                                     {"reviewer": rid}))
                continue
            if hit is None:
                same = [r for r in enrolled if r.name == who]
                if not who:
                    rows.add(row.number, "name", Msg(N_("neither a reviewer ID nor a name")))
                elif len(same) != 1:
                    rows.add(row.number, "name", Msg(
                        N_("no enrolled reviewer is named {name}") if not same else
                        N_("several enrolled reviewers are named {name}: give their IDs"),
                        {"name": who}))
                if len(same) != 1:
                    continue
                hit = same[0]
            if hit.id in seen:
                rows.add(row.number, "reviewer" if rid else "name", Msg(
                    N_("reviewer {reviewer} is already in row {row}"),
                    {"reviewer": hit.id, "row": seen[hit.id]}))
                continue
            seen[hit.id] = row.number
            found[row.number] = ReviewerUpdate(hit.id, hit.name,
                                               rows.text(row, "organisation"),
                                               rows.text(row, "industry"),
                                               rows.text(row, "contact"))
    if not table.rows and not rows.problems:
        rows.add(None, None, Msg(N_("the sheet has a header row but no rows below it")))
    bad = {pr.row for pr in rows.problems}
    shown = []
    for r in table.rows:
        u = found.get(r.number)
        values = (u.reviewer, u.name, u.organisation, u.industry, u.contact) if u else tuple(
            cell_text(rows.cell(r, f.key).value) for f in REVIEWER_FIELDS)
        shown.append(PreviewRow(r.number, values, r.number not in bad))
    return SheetPreview("reviewers", table.file, table.sheet, table.sheets, table.header_row,
                        REVIEWER_FIELDS, _columns(table, matched), tuple(shown),
                        tuple(rows.problems), code,
                        reviewers=tuple(found[r.number] for r in table.rows
                                        if r.number in found))


def import_reviewers(ws: Workspace, path: Path, *, sheet: str | None = None,
                     mapping: Mapping[str, str] | None = None, cycle_ref: str | None = None,
                     name: str | None = None) -> SheetImported:
    """Update the details of every reviewer the sheet names, or of none."""
    preview = preview_reviewers(ws, path, sheet=sheet, mapping=mapping, cycle_ref=cycle_ref,
                                name=name)
    if not preview.ok:
        raise preview.refusal()
    with ws.uow() as s:
        views = []
        for u in preview.reviewers:
            row = s.get_one(Reviewer, u.reviewer)
            if u.organisation and u.organisation != row.organisation:
                row.organisation = u.organisation
                known = {a.name_key for a in s.execute(select(Affiliation).where(
                    Affiliation.reviewer_id == row.id)).scalars()}
                if normalise_org_name(u.organisation) not in known:
                    s.add(Affiliation(reviewer_id=row.id, organisation=u.organisation,
                                      name_key=normalise_org_name(u.organisation),
                                      credit_code=None, relation="employment"))
            if u.industry:
                row.industry = u.industry
            if u.contact:
                row.contact = u.contact
            views.append(ReviewerDetails(row.id, row.name, row.organisation, row.industry,
                                         row.contact))
        log(s, None, "reviewer.details_import", file=preview.file, count=len(views))
    return SheetImported("reviewers", preview.file, preview.sheet, preview.cycle, len(views),
                         tuple(v.reviewer for v in views), tuple(views))


def preview(ws: Workspace, kind: str, path: Path, **options: Any) -> SheetPreview:
    """``preview_applicants`` or ``preview_reviewers`` by kind."""
    if kind == "reviewers":
        return preview_reviewers(ws, path, **options)
    return preview_applicants(ws, path, **options)


def import_sheet(ws: Workspace, kind: str, path: Path, **options: Any) -> SheetImported:
    if kind == "reviewers":
        return import_reviewers(ws, path, **options)
    return import_applicants(ws, path, **options)
