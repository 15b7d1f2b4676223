"""Typed results of a review cycle: its stages with their names, its settings and the
programme's fixed rules, and the programme itself.

``--json`` keeps the keys of the dicts returned before (``results_base``); the window and the
text read the stage's names (zh, en, mn) and the programme from the value, asking nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.domain.messages import Msg
from desktop.domain.programmes import Programme, Stage
from desktop.services.office.results_base import EXTRA, Keyed, key


@dataclass(frozen=True)
class StageRow(Keyed):
    """A stage of the cycle's schedule."""

    stage: str  # the stage's id
    name_zh: str
    scored: bool
    starts: date | None = None
    ends: date | None = None
    programme_stage: Stage | None = field(default=None, compare=False, repr=False,
                                          metadata=EXTRA)  # its names, kind, form


@dataclass(frozen=True)
class SettingView(Keyed):
    """An office setting or a programme rule, with its meaning and who decided it when."""

    key: str
    value: Any
    source: str  # "programme" | "office"
    citation: str | None
    meaning: Msg
    decided: bool
    decided_by: str | None = None
    decided_at: datetime | None = None
    suggested: Any = None
    undecided: Msg | None = None  # while an open point waits: why a step cannot go on


@dataclass(frozen=True)
class CycleView(Keyed):
    """A review cycle: its code, the programme, the criteria, the schedule and settings."""

    cycle: str  # "hohhot-mayor.2025"
    programme_id: str = field(metadata=key("programme"))
    programme_name: str  # in Chinese, as the document names it
    number: int
    label: str
    framework: str  # the criteria's reference
    stages: tuple[StageRow, ...] = ()
    settings: tuple[SettingView, ...] = ()
    programme_rules: tuple[SettingView, ...] = ()
    programme: Programme | None = field(default=None, compare=False, repr=False,
                                        metadata=EXTRA)

    @property
    def scored_stages(self) -> tuple[StageRow, ...]:
        return tuple(s for s in self.stages if s.scored)

    def setting(self, name: str) -> SettingView | None:
        return next((s for s in self.settings if s.key == name), None)
