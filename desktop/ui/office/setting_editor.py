"""An office setting edited in a form of its own kind, not typed as JSON.

Each setting the office decides has a shape (``cycle._validate`` checks it): the stage weights
one percentage per stage of the comprehensive score, the shortlist a number and a lowest score
(each may be none), the divergence flag its conditions, a vote's share a fraction of the members
present or of all members, a choice between named ways, a yes/no, a number of years. The dialog
shows the setting's meaning, one field per part, and saves through the page (one undo step);
a refusal is shown in the dialog, which stays open with what the person entered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.data_table import parse_fraction
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import Msg
from desktop.domain.open_points import NOMINATION_CHOICES, RECUSED_CHOICES
from desktop.domain.programmes import Programme
from desktop.i18n import N_, _
from desktop.i18n.data_names import SETTING_FIELD, SETTING_WORD, label
from desktop.ui.fonts import FontSet
from desktop.ui.office.common import message_text, stage_label
from desktop.ui.widgets.field_label import FieldLabel, LabelForm, plain_text

__all__ = ["SettingEditor"]

BOOLEANS = ("normalisation_official", "publication_day_counts", "abstentions_count")
CHOICES = {"recused_members": RECUSED_CHOICES, "nominations": NOMINATION_CHOICES}
THRESHOLDS = ("pass_threshold", "quorum")
HUNDRED = Decimal(100)


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return default


def _plain(value: Decimal) -> str:
    """"30" / "0.3" / "0.333333": no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


