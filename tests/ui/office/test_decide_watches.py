"""The decision pages read again only when what they show changed (``watches``): the ranking and
the vote from what the ranking is read from, the consensus page from the scores, conflicts and
consensus, the notices page from the notices and votes. A material added or a package issued
leaves them alone; the held bundles or a consensus recorded make them read again, and the
ranking then shows the consensus as the stage total."""

from __future__ import annotations

from desktop.domain.consensus import Choice
from desktop.services.office import consensus, ranking
from desktop.services.office.changes import OfficeChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.test_bundles_watches import _counting
from tests.ui.office.test_setup_actions import _page

UNRELATED = OfficeChanges(materials=True, packages=True, findings=True, history=True)


def test_the_ranking_page_reads_again_for_bundles_and_consensus(
        office: OfficeController, window: MainWindow) -> None:
    ws = office.session.workspace
    page = _page(window, office, "ranking")
    reads = _counting(page)
    office.session.notify(UNRELATED)
    assert reads[0] == 0 and not page.stale
    office.session.notify(OfficeChanges(bundles=True))
    assert reads[0] == 1

    # a consensus recorded (the service's Done) while another page is shown: read when shown
    ref = next(a.ref for a in page.result.applicants
               if a.stages["material"].source != "consensus")
    stage = "material"
    div = consensus.divergence_view(ws, ref, stage)
    window.show_page("office_cycle")
    done = consensus.record_consensus(ws, ref, stage, {
        k: Choice(rationale="组内讨论") for k in div.flagged})
    assert done.changes == OfficeChanges(consensus=True)
    office.session.notify(done)
    assert reads[0] == 1 and page.stale
    window.show_page("office_ranking")
    assert reads[0] == 2 and not page.stale
    shown = page.result.applicant(ref)
    assert shown is not None and shown.stages[stage].source == "consensus"
    assert shown.stages[stage].total == done.result.total
    assert page.programme is not None and page.programme == ranking.rank(ws).programme


def test_the_consensus_and_vote_pages_watch_what_they_show(
        office: OfficeController, window: MainWindow) -> None:
    for key in ("consensus", "vote", "divergence", "notices"):
        page = _page(window, office, key)
        reads = _counting(page)
        office.session.notify(UNRELATED)
        assert reads[0] == 0, key
        office.session.notify(OfficeChanges(consensus=True, votes=True, notices=True,
                                            conflicts=True))
        assert reads[0] == 1, key
