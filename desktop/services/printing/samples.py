"""Built-in sample inputs for every document (``scorebook print sample KIND``): for the docs, a
visual check and the tests. The data is invented; names include rare Han characters (喆, 堃) and a
Mongolian name so that font coverage shows; one comment quotes a declared secret without marking it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from desktop.domain.criteria import Framework
from desktop.domain.redaction import Audience, Mark, Secrets, field_key
from desktop.domain.scoring import ItemEntry, summarise
from desktop.reports import inputs as i
from desktop.reports.labels import Labels
from desktop.services.catalogue import framework as load_framework

SECRET = "P507萃取线第三级逆流比控制在1比4.6"  # declared by the applicant
MARKED = "与包钢稀土签订的五年长协价格"  # marked by a reviewer, not declared
MONGOLIAN_NAME = "ᠪᠠᠲᠤᠮᠥᠩᠬᠡ"  # Batmönkh
GENERATED = datetime(2025, 9, 15, 14, 30)
DOC = "内政办发〔2025〕28号"

APPLICANT = i.Party("A-2025-007", "包头喆堃稀土新材料有限公司")
REVIEWERS = (i.Party("R1", "张喆"), i.Party("R2", "王堃"), i.Party("R3", MONGOLIAN_NAME))
KINDS = ("blank-sheet", "score-sheet", "consensus", "ranking", "feedback", "eligibility",
         "ballots", "minutes", "notice")

_PCTS = [70, 60, 55, 65, 50, 60, 55, 45, 60, 50, 40, 55, 60, 65, 50, 45, 55, 60, 50, 45, 55, 60,
         50]


def _context(language: str | None, audience: Audience, stage: str) -> dict[str, object]:
    _ = Labels(language)
    # Mongolian: the name the programme file gives (resources/programmes/nmg-chairman.toml)
    programme = _.pick("内蒙古自治区主席质量奖", "Inner Mongolia Chairman's Quality Award")
    return {"programme_name": programme, "cycle": "2025", "stage": _(stage),
            "audience": audience, "recipient": "评审办公室 李明" if audience is
            Audience.INTERNAL else "", "language": language, "generated": GENERATED}


def secrets() -> Secrets:
    return Secrets(declared=(SECRET,),
                   marks=(Mark(field_key("4.4.2", "improvements"), 0, len(MARKED)),))


def entries(framework: Framework, shift: int = 0) -> tuple[ItemEntry, ...]:
    out = []
    for n, item in enumerate(framework.items):
        pct = max(0, min(100, _PCTS[n % len(_PCTS)] + shift))
        strengths = f"{item.name_zh}方面建立了较系统的方法，并在主要部门展开。"
        improve = "部分指标缺少与标杆的对比数据，建议建立对比分析机制。"
        if item.id == "4.5.2":  # quotes the declared secret, unmarked: propagation removes it
            strengths = f"现场查看了工艺控制记录，{SECRET}，过程稳定。"
        if item.id == "4.4.2":  # the reviewer marked the first characters
            improve = MARKED + "未在材料中说明风险应对措施。"
        if item.id == "4.1.2":
            strengths += f"评审员{MONGOLIAN_NAME}（巴图孟和）注意到蒙古文标识规范。"
        out.append(ItemEntry(item.id, pct, strengths, improve))
    return tuple(out)


def score_sheet(language: str | None = None, audience: Audience = Audience.EXTERNAL,
                blank: bool = False) -> i.ScoreSheetInput:
    fw = load_framework()
    return i.ScoreSheetInput(**_context(language, audience, "Material review"),  # type: ignore[arg-type]
                             applicant=APPLICANT, reviewer=REVIEWERS[2], framework=fw,
                             entries=() if blank else entries(fw), secrets=secrets(),
                             blank=blank)


def consensus(language: str | None = None,
              audience: Audience = Audience.INTERNAL) -> i.ConsensusInput:
    fw = load_framework()
    sheets = {p.id: {e.item_id: e.pct for e in entries(fw, shift)}
              for p, shift in zip(REVIEWERS, (0, 5, -5), strict=True)}
    sheets["R2"]["4.5.2"] = 80  # one item the team disagrees on
    rows = []
    for item in fw.items:
        pcts = {rid: sheet[item.id] for rid, sheet in sheets.items()}
        values = [v for v in pcts.values() if v is not None]
        spread = max(values) - min(values)
        rationale = "三位评审员意见基本一致，取中间值。" if spread <= 10 else \
            "分歧较大，经讨论以现场证据为准。"
        if item.id == "4.5.2":
            rationale += f"申报单位声明{SECRET}属商业秘密。"
        rows.append(i.ConsensusRow(item.id, pcts, spread, spread > 15,
                                   sorted(values)[len(values) // 2], rationale))
    return i.ConsensusInput(**_context(language, audience, "On-site review"),  # type: ignore[arg-type]
                            applicant=APPLICANT, leader=REVIEWERS[0], reviewers=REVIEWERS,
                            framework=fw, rows=tuple(rows), secrets=secrets())


def ranking(language: str | None = None,
            audience: Audience = Audience.INTERNAL) -> i.RankingInput:
    names = ["包头喆堃稀土新材料有限公司", "内蒙古伊利实业集团股份有限公司",
             "鄂尔多斯市堃元能源有限公司", "呼和浩特市草原乳业有限公司",
             f"{MONGOLIAN_NAME} 牧业合作社", "锡林郭勒盟羊绒制品有限公司"]
    scores = ["812.50", "798.25", "798.25", "760.00", "741.75", "702.00"]
    rows = []
    for n, (name, score) in enumerate(zip(names, scores, strict=True)):
        tied = score in scores[:n] + scores[n + 1:]
        rank = scores.index(score) + 1
        rows.append(i.RankingRow(rank, i.Party(f"A{n}", name), Decimal(score), tied))
    person = i.RankingCategory("主席质量奖（个人）", 1, (
        i.RankingRow(1, i.Party("P1", "赵喆"), Decimal("88.40")),
        i.RankingRow(2, i.Party("P2", "孙堃"), Decimal("85.10"))))
    return i.RankingInput(**_context(language, audience, "Comprehensive review"),  # type: ignore[arg-type]
                          categories=(i.RankingCategory("主席质量奖（组织）", 3, tuple(rows)),
                                      person),
                          basis="材料评审 30% + 现场评审 50% + 陈述答辩 20%（本届办公室设定）")


def feedback(language: str | None = None,
             audience: Audience = Audience.EXTERNAL) -> i.FeedbackInput:
    fw = load_framework()
    median_entries = entries(fw, 5)
    med = summarise(fw, median_entries)
    median = {c.id: med.category_subtotals[c.id] / Decimal(c.points) for c in fw.categories}
    return i.FeedbackInput(**_context(language, audience, "Material review"),  # type: ignore[arg-type]
                           applicant=APPLICANT, framework=fw, entries=entries(fw),
                           panel_median=median, secrets=secrets())


def eligibility(language: str | None = None,
                audience: Audience = Audience.INTERNAL) -> i.EligibilityInput:
    rows = (
        i.EligibilityRow("在自治区行政区域内依法注册登记的法人", f"{DOC} 第十条（一）",
                         i.Finding.MET, "营业执照核验一致"),
        i.EligibilityRow("实施卓越绩效管理模式三年以上", "内政办发〔2025〕28号 第十条（二）",
                         i.Finding.MET, "提供了2021年以来的自评报告"),
        i.EligibilityRow("近三年未发生较大质量、安全、环境事故", f"{DOC} 第十一条（一）",
                         i.Finding.UNDETERMINED, "待应急管理部门复函"),
        i.EligibilityRow("未列入严重违法失信名单", "内政办发〔2025〕28号 第十一条（三）",
                         i.Finding.MET, f"信用中国查询无记录；{SECRET}不影响资格"),
    )
    return i.EligibilityInput(**_context(language, audience, "Eligibility review"),  # type: ignore[arg-type]
                              applicant=APPLICANT, reviewer=REVIEWERS[1], rows=rows,
                              secrets=secrets())


def _candidates() -> tuple[i.Party, ...]:
    return tuple(r.applicant for r in ranking().categories[0].rows)


def ballots(language: str | None = None,
            audience: Audience = Audience.INTERNAL) -> i.BallotInput:
    return i.BallotInput(**_context(language, audience, "Committee vote"),  # type: ignore[arg-type]
                         committee="内蒙古自治区主席质量奖评审领导小组", award="主席质量奖（组织）",
                         quota=3, candidates=_candidates(), copies=2)


def minutes(language: str | None = None,
            audience: Audience = Audience.INTERNAL) -> i.MinutesInput:
    votes = [(11, 1, 1), (10, 2, 1), (9, 3, 1), (6, 5, 2), (4, 8, 1), (3, 9, 1)]
    tally = tuple(i.TallyRow(p, "主席质量奖（组织）", f, a, x, f * 3 >= 13 * 2)
                  for p, (f, a, x) in zip(_candidates(), votes, strict=True))
    return i.MinutesInput(**_context(language, audience, "Committee vote"),  # type: ignore[arg-type]
                          committee="内蒙古自治区主席质量奖评审领导小组",
                          meeting=date(2025, 11, 20),
                          members=15, present=13,
                          quorum_rule="应到委员三分之二以上出席（本届办公室设定）",
                          quorum_met=True, pass_rule="赞成票达到出席委员三分之二以上（含）",
                          tally=tally,
                          outcome="包头喆堃稀土新材料有限公司、内蒙古伊利实业集团股份有限公司获得出席委员"
                                  "三分之二以上赞成票，列入拟授奖名单，按程序公示。",
                          chair="赵喆", recorder=MONGOLIAN_NAME)


def notice(language: str | None = None,
           audience: Audience = Audience.EXTERNAL) -> i.NoticeInput:
    rows = tuple(i.NoticeRow(p, "主席质量奖（组织）") for p in _candidates()[:2])
    return i.NoticeInput(**_context(language, audience, "Public notice"),  # type: ignore[arg-type]
                         title="2025年度内蒙古自治区主席质量奖拟授奖名单公示",
                         issuer="内蒙古自治区主席质量奖评审领导小组办公室",
                         intro="根据《内蒙古自治区主席质量奖管理办法》（内政办发〔2025〕28号）第二十三条，"
                               "经领导小组审议，现将拟授奖名单予以公示。",
                         rows=rows, start=date(2025, 11, 24), end=date(2025, 11, 28),
                         working_days=5, contact="0471-1234567", issued=date(2025, 11, 21))


SAMPLES: dict[str, Callable[..., i.DocumentInput]] = {
    "blank-sheet": lambda language=None, audience=Audience.EXTERNAL: score_sheet(
        language, audience, blank=True),
    "score-sheet": score_sheet,
    "consensus": consensus,
    "ranking": ranking,
    "feedback": feedback,
    "eligibility": eligibility,
    "ballots": ballots,
    "minutes": minutes,
    "notice": notice,
}
