"""The set-up pages read again only when what they show changed (``OfficePage.watches``): the
applicants page for the applicants and their materials, the cycle page for the settings, the
people page for the reviewers, teams and committee, the conflicts page for the register. A vote,
a notice, held bundles … leave them alone; the set-up's own writes (each a ``Done`` with its
areas) make the page that shows them read again, and it then shows what changed."""

from __future__ import annotations

import random

from pytestqt.qtbot import QtBot

from desktop.domain import credit_code
from desktop.services.office import applicants, conflicts, materials, reviewers
from desktop.services.office.changes import OfficeChanges
from desktop.ui.main_window import MainWindow
from desktop.ui.office import OfficeController
from tests.ui.office.test_bundles_watches import _counting
from tests.ui.office.test_setup_actions import _page

UNRELATED = OfficeChanges(votes=True, notices=True, consensus=True, bundles=True, keys=True,
                          packages=True, findings=True, disqualifications=True)


def test_the_applicants_page_reads_again_only_for_applicants_and_materials(
        qtbot: QtBot, office: OfficeController, window: MainWindow) -> None:
    ws = office.session.workspace
    page = _page(window, office, "applicants")
    reads = _counting(page)
    before = page.model.rowCount()

    office.session.notify(OfficeChanges(votes=True))
    office.session.notify(UNRELATED | OfficeChanges(people=True, conflicts=True,
                                                    settings=True))
    assert reads[0] == 0 and not page.stale

    # an applicant added: read again once, the new row shown
    done = applicants.add_applicant(ws, applicants.ApplicantInput(
        name="包头监视测试有限公司", award_id=page.model.row(0).award_id,
        credit_code=credit_code.generate(random.Random(11), "150200"), industry="制造业",
        materials=(applicants.MaterialInput("自评报告", "正文。配方甲。", (
            applicants.SecretInput("trade", "配方甲"),)),)))
    assert done.changes == OfficeChanges(applicants=True, materials=True)
    office.session.notify(done)
    assert reads[0] == 1 and page.model.rowCount() == before + 1
    ref = done.result.ref
    shown = next(r for r in page.model.rows() if r.ref == ref)
    assert shown.materials == 1 and shown.declared_secrets == 1

    # its material removed: read again, the count follows
    office.session.notify(materials.remove_material(ws, ref, "自评报告"))
    assert reads[0] == 2
    shown = next(r for r in page.model.rows() if r.ref == ref)
    assert shown.materials == 0 and shown.declared_secrets == 0

    # while another page is shown the change waits until the page is shown again
    window.show_page("office_people")
    office.session.notify(OfficeChanges(applicants=True))
    assert reads[0] == 2 and page.stale
    window.show_page("office_applicants")
    assert reads[0] == 3 and not page.stale


def test_the_cycle_page_follows_a_setting_done_undone_and_redone(
        office: OfficeController, window: MainWindow) -> None:
    page = _page(window, office, "cycle")
    reads = _counting(page)
    office.session.notify(UNRELATED | OfficeChanges(people=True, conflicts=True,
                                                    materials=True))
    assert reads[0] == 0

    key = "conflict_window_years"

    def shown() -> object:
        return next(r for r in page.settings.rows() if r.key == key).value

    old = shown()
    assert isinstance(old, int)
    assert page.change_setting(key, old, old + 2)
    assert reads[0] == 1 and shown() == old + 2
    # undo and redo call the service again: the page is told, nothing refreshed by hand
    window.act_undo.trigger()
    assert reads[0] == 2 and shown() == old
    window.act_redo.trigger()
    assert reads[0] == 3 and shown() == old + 2


def test_the_people_and_conflicts_pages_watch_their_own(
        office: OfficeController, window: MainWindow) -> None:
    ws = office.session.workspace
    people = _page(window, office, "people")
    people_reads = _counting(people)
    office.session.notify(OfficeChanges(applicants=True, votes=True, conflicts=True,
                                        settings=True, materials=True))
    assert people_reads[0] == 0
    before = people.committee.rowCount()
    office.session.notify(reviewers.add_committee_member(ws, "监视测试委员"))
    assert people_reads[0] == 1 and people.committee.rowCount() == before + 1

    page = _page(window, office, "conflicts")
    reads = _counting(page)
    office.session.notify(OfficeChanges(votes=True, notices=True, settings=True,
                                        materials=True))
    assert reads[0] == 0
    rows = page.register.rowCount()
    reviewer = reviewers.list_reviewers(ws)[0].reviewer
    applicant = applicants.list_applicants(ws)[-1].ref
    office.session.notify(conflicts.pin(ws, reviewer, applicant, False, note="已核实"))
    assert reads[0] == 1
    assert page.register.rowCount() == rows + 1
    assert any(r.reviewer == reviewer and r.applicant == applicant and
               r.pinned == "not_conflicted" for r in page.register.rows())
