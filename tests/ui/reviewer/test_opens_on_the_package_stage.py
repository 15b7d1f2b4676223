"""A case made from an on-site package opens its scorebooks on the site visit, the stage the
package was issued for, not on the programme's first stage (the material review)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.package import build_package
from desktop.services import catalogue
from desktop.services.case import create_case
from desktop.services.case_package import sample_content
from desktop.ui.main_window import MainWindow
from desktop.ui.reviewer.controller import ReviewerController
from tests.ui.reviewer.world import NAMES, PASSPHRASE, TEAM, Team


def _visit_package(team: Team, folder: Path) -> Path:
    content = sample_content("R001", applicants=len(NAMES), criteria_ref=catalogue.framework().ref,
                             names=NAMES, team=TEAM)
    onsite = next(s for s in content["stages"] if s["form"] == "items")
    material = dict(onsite, stage_id="material", kind="material", name_zh="材料评审",
                    name_en="Material review")
    content["stages"].insert(0, material)
    content["current_stage_id"] = onsite["stage_id"]
    path = folder / "visit.sbp"
    path.write_bytes(build_package(team.office, team.roster_bytes, team.members["R001"].public,
                                   content))
    return path


def test_a_visit_case_opens_on_the_site_visit(qtbot: QtBot, window: MainWindow,
                                              controller: ReviewerController, team: Team,
                                              tmp_path: Path) -> None:
    case = create_case(_visit_package(team, tmp_path), tmp_path / "visit", PASSPHRASE,
                       team.members["R001"], team.office.root_fingerprint, kdf=CHEAP_KDF)
    controller.set_case(case)
    window.show()
    controller.open_applicant("A001")
    page = controller.scorebook
    assert page is not None
    assert page.stage.itemData(0) == "material"
    assert page.stage.currentData() == case.cycle_and_stage()[1] != "material"
    assert page.stage_id == page.stage.currentData()
