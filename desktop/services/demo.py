"""``scorebook demo``: a realistic, reproducible review cycle for any of the five programmes.

Everything goes through the real services: an encrypted office workspace, applicants (one with
declared secrets), reviewers enrolled from their cards, one reviewer with a conflict of
interest, teams, signed and sealed packages, real encrypted case files scored by each reviewer,
exported bundles, the merge, the site-visit shortlist, the team leaders' consensus made through
the field path (``leader.TeamLeader`` in each leader's own case file: import the team's bundles,
rationales for flagged items, finalise, export a signed consensus bundle) and merged at the
office, the ranking, the committee vote and the public notice. The same seed gives the same
cycle.

Demo data only: every passphrase is "demo", and the key files use cheap KDF parameters
(``keyfile.CHEAP_KDF``) so the demo runs in seconds. Both are said in the output.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.crypto import keyfile
from desktop.domain import credit_code
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import AwardKind, Programme
from desktop.domain.scoring import FormKind
from desktop.services import demo_findings
from desktop.services.case import create_case, open_case
from desktop.services.demo_documents import attach_reports
from desktop.services.identity import load_identity, new_identity
from desktop.services.leader import TeamLeader
from desktop.services.office import (
    applicants,
    conflict_decisions,
    conflicts,
    cycle,
    merge,
    notice,
    packages,
    ranking,
    reviewers,
    vote,
)
from desktop.services.office.common import resolve_cycle
from desktop.services.office.results_decide import Ranking, VoteResult
from desktop.services.office.results_notices import NoticePublished
from desktop.services.office.results_packages import PackageIssued
from desktop.services.office.workspace import Workspace, init_workspace
from desktop.services.programmes import programme

PASSPHRASE = "demo"
YEAR = 2025
NOTICE_PUBLISHED = date(2025, 9, 26)  # the Friday before the National Day holiday
INDUSTRIES = ("制造业", "能源与服务业")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "丽华", "志强", "海燕", "国栋", "晓东", "文静", "宏伟", "敏", "伟", "静怡", "子涵")
ORG_STEMS = ("北方稀土材料", "草原乳业", "蒙电新能源", "绿原羊绒", "恒通物流", "塞北重工",
             "阴山生物", "金桥电子", "大漠光伏", "河套食品", "白云矿业", "锡林牧业")
SECRET = "第三代稀土永磁体低温烧结工艺参数（烧结温度与保温时间曲线）"


@dataclass
class DemoResult:
    folder: Path
    programme_id: str
    cycle: str
    workspace: Path
    packages: list[Path] = field(default_factory=list)
    cases: list[Path] = field(default_factory=list)
    bundles: list[Path] = field(default_factory=list)
    quarantine: Path | None = None
    conflicted: tuple[str, str] | None = None  # (reviewer, applicant ref)
    unresolved: list[dict[str, Any]] = field(default_factory=list)  # confirmed at the vote
    secret_applicant: str | None = None
    merges: list[dict[str, int]] = field(default_factory=list)
    ranking: Ranking | None = None
    votes: list[VoteResult] = field(default_factory=list)
    notice: NoticePublished | None = None
    names: dict[str, str] = field(default_factory=dict)  # applicant ref -> name
    bundle_of: list[tuple[str, Path]] = field(default_factory=list)  # (reviewer, score bundle)
    consensus_bundles: list[Path] = field(default_factory=list)  # the leaders' exports
    leader_flagged: int = 0  # items the leaders flagged and gave a rationale for
    findings: int = 0  # the team's findings the leaders recorded
    issue_notes: int = 0  # on-site notes on site-visit issues
    onsite_cases: list[Path] = field(default_factory=list)  # made from the on-site packages
    kdf_note: Msg = field(default_factory=lambda: Msg(N_(
        "Demo data: every passphrase is \"demo\" and the key files use cheap KDF parameters "
        "(keyfile.CHEAP_KDF); real workspaces and case files use the production parameters.")))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _team_size(p: Programme) -> int:
    lo = (p.team.min_size if p.team and p.team.min_size else 3)
    hi = (p.team.max_size if p.team and p.team.max_size else 5)
    return max(lo, min(hi, lo + 1))  # one more than the minimum: a recusal leaves enough


def _applicant_inputs(p: Programme, rng: random.Random) -> list[applicants.ApplicantInput]:
    stems = list(ORG_STEMS)
    rng.shuffle(stems)
    out: list[applicants.ApplicantInput] = []
    division = credit_code.generate(rng)[2:8]
    for award in p.awards:
        count = (award.quota or 2) + 2
        for _ in range(count):
            industry = INDUSTRIES[len(out) % 2]
            if award.kind is AwardKind.INDIVIDUAL:
                employer = stems.pop() + "有限公司" if stems else "示范企业有限公司"
                out.append(applicants.ApplicantInput(
                    name=_name(rng), award_id=award.id, kind="individual", employer=employer,
                    region=p.region_zh, industry=industry,
                    materials=(applicants.MaterialInput(
                        "个人质量工作事迹", f"申报人在{employer}从事质量管理工作十余年，"
                        "主持推行卓越绩效模式。"),)))
                continue
            stem = stems.pop() if stems else f"示范企业{len(out)}"
            name = f"内蒙古{stem}股份有限公司"
            body = (f"{name}自评报告。公司坚持质量第一，实施卓越绩效模式五年，"
                    "主要经济技术指标位居同行业前列。")
            secrets: tuple[applicants.SecretInput, ...] = ()
            if not any(m.secrets for a in out for m in a.materials):
                body += f"核心技术：{SECRET}，已形成企业标准。"
                secrets = (applicants.SecretInput("technical", SECRET),)
            out.append(applicants.ApplicantInput(
                name=name, award_id=award.id, credit_code=credit_code.generate(rng, division),
                region=p.region_zh, industry=industry, size=rng.choice(("大型", "中型")),
                materials=(applicants.MaterialInput("自评报告", body, secrets),)))
    return out


def _pct(rng: random.Random, quality: float, bias: float) -> int:
    value = (quality + bias + rng.uniform(-0.08, 0.08)) * 100
    return int(max(0, min(100, round(value / 5) * 5)))


def _score_case(case_dir: Path, identity_dir: Path, p: Programme, stage_id: str,
                admitted: set[str], quality: dict[str, float], bias: float,
                rng: random.Random, bundles: Path) -> Path:
    """Score one stage in a real case file and export the stage's bundle."""
    with open_case(case_dir, PASSPHRASE) as case:
        status = case.status()
        apps = [a.applicant_id for a in status.applicants if a.applicant_id in admitted]
        stage = p.stage(stage_id)
        if stage.form.kind is FormKind.ITEMS:
            fw = case.framework
            sheet = case_dir / "demo-scores.csv"  # demo data; removed right after the import
            with sheet.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["applicant", "stage", "item", "percent", "strengths",
                            "improvements"])
                for aid in apps:
                    for it in fw.items:
                        pros, cons = demo_findings.comments(it.id, rng, quality[aid] + bias)
                        w.writerow([aid, stage_id, it.id, _pct(rng, quality[aid], bias),
                                    pros, cons])
            try:
                case.import_scores_csv(sheet)
            finally:
                sheet.unlink(missing_ok=True)
        else:
            top = stage.form.max_points or 100
            for aid in apps:
                value = round(float(top) * max(0.0, min(1.0, quality[aid] + bias +
                                                       rng.uniform(-0.05, 0.05))))
                case.set_panel_score(aid, stage_id, value)
        if apps and stage.kind.value == "onsite":
            case.add_feedback(apps[0], "compliant", "现场评审期间申报单位遵守评审纪律。",
                              stage_id)
        return case.export_bundle(bundles, final=True, stage_id=stage_id).path


