"""An award programme's rules as data (one TOML file per rule document), each citing its article.

The types below are the contract the rest of the app relies on. ``parse_programme`` (in
``programme_parser``) builds them from a parsed file and refuses a malformed one with a message
naming the file, the entry and the problem. Where a document is silent a field is ``None`` (or an
empty tuple): nothing is invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import StageForm


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: the document number and the article, e.g. 第十七条（三）."""

    document: str
    article: str

    def __str__(self) -> str:
        return f"{self.document} {self.article}"


class CycleKind(StrEnum):
    ANNUAL = "annual"
    BIENNIAL = "biennial"
    AS_DECIDED = "as_decided"  # 适时组织开展


@dataclass(frozen=True)
class Cycle:
    kind: CycleKind
    cite: Citation
    years: int | None = None  # 1 for annual, 2 for biennial, None when decided case by case


class AwardKind(StrEnum):
    ORGANISATION = "organisation"
    NOMINATION = "nomination"  # 提名奖
    INDIVIDUAL = "individual"


@dataclass(frozen=True)
class AwardCategory:
    id: str
    kind: AwardKind
    name_zh: str
    name_en: str
    cite: Citation
    quota: int | None  # the most awards per cycle; None when the document sets none
    quota_exact: bool = False  # True where the document says "为N个" rather than "不超过N个"
    vacancy_allowed: bool | None = None
    prize: str | None = None  # e.g. "质量工作资助资金50万元", as the document says
    prize_yuan: int | None = None
    prize_cite: Citation | None = None  # where the prize is set (often another article)
    vacancy_cite: Citation | None = None
    repeat_winner_prize: bool | None = None  # 锡盟 第十六条: 再次获奖不再给予资助资金
    repeat_winner_cite: Citation | None = None
    name_mn: str | None = None  # Traditional Mongolian (awaiting native review)


class StageKind(StrEnum):
    APPLICATION = "application"  # 自愿申报 / 申报
    PRELIMINARY = "preliminary"  # 盟市初审 / 旗县区初审
    ELIGIBILITY = "eligibility"  # 资格审查
    MATERIAL = "material"  # 材料评审
    ONSITE = "onsite"  # 现场评审
    DEFENSE = "defense"  # 陈述答辩
    COMPREHENSIVE = "comprehensive"  # 综合评议
    COMMITTEE = "committee"  # 审议 / 审定
    NOTICE = "notice"  # 公示
    AWARD = "award"  # 表彰


@dataclass(frozen=True)
class Stage:
    id: str
    kind: StageKind
    name_zh: str
    name_en: str
    form: StageForm
    cite: Citation
    scored: bool = False  # reviewers score at this stage (material, on-site, defense)
    form_office_setting: bool = False  # the form's scale is the office's setting, not a rule
    name_mn: str | None = None  # Traditional Mongolian (awaiting native review)
    # A comprehensive stage: the scored stages its score is computed from, as its article says
    # (主席 第二十二条: on-site and defense only; the material review selects who goes on site).
    combines: tuple[str, ...] = ()


class NoticeCount(StrEnum):
    AT_LEAST = "at_least"  # 不少于N个工作日
    EXACTLY = "exactly"  # 公示期为N个工作日


@dataclass(frozen=True)
class Notice:
    id: str
    after: str  # the stage id after which the notice is published
    working_days: int
    count: NoticeCount
    by_zh: str  # who publishes (申报单位内部 / 盟市 / 领导小组办公室 …)
    cite: Citation


@dataclass(frozen=True)
class Threshold:
    """A share such as "三分之二以上（含三分之二）": ``fraction`` of ``of``, inclusive or not."""

    fraction: Fraction
    of: str  # "members" (all committee members) or "present" (members present)
    inclusive: bool = True

    def met(self, count: int, denominator: int) -> bool:
        if denominator <= 0:
            return False
        share = Fraction(count, denominator)
        return share >= self.fraction if self.inclusive else share > self.fraction


@dataclass(frozen=True)
class Committee:
    body_zh: str  # 领导小组 / 审委会 / 审定委员会 / 市政府专题会议
    cite: Citation
    quorum: Threshold | None = None
    pass_threshold: Threshold | None = None
    limited_voting: bool | None = None  # 限额投票: no more choices per ballot than the quota
    rank_by_votes: bool | None = None  # 表决排序
    abstentions_count: bool | None = None  # whether abstentions stay in the denominator


@dataclass(frozen=True)
class Team:
    min_size: int | None
    max_size: int | None
    leader: bool | None  # 组长负责制
    by_industry: bool | None
    cite: Citation | None


