"""A programme's and its stages' names in the active language, for the command line's text.

Light on purpose (issue 26): ``scorebook case status`` names its programme and stages without
loading the office's texts (``office_text``, which re-exports the names). The names are picked by
the reports' ``Labels`` (Chinese, English, or the Mongolian of the data files), loaded only when
there is a programme to name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.domain.errors import NotFound

if TYPE_CHECKING:
    from desktop.domain.programmes import Programme


def programme_of_cycle(code: str | None) -> Programme | None:
    """``services.programmes.programme_of_cycle``: the programme a cycle code names. A code with
    no "programme." part names none, and then the programmes are not even loaded (a test checks
    this answer is that function's)."""
    if "." not in (code or ""):
        return None
    from desktop.services.programmes import programme_of_cycle as of_cycle

    return of_cycle(code)


def _pick(zh: str, en: str, mn: str | None) -> str:
    from desktop.reports.labels import Labels

    return Labels().pick(zh, en, mn)


def stage_name(programme: Programme | None, stage_id: Any) -> str:
    """A stage by its name in the active language; its id when the programme has no such stage
    (the id is what --stage takes, and ``--json`` keeps it)."""
    if stage_id is None:
        return "–"
    if programme is None:
        return str(stage_id)
    try:
        stage = programme.stage(str(stage_id))
    except NotFound:
        return str(stage_id)
    return _pick(stage.name_zh, stage.name_en, stage.name_mn)


def programme_title(programme: Programme | None, programme_id: str) -> str:
    """A programme's name in the active language with its id (what --programme takes)."""
    if programme is None:
        return programme_id
    name = _pick(programme.name_zh, programme.name_en, programme.name_mn)
    return f"{name} ({programme_id})"
