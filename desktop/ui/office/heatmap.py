"""The divergence heatmap: applicants × items of one stage, each cell coloured by the spread of
the reviewers' percentages; cells the divergence rule flags are outlined and marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_, Msg
from desktop.domain.programmes import Programme
from desktop.i18n import _
from desktop.i18n.formatting import label_value
from desktop.services.catalogue import framework_for_ref
from desktop.services.office import applicants, consensus, cycle
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.results_decide import ItemDivergence, Recusal
from desktop.ui.names import item_name
from desktop.ui.office.common import (
    OfficeContext,
    OfficePage,
    make_table,
    recused_text,
    stage_label,
    stored_text,
)
from desktop.ui.widgets.field_label import FieldLabel

Index = QModelIndex | QPersistentModelIndex
FLAG_ROLE = Qt.ItemDataRole.UserRole + 10
SPREAD_ROLE = Qt.ItemDataRole.UserRole + 11
SCALE = ((0, "#f7fbff"), (10, "#fde0c5"), (20, "#f9a66c"), (30, "#e8573a"), (40, "#a50f15"))


def spread_colour(spread: int | None) -> QColor:
    """White for agreement, deepening to dark red at a spread of 40 points or more."""
    if spread is None:
        return QColor("#dddddd")
    colour = SCALE[0][1]
    for threshold, value in SCALE:
        if spread >= threshold:
            colour = value
    return QColor(colour)


def text_colour(background: QColor) -> QColor:
    return QColor("white") if background.lightness() < 120 else QColor("black")


class HeatmapModel(QAbstractTableModel):
    """Rows: applicants; columns: items. Display: the spread; roles for colour and flag."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []  # (ref, name)
        self._items: list[tuple[str, str]] = []  # (item id, name)
        self._cells: dict[tuple[int, int], ItemDivergence] = {}

    def set_data(self, rows: list[tuple[str, str]], items: list[tuple[str, str]],
                 cells: dict[tuple[int, int], ItemDivergence]) -> None:
        self.beginResetModel()
        self._rows, self._items, self._cells = rows, items, cells
        self.endResetModel()

    def applicant(self, row: int) -> str:
        return self._rows[row][0]

    def flagged_cells(self) -> list[tuple[str, str]]:
        return [(self._rows[r][0], self._items[c][0])
                for (r, c), cell in sorted(self._cells.items()) if cell.flagged]

    def retranslate(self) -> None:
        if self._items:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._items) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        names = self._items if orientation == Qt.Orientation.Horizontal else self._rows
        if not 0 <= section < len(names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return names[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return names[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or \
                not (0 <= index.column() < len(self._items)):
            return None
        cell = self._cells.get((index.row(), index.column()))
        spread = cell.spread if cell is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if spread is None else str(spread)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(spread_colour(spread))
        if role == FLAG_ROLE:
            return cell is not None and cell.flagged
        if role == SPREAD_ROLE:
            return spread
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if cell is None:
                return _("not scored")
            text = _("{applicant}, item {item}: spread {spread}, mean {mean}%, {count} "
                     "reviewers").format(applicant=self._rows[index.row()][0],
                                         item=self._items[index.column()][0],
                                         spread="—" if spread is None else spread,
                                         mean=cell.mean or "—", count=cell.count)
            return text + (" — " + _("flagged for discussion") if cell.flagged else "")
        return None


class HeatmapDelegate(QStyledItemDelegate):
    """Paints the cell's colour and spread; a flagged cell gets a dark outline and a corner
    mark, so the flag does not depend on colour alone."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect
        colour = spread_colour(index.data(SPREAD_ROLE))
        painter.save()
        painter.fillRect(rect, colour)
        painter.setPen(text_colour(colour))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
        if index.data(FLAG_ROLE):
            painter.setPen(QPen(QColor("#1a1a1a"), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.setBrush(QColor("#1a1a1a"))
            painter.setPen(Qt.PenStyle.NoPen)
            size = min(8, rect.height() // 3)
            corner = QPolygonF([QPointF(rect.right() - size, rect.top() + 1),
                                QPointF(rect.right(), rect.top() + 1),
                                QPointF(rect.right(), rect.top() + 1 + size)])
            painter.drawPolygon(corner)
        painter.restore()


class HeatmapLegend(QWidget):
    """Colour swatches with their spreads, and the flag mark with the rule in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rule: Msg | str = ""
        self.setMinimumHeight(26)

    @property
    def rule(self) -> str:
        """The flag rule in the interface language (kept as a message, rendered when read)."""
        return stored_text(self._rule)

    def set_rule(self, rule: Msg | str | None) -> None:
        """The flag rule as a message: rendered in the language of each paint."""
        self._rule = rule or ""
        self.update()

    def flag_text(self) -> str:
        return _("flagged: {rule}").format(rule=self.rule)

    def painted_texts(self) -> list[str]:
        """What the legend paints, in the interface language (for tests and screen readers)."""
        return [_("Spread (percentage points):"), self.flag_text()]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        x, h = 4, metrics.height() + 6
        painter.setPen(self.palette().windowText().color())
        label = _("Spread (percentage points):")
        painter.drawText(QRect(x, 0, metrics.horizontalAdvance(label) + 4, h),
                         Qt.AlignmentFlag.AlignVCenter, label)
        x += metrics.horizontalAdvance(label) + 10
        for i, (threshold, colour) in enumerate(SCALE):
            text = f"{threshold}+" if i == len(SCALE) - 1 else f"{threshold}–{SCALE[i + 1][0] - 1}"
            width = metrics.horizontalAdvance(text) + 16
            painter.fillRect(QRect(x, 2, width, h - 4), QColor(colour))
            painter.setPen(text_colour(QColor(colour)))
            painter.drawText(QRect(x, 2, width, h - 4), Qt.AlignmentFlag.AlignCenter, text)
            x += width + 2
        x += 14
        painter.setPen(QPen(QColor("#1a1a1a"), 2))
        painter.drawRect(QRect(x, 3, h - 6, h - 6))
        x += h
        painter.setPen(self.palette().windowText().color())
        flag = self.flag_text()
        painter.drawText(QRect(x, 0, self.width() - x, h), Qt.AlignmentFlag.AlignVCenter, flag)
        painter.end()


class DivergencePage(OfficePage):
    # the merged scores, who is recused, the divergence rule, the applicants
    watches = OfficeChanges(applicants=True, conflicts=True, settings=True, bundles=True,
                            disqualifications=True, keys=True)
    title = N_("Divergence")
    open_consensus = Signal(str, str)  # applicant ref, stage

    def __init__(self, ctx: OfficeContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.stage = QComboBox(self)
        self.stage_label = FieldLabel("", self.stage, self, fonts=ctx.fonts, column_height=70)
        self.stage.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = HeatmapModel(self)
        self.view = make_table(self, self.model, ctx.fonts, stretch_last=False)
        self.view.verticalHeader().setVisible(True)
        self.view.setItemDelegate(HeatmapDelegate(self.view))
        self.view.doubleClicked.connect(self._open)
        self.legend = HeatmapLegend(self)
        self.hint = QLabel(self)
        self.recusals = QLabel(self)  # the reviewers each applicant's statistics leave out
        self.recusals.setWordWrap(True)
        self._recused: dict[str, tuple[Recusal, ...]] = {}
        self.programme: Programme | None = None
        row = QHBoxLayout()
        row.addWidget(self.stage_label)
        row.addWidget(self.stage)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(self.view, 1)
        self.box.addWidget(self.legend)
        self.box.addWidget(self.hint)
        self.box.addWidget(self.recusals)
        self.box.addWidget(self.message)

    def reload(self) -> None:
        ws = self.session.workspace
        view = cycle.cycle_view(ws)
        stages = [s.stage for s in view.scored_stages]
        self.programme = view.programme
        if [self.stage.itemData(i) for i in range(self.stage.count())] != stages:
            self.stage.blockSignals(True)
            self.stage.clear()
            for s in stages:
                self.stage.addItem(stage_label(self.programme, s), s)
            self.stage.setCurrentIndex(self.stage.count() - 1)
            self.stage.blockSignals(False)
        stage = self.stage.currentData()
        fw = framework_for_ref(view.framework)
        items = [(it.id, item_name(it)) for it in fw.items]
        col = {it: i for i, (it, _n) in enumerate(items)}
        apps = applicants.list_applicants(ws)
        rows: list[tuple[str, str]] = []
        cells: dict[tuple[int, int], ItemDivergence] = {}
        rule: Msg | str = ""
        self._recused = {}
        for r, app in enumerate(apps):
            rows.append((app.ref, app.name))
            if stage is None:
                continue
            try:
                div = consensus.divergence_view(ws, app.ref, stage)
            except ScorebookError:
                continue
            rule = div.rule
            if div.recused:
                self._recused[app.ref] = div.recused
            for it in div.stats:
                if it.count and it.item in col:
                    cells[(r, col[it.item])] = it
        self.model.set_data(rows, items, cells)
        self.legend.set_rule(rule)
        self.legend.setAccessibleDescription(" ".join(self.legend.painted_texts()))
        self.view.resizeColumnsToContents()
        self._describe_recusals()

    def _describe_recusals(self) -> None:
        self.recusals.setText(" ".join(label_value(ref, recused_text(who))
                                       for ref, who in sorted(self._recused.items())))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid() and self.stage.currentData():
            self.open_consensus.emit(self.model.applicant(index.row()), self.stage.currentData())

    def retranslate(self) -> None:
        super().retranslate()
        self.stage_label.setText(_("Stage:"))
        self.stage.setAccessibleName(_("Stage"))
        for i in range(self.stage.count()):
            self.stage.setItemText(i, stage_label(self.programme, self.stage.itemData(i)))
        self.view.setAccessibleName(_("Divergence heatmap: applicants by items"))
        self.legend.setAccessibleName(_("Legend"))
        self.legend.setAccessibleDescription(" ".join(self.legend.painted_texts()))
        self.hint.setText(_("Double-click a cell to open the consensus for that applicant."))
        self._describe_recusals()
        self.legend.update()
