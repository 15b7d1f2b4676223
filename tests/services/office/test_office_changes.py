"""OfficeChanges: union, intersection, what a page watching some areas is told."""

from desktop.services.office.changes import (
    EVERYTHING,
    NOTHING,
    RANKING_INPUTS,
    Done,
    OfficeChanges,
)


def test_union_and_intersection() -> None:
    a = OfficeChanges(applicants=True)
    b = OfficeChanges(votes=True)
    assert (a | b).areas == ("applicants", "votes")
    assert not (a & b).any
    assert (EVERYTHING & a) == a
    assert NOTHING.areas == ()


def test_a_page_is_told_only_of_what_it_watches() -> None:
    ranking_page = RANKING_INPUTS
    assert OfficeChanges(bundles=True).touches(ranking_page)
    assert not OfficeChanges(materials=True).touches(ranking_page)
    assert not NOTHING.touches(EVERYTHING)
    assert EVERYTHING.touches(OfficeChanges(history=True))


def test_done_carries_result_and_changes() -> None:
    done = Done(3, OfficeChanges(notices=True))
    assert done.result == 3 and done.changes.notices and not done.changes.votes