def _leader_consensus(case_dir: Path, files: list[Path], stage_id: str, out: Path,
                      result: DemoResult, rng: random.Random,
                      going_on_site: set[str] | None = None) -> Path | None:
    """The team leader's flow in the leader's own case file: import the team's bundles, give a
    rationale for each flagged item, consolidate the team's findings from the members' comments
    (key themes, suggestions; after the material review, site-visit issues for the applicants
    ``going_on_site``; on site, the resolution of each issue), finalise, export a signed
    consensus bundle; its path (None if the team scored nobody at the stage)."""
    with open_case(case_dir, PASSPHRASE) as case:
        leader = TeamLeader(case)
        leader.import_bundles(files)
        final = 0
        for row in leader.overview(stage_id):
            if not row.reviewers:
                continue
            view = leader.divergence(row.applicant_id, stage_id)
            for item in view.items:
                if item.flagged:
                    st = item.stats
                    leader.set_consensus(row.applicant_id, stage_id, st.item_id, rationale=(
                        f"组内讨论：评分差{st.spread_pct}个百分点，对照现场证据取均值"))
                    result.leader_flagged += 1
            result.findings += demo_findings.consolidate(
                leader, row.applicant_id, stage_id, rng,
                raise_issues=going_on_site is not None and row.applicant_id in going_on_site)
            leader.finalise(row.applicant_id, stage_id)
            final += 1
        if not final:
            return None
        return leader.export_consensus(out, stage_id).path


