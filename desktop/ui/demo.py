"""An in-memory demo scorebook for the shell (``--demo``) until the services land."""

from __future__ import annotations

from desktop.domain.criteria import Framework
from desktop.i18n import N_
from desktop.ui.main_window import MainWindow
from desktop.ui.models.scorebook_model import InMemoryScoreSink, ScorebookModel
from desktop.ui.views.scorebook_view import ScorebookView

DEMO_APPLICANT = "demo-applicant"
DEMO_STAGE = "onsite"


def demo_sink(framework: Framework) -> InMemoryScoreSink:
    sink = InMemoryScoreSink(framework)
    for i, item in enumerate(framework.items[:15]):
        sink.set_pct(DEMO_APPLICANT, DEMO_STAGE, item.id, 30 + (i * 5) % 55)
    first = framework.items[0].id
    sink.set_comments(DEMO_APPLICANT, DEMO_STAGE, first,
                      "Vision and values are deployed to every level.",
                      "Feedback from front-line staff is gathered informally.")
    return sink


def add_demo_scorebook(window: MainWindow, framework: Framework) -> ScorebookView:
    model = ScorebookModel(demo_sink(framework), DEMO_APPLICANT, DEMO_STAGE, undo=window.undo,
                           parent=window)
    view = ScorebookView(model, window, fonts=window.fonts)
    model.committed.connect(window.save_indicator.mark_saved)
    window.add_page("scorebook", N_("Scorebook"), view)
    window.save_indicator.mark_saved()
    window.show_page("scorebook")
    return view