class RuleKind(StrEnum):
    """Every kind of eligibility condition or exclusion the engine evaluates."""

    REGISTERED_IN_REGION = "registered_in_region"
    LEGAL_PERSON = "legal_person"
    MIN_YEARS_OPERATING = "min_years_operating"
    MIN_YEARS_MANAGEMENT_SYSTEM = "min_years_management_system"
    SELF_ASSESSMENT_YEARS = "self_assessment_years"  # 自评报告包含N年数据
    NO_INCIDENTS = "no_incidents"  # within N years, at or above a severity
    CREDIT_CLEAN = "credit_clean"  # 经营异常名录 / 严重违法失信名单 / 不良信用记录
    NO_VIOLATIONS = "no_violations"  # 违法、违规、违纪记录 within N years
    NO_AWARD_FRAUD = "no_award_fraud"  # 弄虚作假 in award activities within N years
    TAX_COMPLIANT = "tax_compliant"
    LICENCES_HELD = "licences_held"
    POLICY_COMPLIANT = "policy_compliant"  # 产业、环保、质量政策
    NO_OPERATING_LOSS = "no_operating_loss"  # 最近N年未发生经营性亏损
    INDUSTRY_STANDING = "industry_standing"  # 位居同行业前列 / 前N名
    MIN_YEARS_QUALITY_WORK = "min_years_quality_work"  # individuals
    REAPPLICATION_INTERVAL = "reapplication_interval"
    REVOCATION_BAN = "revocation_ban"
    STILL_VALID_AWARD = "still_valid_award"  # 有效期内不参评
    EVIDENCE = "evidence"  # a condition only documents can show (a reviewer judges)


class Applicability(StrEnum):
    ORGANISATION = "organisation"
    INDIVIDUAL = "individual"
    ANY = "any"


@dataclass(frozen=True)
class Rule:
    """One eligibility condition or exclusion with its parameters and citation."""

    id: str
    kind: RuleKind
    text_zh: str  # the document's wording, shortened
    cite: Citation
    applies_to: Applicability = Applicability.ORGANISATION
    exclusion: bool = False  # listed among "不得申报" exclusions rather than conditions
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reapplication:
    interval_cycles: int | None  # 再次申报应当于三届以后 / 间隔三届
    interval_years: int | None
    cite: Citation | None
    exclusive: bool = False  # True for "间隔N届" (N whole cycles between), False for "N届以后"
    text_zh: str | None = None


class RevocationKind(StrEnum):
    FRAUD = "fraud"  # 弄虚作假、骗取荣誉
    CONDUCT = "conduct"  # accidents, violations … after the award


@dataclass(frozen=True)
class Revocation:
    grounds_zh: tuple[str, ...]
    ban_years: int | None  # N年内不受理其申报
    within_years_of_award: int | None  # e.g. 获奖后3年内发生较大事故
    cite: Citation | None
    id: str = ""
    kind: RevocationKind = RevocationKind.CONDUCT


@dataclass(frozen=True)
class Backfill:
    allowed: bool
    cite: Citation | None


@dataclass(frozen=True)
class RepeatWinners:
    """Winners re-awarded after validity: outside the quota, certificate only (高新区 第四条)."""

    outside_quota: bool
    prize: bool
    cite: Citation | None


@dataclass(frozen=True)
class Document:
    title_zh: str
    number: str  # 文号, e.g. 包府办发〔2025〕57号
    issuer_zh: str
    issued: date
    effective: date | None = None
    expires: date | None = None
    supersedes: str | None = None
    amended: date | None = None
    term_years: int | None = None  # 有效期N年 (the document's own term)
    term_cite: Citation | None = None


@dataclass(frozen=True)
class Programme:
    id: str
    name_zh: str
    name_en: str
    document: Document
    region_zh: str  # where applicants must be registered
    cycle: Cycle
    awards: tuple[AwardCategory, ...]
    stages: tuple[Stage, ...]
    notices: tuple[Notice, ...]
    committee: Committee | None
    team: Team | None
    conditions: tuple[Rule, ...]
    validity_years: int | None = None
    validity_cite: Citation | None = None
    reapplication: Reapplication | None = None
    revocation: Revocation | None = None
    backfill: Backfill | None = None
    repeat_winners: RepeatWinners | None = None
    recusal_cite: Citation | None = None
    secrets_cite: Citation | None = None
    supervision_feedback_cite: Citation | None = None  # 双向监督反馈
    fees_zh: str | None = None
    name_mn: str | None = None  # Traditional Mongolian (awaiting native review)
    notes_zh: tuple[str, ...] = ()
    revocations: tuple[Revocation, ...] = ()  # all of them; ``revocation``: the first with a ban
    award_cite: Citation | None = None  # who may receive the award (第二条)
    # Taking away a reviewer's qualification for misconduct (主席 第二十五条 …); None: silent.
    disqualification_cite: Citation | None = None

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise NotFound(Msg(N_("Programme {programme} has no stage '{stage}'"),
                           {"programme": self.id, "stage": stage_id}))

    def award(self, award_id: str) -> AwardCategory:
        for a in self.awards:
            if a.id == award_id:
                return a
        raise NotFound(Msg(N_("Programme {programme} has no award category '{award}'"),
                           {"programme": self.id, "award": award_id}))

    @property
    def scored_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.scored)

    @property
    def comprehensive_stage(self) -> Stage | None:
        return next((s for s in self.stages if s.kind is StageKind.COMPREHENSIVE), None)

    @property
    def comprehensive_stages(self) -> tuple[Stage, ...]:
        """The scored stages the comprehensive score is computed from: those the comprehensive
        stage's article names; every scored stage where the programme has no such stage."""
        comp = self.comprehensive_stage
        if comp is None or not comp.combines:
            return self.scored_stages
        return tuple(s for s in self.stages if s.id in comp.combines)

    def notices_after(self, stage_id: str) -> tuple[Notice, ...]:
        return tuple(n for n in self.notices if n.after == stage_id)