def _leaders(folder: Path, result: DemoResult, stage_id: str, size: int, bundle_dir: Path,
             rng: random.Random, cases: dict[str, Path],
             going_on_site: set[str] | None = None) -> list[Path]:
    """Every team leader's consensus bundle for one stage (made in ``cases[leader]``)."""
    out = []
    for t in range(len(INDUSTRIES)):
        leader_id = f"R{t * size + size:02d}"
        team_ids = {f"R{t * size + k + 1:02d}" for k in range(size)}
        team_files = [f for rid, f in result.bundle_of if rid in team_ids]
        if leader_id not in cases:
            continue
        path = _leader_consensus(cases[leader_id], team_files, stage_id, bundle_dir, result,
                                 rng, going_on_site)
        if path is not None:
            out.append(path)
    return out


def run_demo(folder: Path, programme_id: str, seed: int = 1, *,
             material_reports: bool = True) -> DemoResult:
    """A whole cycle of ``programme_id`` in ``folder``. ``material_reports`` False: the team
    leaders send no consensus for the material review (the office settles its flagged items
    itself, as some offices do), so the cycle shows what the office does then."""
    p = programme(programme_id)
    rng = random.Random(f"{programme_id}:{seed}")
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise InputRejected(Msg(N_("{folder} is not empty: the demo needs an empty folder"),
                                {"folder": str(folder)}))
    usb = folder / "usb"
    pkg_dir, bundle_dir = usb / "packages", usb / "bundles"
    bundle_dir.mkdir(parents=True)
    ws = init_workspace(folder / "office", PASSPHRASE, "质量奖评审办公室（演示）",
                        kdf=keyfile.CHEAP_KDF)
    try:
        return _run(ws, p, rng, folder, pkg_dir, bundle_dir, material_reports)
    finally:
        ws.close()


