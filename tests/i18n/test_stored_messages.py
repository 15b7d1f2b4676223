"""Messages stored in the office workspace stay language-neutral and show in the reader's
language: a vote's rule is kept as its template and parameters; rows stored before that (English
text) are matched back to their message and translated; raw stored values are shown by name."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from desktop.domain.messages import N_, Msg
from desktop.i18n import set_language
from desktop.i18n.data_names import APPLICANT_KIND, AUDIENCE, CONFLICT_KIND, label
from desktop.services.office.conflicts import SUGGESTION_TEMPLATES, note_message, note_of
from desktop.services.office.reads import encode_msg, match_template, revive, revive_text
from desktop.services.office.vote import _named_of, _plain
from desktop.ui.office.common import date_text, stored_text

RULE = Msg(N_("pass: {op} {fraction} of {of}; abstentions count in the denominator"),
           {"op": "≥", "fraction": "2/3", "of": "present"})


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh_CN")
    yield
    set_language("en")


def test_a_stored_vote_rule_is_its_template_and_parameters() -> None:
    stored = json.loads(json.dumps(_plain({"rule": _named_of(RULE), "notes": [RULE]})))
    assert stored["rule"]["msgid"] == RULE.template
    assert stored["rule"]["params"]["of"] == {"msgid": "the members present", "params": {}}
    back = revive(stored)
    assert isinstance(back["rule"], Msg) and back["rule"] == _named_of(RULE)
    assert back["rule"].render() == ("pass: ≥ 2/3 of the members present; abstentions count in "
                                     "the denominator")


def test_the_rule_shows_in_chinese(chinese: None) -> None:
    text = stored_text(revive(encode_msg(_named_of(RULE))))
    assert "出席委员" in text and "pass" not in text and "present" not in text


def test_an_old_english_rule_is_matched_back_and_translated(chinese: None) -> None:
    text = stored_text("pass: ≥ 2/3 of present; abstentions count in the denominator")
    assert "出席委员" in text and "2/3" in text and "pass" not in text


def test_an_old_english_refusal_is_translated(chinese: None) -> None:
    text = stored_text("The file is damaged or was altered: its content does not decrypt")
    assert text and text.isascii() is False and "damaged" not in text


def test_a_person_s_words_stay_as_written(chinese: None) -> None:
    assert stored_text("Met the CEO at a fair in 2023") == "Met the CEO at a fair in 2023"
    assert stored_text("核实后认为无关") == "核实后认为无关"


def test_a_conflict_note_from_a_suggestion_is_a_message() -> None:
    reason = Msg(N_("{reason}; relationship ended in {year}"),
                 {"reason": Msg(SUGGESTION_TEMPLATES[0], {"code": "911502007014000000",
                                                          "organisation": "包头某公司"}),
                  "year": 2024})
    assert revive_text(note_of(reason)) == Msg(reason.template, {
        "reason": reason.params["reason"], "year": 2024})
    old = note_message(reason.render())  # stored as English text by older versions
    assert isinstance(old, Msg) and old.template == reason.template
    assert isinstance(old.params["reason"], Msg)
    assert old.params["reason"].params["organisation"] == "包头某公司"
    assert note_message("a note a person wrote") == "a note a person wrote"


def test_no_template_matches_nothing() -> None:
    assert match_template("hello", SUGGESTION_TEMPLATES) is None


def test_raw_values_have_names(chinese: None) -> None:
    assert label(APPLICANT_KIND, "organisation") != "organisation"
    assert label(CONFLICT_KIND, "employment") != "employment"
    assert label(AUDIENCE, "internal") == "内部"
    assert label(CONFLICT_KIND, "unknown-kind") == "unknown-kind"
    assert label(CONFLICT_KIND, None) == "—"


def test_dates_in_the_interface_language(chinese: None) -> None:
    assert date_text("2026-05-04") == "2026年5月4日"
    assert date_text(None) == "—"
