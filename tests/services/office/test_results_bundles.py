"""The held bundles' operations say what they changed: an import and a fork's resolution return
``Done`` with the bundles (and the findings derived from them) touched, nothing else — so the
pages that show the applicants, the people or the votes are not read again; verifying the held
bundles again changes only the history."""

from __future__ import annotations

from pathlib import Path

from desktop.services.office import merge, results_bundles
from desktop.services.office.changes import RANKING_INPUTS, OfficeChanges
from desktop.services.office.workspace import Workspace
from tests.services.office.helpers import bundle, small_cycle, write


def test_an_import_and_a_fork_resolved_say_what_changed(ws: Workspace, tmp_path: Path) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    one = write(tmp_path, "one.sbb", bundle(small, "R2", "material", ids, 1, seed=1))
    two = write(tmp_path, "two.sbb", bundle(small, "R2", "material", ids, 2, seed=2))
    other = write(tmp_path, "two-b.sbb", bundle(small, "R2", "material", ids, 2, seed=3))

    done = results_bundles.import_bundles(ws, [one, two, other])
    assert [f.outcome for f in done.result.files] == ["new", "updated", "fork"]
    assert done.changes.bundles and done.changes.touches(RANKING_INPUTS)
    assert done.changes.notices  # the field's supervision feedback is derived too
    assert not done.changes.touches(OfficeChanges(applicants=True, people=True, votes=True,
                                                  settings=True, packages=True))

    resolved = results_bundles.resolve_fork(ws, "two-b.sbb", "评审员确认第二次导出为准")
    assert resolved.result.chosen == next(s.content_hash for s in resolved.result.sides
                                          if s.file == "two-b.sbb")
    assert resolved.result == merge.list_forks(ws)[0]
    assert resolved.changes.bundles and not resolved.changes.people

    verified = results_bundles.verify_held(ws)  # a check: only its line in the history
    assert verified.result.ok and len(verified.result.bundles) == 3
    assert verified.changes == OfficeChanges(history=True)
