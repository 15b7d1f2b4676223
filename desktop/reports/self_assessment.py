"""A realistic applicant's self-assessment report (自评报告) as a PDF, for the demo, the tests
and the benches: a cover, a contents page and one chapter per category of GB/T 19580-2012
(4.1 领导 … 4.7 结果), set in the bundled Chinese font with a text layer, with the applicant's
declared secret passage on one page. Deterministic for a seed (apart from PDF metadata)."""

from __future__ import annotations

import io
import random
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from desktop.reports import fonts

CHAPTERS = (
    ("4.1", "领导", ("高层领导的作用", "组织治理", "社会责任")),
    ("4.2", "战略", ("战略制定", "战略部署")),
    ("4.3", "顾客与市场", ("顾客和市场的了解", "顾客关系与顾客满意")),
    ("4.4", "资源", ("人力资源", "财务资源", "信息和知识资源", "技术资源", "基础设施",
                   "相关方关系")),
    ("4.5", "过程管理", ("过程的识别与设计", "过程的实施与改进")),
    ("4.6", "测量、分析与改进", ("测量、分析和评价", "改进与创新")),
    ("4.7", "结果", ("产品和服务结果", "顾客与市场结果", "财务结果", "资源结果",
                   "过程有效性结果", "领导方面的结果")),
)
_SUBJECTS = ("公司", "管理层", "质量管理部", "各事业部", "技术中心", "生产车间", "营销中心",
             "人力资源部", "财务部", "信息中心")
_VERBS = ("建立了", "持续完善", "系统推进", "全面实施", "定期评审", "优化了", "组织开展",
          "深入落实")
_OBJECTS = ("以顾客为关注焦点的质量管理体系", "卓越绩效评价准则的自我评价机制",
            "全员参与的精益生产改善活动", "关键绩效指标的分解与监测", "供应商分级管理制度",
            "质量追溯与不合格品控制流程", "数字化车间的数据采集系统", "风险识别与应对机制",
            "知识管理与经验分享平台", "标准化作业指导书体系")
_RESULTS = ("产品一次交验合格率达到99.{a}%", "顾客满意度连续三年保持在9{b}分以上",
            "单位产值能耗同比下降{c}%", "新产品销售收入占比提高到{d}%",
            "员工合理化建议采纳{e}项", "主营业务收入同比增长{c}.{a}%")


def _sentence(rng: random.Random) -> str:
    result = rng.choice(_RESULTS).format(a=rng.randint(1, 9), b=rng.randint(0, 5),
                                          c=rng.randint(3, 18), d=rng.randint(20, 45),
                                          e=rng.randint(120, 980))
    return (f"{rng.choice(_SUBJECTS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}，"
            f"{result}。")


def self_assessment_pdf(name: str, *, secret: str | None = None, pages: int = 30,
                        seed: int = 1) -> bytes:
    """The report of ``name``: about ``pages`` pages; ``secret`` (a declared passage) stands
    in chapter 4.5 in one paragraph of its own, so the text layer holds it whole."""
    fonts.register()
    rng = random.Random(seed)
    body = ParagraphStyle("body", fontName=fonts.CJK, fontSize=11, leading=19,
                          wordWrap="CJK", firstLineIndent=22, spaceAfter=6)
    h1 = ParagraphStyle("h1", parent=body, fontName=fonts.CJK_BOLD, fontSize=16, leading=24,
                        firstLineIndent=0, spaceBefore=6, spaceAfter=12)
    h2 = ParagraphStyle("h2", parent=h1, fontSize=13, leading=20, spaceAfter=8)
    title = ParagraphStyle("title", parent=h1, fontSize=24, leading=36, alignment=1)
    story: list[object] = [Spacer(1, 60 * mm), Paragraph(name, title),
                           Paragraph("卓越绩效自评报告", title), Spacer(1, 20 * mm),
                           Paragraph("（依据 GB/T 19580-2012《卓越绩效评价准则》）", body),
                           PageBreak(), Paragraph("目录", h1)]
    for number, chapter, _parts in CHAPTERS:
        story.append(Paragraph(f"{number} {chapter}", body))
    story.append(PageBreak())
    per_part = max(1, round(pages * 4.4 / sum(len(p) for _n, _c, p in CHAPTERS)))
    for number, chapter, parts in CHAPTERS:
        story.append(Paragraph(f"{number} {chapter}", h1))
        for k, part in enumerate(parts):
            story.append(Paragraph(f"{number}.{k + 1} {part}", h2))
            for _ in range(per_part):
                story.append(Paragraph("".join(_sentence(rng) for _ in range(6)), body))
            if secret and number == "4.5" and k == 0:
                story.append(Paragraph(secret, body))
        story.append(PageBreak())
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"{name} 自评报告", author=name,
                            leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                            bottomMargin=25 * mm)
    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.CJK, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {document.page} —")
        canvas.drawString(25 * mm, A4[1] - 15 * mm, f"{name} 卓越绩效自评报告")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