def _run(ws: Workspace, p: Programme, rng: random.Random, folder: Path, pkg_dir: Path,
         bundle_dir: Path, material_reports: bool = True) -> DemoResult:
    code = cycle.open_cycle(ws, p.id, YEAR, opened_on=date(YEAR, 6, 2)).result.cycle
    # Where the document is silent the office decides (recorded with who and when); the demo
    # office takes the suggested values.
    cycle.decide_suggested(ws, by="示范评审办公室")
    result = DemoResult(folder, p.id, code, ws.folder, quarantine=ws.quarantine_dir)
    apps = [applicants.add_applicant(ws, a).result for a in _applicant_inputs(p, rng)]
    result.names = {a.ref: a.name for a in apps}
    result.secret_applicant = next(a.ref for a in apps if a.declared_secrets)
    attach_reports(ws, apps, SECRET, result.secret_applicant)  # 自评报告 PDFs (issue 18)
    quality = {a.id: rng.uniform(0.45, 0.85) for a in apps}

    # Reviewers: identities (as each laptop makes them), enrolled from their cards.
    size = _team_size(p)
    office_fp = ws.identity().root_fingerprint
    ids: dict[str, Path] = {}
    for i in range(size * len(INDUSTRIES)):
        rid = f"R{i + 1:02d}"
        ident_dir = folder / "reviewers" / rid / "identity"
        info = new_identity(rid, _name(rng), PASSPHRASE, office_fingerprint=office_fp,
                            folder=ident_dir, kdf=keyfile.CHEAP_KDF)
        ids[rid] = ident_dir
        industry = INDUSTRIES[i // size]
        affs = []
        if i == 1:  # this reviewer worked for an applicant of their own industry until last year
            target = next(a for a in apps if a.industry == industry and
                          a.kind == "organisation")
            affs.append(reviewers.AffiliationInput(target.name, target.credit_code,
                                                   2015, YEAR - 1))
        reviewers.enrol(ws, info.card_path.read_bytes(), organisation="内蒙古大学",
                        industry=industry, affiliations=affs)
    for t, industry in enumerate(INDUSTRIES):
        members = [f"R{t * size + k + 1:02d}" for k in range(size)]
        reviewers.create_team(ws, f"第{t + 1}评审组", members, members[-1], industry=industry)
    for name in [_name(rng) + f"{k}" for k in range(9)]:
        reviewers.add_committee_member(ws, name, role="member")

    # Conflicts: the suggestion is confirmed by the office.
    for sug in conflicts.suggest(ws):
        conflict_decisions.declare(ws, sug.reviewer, sug.applicant, sug.kind, "office",
                                   detail=str(sug.reason), until_year=YEAR - 1)
        result.conflicted = (sug.reviewer, sug.applicant)
    for a in apps:
        packages.assign(ws, a.ref, f"第{INDUSTRIES.index(a.industry) + 1}评审组")

    # Packages, and a real encrypted case file per reviewer.
    issued = packages.issue_packages(ws, pkg_dir).result
    result.packages = [Path(i.file) for i in issued]
    result.cases = _cases(issued, folder, "case", ids, office_fp)
    bias = {rid: rng.uniform(-0.06, 0.06) for rid in ids}
    all_ids = {a.id for a in apps}
    scored = [st for st in p.scored_stages]

    def score_stage(stage_id: str, admitted: set[str], cases: list[Path]) -> None:
        for case_dir in cases:
            rid = case_dir.parent.name
            path = _score_case(case_dir, ids[rid], p, stage_id, admitted, quality, bias[rid],
                               rng, bundle_dir)
            result.bundles.append(path)
            result.bundle_of.append((rid, path))

    # Material review, merge, shortlist for the site visit.
    score_stage(scored[0].id, all_ids, result.cases)
    result.merges.append(merge.merge_files(ws, list(result.bundles)).counts)
    later = scored[1:]
    items_stages = [st for st in scored if st.form.kind is FormKind.ITEMS]
    first_cases = {c.parent.name: c for c in result.cases}
    admitted_ids: set[str] = set()
    if later:
        short = ranking.rank(ws).shortlist
        chosen = [*short.selected, *short.tied_at_line] if short is not None else []
        for st in later:
            packages.admit(ws, st.id, chosen)
        admitted_ids = {a.id for a in apps if a.ref in chosen}
    # The material review team's report: each leader consolidates the members' comments,
    # raises site-visit issues for the applicants going on site, and sends a consensus bundle.
    onsite = next((st for st in later if st.kind.value == "onsite"), None)
    if material_reports and items_stages and items_stages[0].id == scored[0].id and \
            (later or len(items_stages) == 1):
        lead = _leaders(folder, result, scored[0].id, size, bundle_dir, rng, first_cases,
                        admitted_ids if onsite is not None else None)
        result.bundles.extend(lead)
        result.consensus_bundles.extend(lead)
        result.merges.append(merge.merge_files(ws, lead).counts)
    visit_cases = result.cases
    if onsite is not None:
        # On-site packages carry the material team's site-visit issues; each reviewer makes a
        # case file for the visit from theirs.
        issued = packages.issue_packages(ws, folder / "usb" / "packages-onsite",
                                         stage_id=onsite.id).result
        visit_cases = result.onsite_cases = _cases(issued, folder, "case-onsite", ids,
                                                   office_fp)
    if later:
        for st in later:
            score_stage(st.id, admitted_ids, visit_cases)
        if onsite is not None:
            for case_dir in visit_cases:
                with open_case(case_dir, PASSPHRASE) as case:
                    result.issue_notes += demo_findings.note_issues(case, admitted_ids, rng)
                    result.bundles.append(case.export_bundle(bundle_dir, final=True,
                                                             stage_id=onsite.id).path)
                    result.bundle_of.append((case_dir.parent.name, result.bundles[-1]))
        result.merges.append(merge.merge_files(ws, list(result.bundles)).counts)

    # The leaders' consensus for the site visit (the last items stage), made the way a team
    # leader makes it on site: the team's bundles imported into the leader's visit case file,
    # a rationale for each flagged item, the team's findings and the resolution of each
    # site-visit issue, a signed consensus bundle the office merges.
    items_stage = items_stages[-1] if items_stages else None
    if items_stage is not None and items_stage.id != scored[0].id:
        lead = _leaders(folder, result, items_stage.id, size, bundle_dir, rng,
                        {c.parent.name: c for c in visit_cases})
        result.bundles.extend(lead)
        result.consensus_bundles.extend(lead)
        result.merges.append(merge.merge_files(ws, lead).counts)

    # Applicant → reviewer feedback entered by the office (supervision, both directions).
    if later:
        notice.add_applicant_feedback(ws, apps[0].ref, "R01", "compliant",
                                      "评审人员遵守纪律，未收受任何财物。", later[0].id)

    # Ranking, vote per award category, notice. What is still unresolved (the demo records no
    # eligibility facts, and the material review's flagged items have no consensus: the leaders
    # settle the site visit's) is listed with the ranking; the office confirms going ahead
    # explicitly, and the history keeps each confirmation with its list.
    result.ranking = ranking.rank(ws)
    result.unresolved = [dict(u) for u in result.ranking.unresolved]
    members = _member_names(ws)
    present = members[:-1]
    for cat in result.ranking.categories:
        award = p.award(cat.award_id)
        candidates = [r.ref for r in cat.rows]
        if not candidates:
            continue
        quota = award.quota or len(candidates)
        ballots = {}
        for m_i, member in enumerate(present):
            marks = {}
            for rank_i, ref in enumerate(candidates):
                if rank_i < quota:
                    marks[ref] = "for" if (m_i + rank_i) % 7 else "abstain"
                else:
                    marks[ref] = "against"
            ballots[member] = marks
        result.votes.append(vote.hold_vote(ws, award.id, present, ballots,
                                           held_on=date(YEAR, 9, 20),
                                           confirm_unresolved=True).result)
    elected = [ref for v in result.votes for ref in v.elected]
    after = [n for n in p.notices if n.after in {st.id for st in p.stages
                                                 if st.kind.value == "committee"}]
    chosen_notice = after[-1] if after else (p.notices[-1] if p.notices else None)
    if chosen_notice is not None:
        result.notice = notice.publish_notice(ws, chosen_notice.id, NOTICE_PUBLISHED, elected,
                                              confirm_unresolved=True).result
    return result


def _cases(issued: list[PackageIssued], folder: Path, name: str, ids: dict[str, Path],
           office_fp: str) -> list[Path]:
    """A real encrypted case file per package issued, in reviewers/<id>/<name>, made with the
    reviewer's own identity (as each laptop does)."""
    out = []
    for item in issued:
        rid = item.reviewer
        identity = load_identity(PASSPHRASE, ids[rid]).identity
        case_dir = folder / "reviewers" / rid / name
        create_case(item.file, case_dir, PASSPHRASE, identity, office_fp,
                    kdf=keyfile.CHEAP_KDF).close()
        out.append(case_dir)
    return out


def _member_names(ws: Workspace) -> list[str]:
    with ws.uow() as s:
        return [m.name for m in reviewers.committee(s, resolve_cycle(s))]


