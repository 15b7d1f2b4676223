"""Documents with no workspace behind them: a blank score sheet from a programme's rules, and the
built-in samples (invented data: for the docs, a visual check and the tests)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop.domain.errors import NotFound
from desktop.domain.messages import N_, Msg
from desktop.domain.redaction import Audience
from desktop.domain.scoring import FormKind
from desktop.reports import documents
from desktop.reports.inputs import Party, ScoreSheetInput
from desktop.reports.labels import Labels
from desktop.services.catalogue import DEFAULT_FRAMEWORK, framework
from desktop.services.printing import samples
from desktop.services.printing.common import (
    Printed,
    PrintOptions,
    PrintRefused,
    Rendered,
    destination,
    finish,
    programme_name,
    save,
)
from desktop.services.programmes import programme

SAMPLE_KINDS: tuple[str, ...] = samples.KINDS


def blank_sheet(programme_id: str, stage: str, opts: PrintOptions, cycle: str | None = None,
                applicant: str = "") -> Printed:
    """A blank score sheet of a programme's stage scored by items, headed with ``cycle``
    (default: this year) and the applicant's name when one is given (an internal copy unless
    ``opts`` says otherwise)."""
    p = programme(programme_id)
    st = p.stage(stage)  # NotFound for an unknown stage
    if st.form.kind is not FormKind.ITEMS:
        raise PrintRefused(Msg(N_("Stage '{stage}' of {programme} is not scored by items"),
                               {"stage": stage, "programme": p.id}))
    labels = Labels(opts.language)
    inp = ScoreSheetInput(
        programme_name=programme_name(p, labels), cycle=cycle or str(date.today().year),
        stage=labels.pick(st.name_zh, st.name_en), applicant=Party("", applicant),
        reviewer=None, framework=framework(st.form.framework_id or DEFAULT_FRAMEWORK),
        blank=True)
    return finish("blank-sheet", inp, opts, Audience.INTERNAL, "", stage=stage)


def sample(kind: str, opts: PrintOptions) -> Printed:
    """A document from the built-in sample data, in ``opts.language``: the sample's own
    audience, recipient and date unless ``opts`` names an audience or a recipient."""
    build = samples.SAMPLES.get(kind)
    if build is None:
        raise NotFound(Msg(N_("Unknown document '{kind}'"), {"kind": kind}))
    path = destination(opts)
    language = Labels(opts.language).language
    inp = build(language) if opts.audience is None else build(language, opts.audience)
    if opts.recipient:
        inp = replace(inp, recipient=opts.recipient)
    if opts.generated is not None:
        inp = replace(inp, generated=opts.generated)
    return save(Rendered(kind, documents.render(inp), inp.audience, inp.recipient), path)