class _OrNone(QWidget):
    """A number, or none (the box ticked)."""

    def __init__(self, spin: QAbstractSpinBox, value: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.spin = spin
        spin.setParent(self)
        self.none = QCheckBox(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(spin, 1)
        row.addWidget(self.none)
        self.none.toggled.connect(self._toggled)
        self.none.setChecked(value is None)
        if value is not None and isinstance(spin, (QSpinBox, QDoubleSpinBox)):
            if isinstance(spin, QSpinBox):
                spin.setValue(int(value))
            else:
                spin.setValue(_number(value))
        spin.setEnabled(not self.none.isChecked())

    def _toggled(self, on: bool) -> None:
        self.spin.setEnabled(not on)
        if not on and self.none.hasFocus():  # a number wanted: the keyboard goes to it
            self.focus()

    def focus(self) -> None:
        """The number (its text selected, so typing replaces it), or "none" while ticked."""
        if self.spin.isEnabled():
            self.spin.setFocus()
            self.spin.selectAll()
        else:
            self.none.setFocus()

    def retranslate(self) -> None:
        self.none.setText(_("none"))

    def value(self) -> Any:
        if self.none.isChecked():
            return None
        if isinstance(self.spin, QSpinBox):
            return self.spin.value()
        assert isinstance(self.spin, QDoubleSpinBox)
        score = Decimal(str(round(self.spin.value(), 2)))
        return int(score) if score == score.to_integral_value() else float(score)


def _score_box(parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0, 1000)
    box.setDecimals(2)
    return box


class SettingEditor(QDialog):
    """One office setting in a form; ``save(value)`` returns the refusal, or None when saved."""

    def __init__(self, parent: QWidget, *, key: str, name: str, value: Any,
                 programme: Programme | None, meaning: Any,
                 save: Callable[[Any], ScorebookError | None],
                 fonts: FontSet | None = None) -> None:
        super().__init__(parent)
        self.key, self.name, self.old, self.programme = key, name, value, programme
        self._save = save
        self._fonts = fonts
        self._meaning = meaning
        self._labels: list[tuple[FieldLabel, Callable[[], str]]] = []
        self._retranslators: list[Callable[[], None]] = []
        self.meaning = QLabel(self)
        self.meaning.setWordWrap(True)
        self.form = LabelForm()
        self.hint = QLabel(self)  # what a choice's words mean
        self.hint.setWordWrap(True)
        self._hint: Callable[[], str] | None = None
        self.note = QLabel(self)  # the weights' total; a refusal
        self.note.setWordWrap(True)
        self._boxes: dict[str, QDoubleSpinBox] = {}  # the weights' fields
        self._share: QLineEdit | None = None  # a vote's fraction
        self._first: QWidget | None = None
        self.value: Callable[[], Any] = self._build(key, value)
        self._watch_edits()
        # made after the fields, so Tab runs through them, then to Save, then to Cancel
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.meaning)
        box.addLayout(self.form)
        box.addWidget(self.hint)
        box.addWidget(self.note)
        box.addWidget(self.buttons)
        self.setMinimumWidth(440)  # the title names the setting in full
        self.retranslate()

    # --- the fields of each shape ------------------------------------------------------------
    def _row(self, text: Callable[[], str], field: QWidget) -> None:
        if self._first is None:  # the keyboard starts in the first field
            self._first = field
        caption = FieldLabel(buddy=field, parent=self, fonts=self._fonts, column_height=90)
        self.form.add_row(caption, field)
        self._labels.append((caption, text))

    def _build(self, key: str, value: Any) -> Callable[[], Any]:
        if key == "weights":
            return self._weights(value if isinstance(value, dict) else {})
        if key == "shortlist":
            v = value if isinstance(value, dict) else {}
            top = QSpinBox(self)
            top.setRange(1, 100_000)
            top_n = _OrNone(top, v.get("top_n"), self)
            low = _OrNone(_score_box(self), v.get("min_score"), self)
            self._row(lambda: label(SETTING_FIELD, "top_n"), top_n)
            self._row(lambda: label(SETTING_FIELD, "min_score"), low)
            self._retranslators += [top_n.retranslate, low.retranslate]
            return lambda: {"top_n": top_n.value(), "min_score": low.value()}
        if key == "divergence":
            return self._divergence(value if isinstance(value, dict) else {})
        if key == "conflict_window_years":
            years = QSpinBox(self)
            years.setRange(0, 50)
            years.setValue(int(value) if isinstance(value, int) else 0)
            self._row(lambda: self.name, years)
            return years.value
        if key == "min_award_score":
            score = _OrNone(_score_box(self), value, self)
            self._row(lambda: self.name, score)
            self._retranslators.append(score.retranslate)
            return score.value
        if key in BOOLEANS:
            tick = QCheckBox(self)
            tick.setChecked(bool(value))
            self._row(lambda: self.name, tick)
            self._retranslators.append(lambda: tick.setText(_("yes")))
            return tick.isChecked
        if key in CHOICES:
            return self._choice(key, value)
        if key in THRESHOLDS:
            return self._threshold(key, value)
        return self._text(value)

    def _weights(self, weights: dict[str, Any]) -> Callable[[], Any]:
        stages = ([s.id for s in self.programme.comprehensive_stages]
                  if self.programme is not None else []) or list(weights)
        boxes = self._boxes
        for stage in stages:
            box = QDoubleSpinBox(self)
            box.setRange(0, 100)
            box.setDecimals(2)
            box.setSingleStep(5)
            box.setSuffix(" %")
            box.setValue(_number(weights.get(stage, 0)) * 100)
            box.valueChanged.connect(self._total)
            boxes[stage] = box
            self._row(partial(stage_label, self.programme, stage), box)

        def value() -> dict[str, str]:
            return {s: _plain(Decimal(str(round(b.value(), 2))) / HUNDRED)
                    for s, b in boxes.items()}
        return value

    def _total(self) -> None:
        boxes = self._boxes
        if not boxes:
            return
        total = sum((Decimal(str(round(b.value(), 2))) for b in boxes.values()), Decimal(0))
        self.note.setText(_("Total: {total}").format(total=f"{_plain(total)} %"))
        self.note.setStyleSheet("" if total == HUNDRED else "color: #b00020;")

    def _divergence(self, rule: dict[str, Any]) -> Callable[[], Any]:
        bands = QCheckBox(self)
        bands.setChecked(bool(rule.get("different_bands", True)))
        spread_box = QSpinBox(self)
        spread_box.setRange(0, 100)
        spread_box.setSuffix(" %")
        spread = _OrNone(spread_box, rule.get("min_spread_pct"), self)
        mode = QComboBox(self)
        for word in ("all", "any"):
            mode.addItem("", word)
        mode.setCurrentIndex(max(0, mode.findData(rule.get("mode", "all"))))
        self._row(lambda: label(SETTING_FIELD, "different_bands"), bands)
        self._row(lambda: label(SETTING_FIELD, "min_spread_pct"), spread)
        self._row(lambda: label(SETTING_FIELD, "mode"), mode)
        self._retranslators += [spread.retranslate, lambda: bands.setText(_("yes")),
                                lambda: self._words(mode)]
        self._hint = lambda: _("All: flagged when every condition above holds; any: when one "
                               "of them holds.")
        return lambda: {"different_bands": bands.isChecked(),
                        "min_spread_pct": spread.value(), "mode": mode.currentData()}

    def _choice(self, key: str, value: Any) -> Callable[[], Any]:
        combo = QComboBox(self)
        for word in CHOICES[key]:
            combo.addItem("", word)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        self._row(lambda: self.name, combo)
        self._retranslators.append(lambda: self._words(combo))
        return combo.currentData

    def _threshold(self, key: str, value: Any) -> Callable[[], Any]:
        v = value if isinstance(value, dict) else {}
        share = self._share = QLineEdit(str(v.get("fraction", "1/2")), self)
        share.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{1,3}/\d{1,3}"), share))
        of = QComboBox(self)
        for word in ("present", "members"):
            of.addItem("", word)
        of.setCurrentIndex(max(0, of.findData(v.get("of", "present"))))
        inclusive = QCheckBox(self)
        inclusive.setChecked(bool(v.get("inclusive", True)))
        none = QCheckBox(self) if key == "quorum" else None
        self._row(lambda: label(SETTING_FIELD, "fraction"), share)
        self._row(lambda: label(SETTING_FIELD, "of"), of)
        self._row(lambda: label(SETTING_FIELD, "inclusive"), inclusive)
        self._retranslators += [lambda: self._words(of), lambda: inclusive.setText(_("yes"))]
        self._hint = lambda: _("Inclusive yes: reaching the share exactly passes; no: more "
                               "than the share is needed.")
        if none is not None:  # the office may decide no quorum applies
            self._row(lambda: self.name, none)
            # "Quorum: none" reads as a meeting without validity; this says what it decides
            self._retranslators.append(lambda: none.setText(_("no quorum")))
            def enable(on: bool) -> None:
                for w in (share, of, inclusive):
                    w.setEnabled(not on)
            none.toggled.connect(enable)
            none.setChecked(value is None)

        def read() -> Any:
            if none is not None and none.isChecked():
                return None
            return {"fraction": share.text().strip(), "of": of.currentData(),
                    "inclusive": inclusive.isChecked()}
        return read

    def _text(self, value: Any) -> Callable[[], Any]:
        line = QLineEdit(json.dumps(value, ensure_ascii=False, default=str), self)
        self._row(lambda: self.name, line)

        def read() -> Any:
            try:
                return json.loads(line.text())
            except ValueError:
                return line.text()
        return read

    def _watch_edits(self) -> None:
        """A refusal goes once the person changes what it was about (the weights show their
        total again instead)."""
        for line in self.findChildren(QLineEdit):
            line.textEdited.connect(self._edited)
        for spin in self.findChildren(QSpinBox):
            spin.valueChanged.connect(self._edited)
        for number in self.findChildren(QDoubleSpinBox):
            number.valueChanged.connect(self._edited)
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self._edited)
        for tick in self.findChildren(QCheckBox):
            tick.toggled.connect(self._edited)

    def _edited(self) -> None:
        if self._boxes:
            self._total()
        else:
            self.note.setText("")
            self.note.setVisible(False)

    @staticmethod
    def _words(combo: QComboBox) -> None:
        for i in range(combo.count()):
            combo.setItemText(i, label(SETTING_WORD, combo.itemData(i)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first = self._first
        if isinstance(first, _OrNone):
            first.focus()
        elif first is not None:
            first.setFocus()
            if isinstance(first, (QAbstractSpinBox, QLineEdit)):
                first.selectAll()  # typing replaces the value, as after Tab

    # --- saving --------------------------------------------------------------------------------
    def _refusal(self) -> Msg | None:
        """What the form refuses before asking the office, in the form's own terms (per cent,
        a fraction as typed); None when the values may be sent."""
        if self._boxes:
            total = sum((Decimal(str(round(b.value(), 2))) for b in self._boxes.values()),
                        Decimal(0))
            if total != HUNDRED:
                return Msg(N_("Stage weights add up to {total}, not 100 %: correct them"),
                           {"total": f"{_plain(total)} %"})
        share = self._share
        if share is not None and share.isEnabled() and parse_fraction(share.text()) is None:
            return Msg(N_("'{value}' is not a fraction like \"2/3\" (0 < share ≤ 1)"),
                       {"value": share.text().strip()})
        return None

    def _refuse(self, message: Msg | str) -> None:
        self.note.setText(message_text(message))
        self.note.setStyleSheet("color: #b00020;")
        self.note.setVisible(True)

    def accept(self) -> None:
        mistake = self._refusal()
        if mistake is not None:
            self._refuse(mistake)
            return
        new = self.value()
        if new == self.old:
            super().accept()
            return
        refusal = self._save(new)
        if refusal is not None:
            self._refuse(refusal.message)
            return
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change {setting}").format(setting=self.name))
        self.meaning.setText(message_text(self._meaning))
        for caption, text in self._labels:
            caption.setText(text())
            buddy = caption.buddy()
            if buddy is not None:
                buddy.setAccessibleName(plain_text(text()))
        for retranslate in self._retranslators:
            retranslate()
        self.ok.setText(_("&Save"))
        self.hint.setText(self._hint() if self._hint is not None else "")
        self.hint.setVisible(self._hint is not None)
        self._total()
        if self.key != "weights":
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()) or self.key == "weights")
