"""Mongolian text helpers: runs by script and line breaks only at ordinary spaces."""

from __future__ import annotations

from desktop.i18n.mongolian import (
    MVS,
    NNBSP,
    Script,
    break_opportunities,
    has_mongolian,
    split_runs,
    words,
    wrap,
)

CHINAR_UN = "ᠴᠢᠨᠠᠷ" + NNBSP + "ᠤᠨ"  # "of quality": the suffix joined by NNBSP
ONOO = "ᠣᠨᠤᠭ" + MVS + "ᠠ"  # "score": final -a after MVS


def test_breaks_only_after_ordinary_spaces() -> None:
    text = f"{CHINAR_UN} {ONOO} ᠱᠠᠭᠨᠠᠯ"
    cuts = break_opportunities(text)
    assert cuts == [len(CHINAR_UN) + 1, len(CHINAR_UN) + 1 + len(ONOO) + 1]
    for cut in cuts:
        assert text[cut - 1] == " "
    assert text.index(NNBSP) + 1 not in cuts and text.index(MVS) + 1 not in cuts


def test_nnbsp_and_mvs_never_split_a_word() -> None:
    assert words(f"{CHINAR_UN} {ONOO}") == [CHINAR_UN + " ", ONOO]
    # a narrow measure forces a line per word, but the NNBSP-joined word stays whole
    lines = wrap(f"{CHINAR_UN} {ONOO} {CHINAR_UN}", 1.0, len)
    assert lines == [CHINAR_UN, ONOO, CHINAR_UN]


def test_wrap_fills_lines_greedily_and_keeps_hard_breaks() -> None:
    assert wrap("aa bb cc dd", 5, len) == ["aa bb", "cc dd"]
    assert wrap("aa\nbb", 100, len) == ["aa", "bb"]
    assert wrap("averyveryverylongword x", 5, len) == ["averyveryverylongword", "x"]


def test_split_runs_by_script() -> None:
    runs = split_runs(f"评审 {CHINAR_UN} 2025 年")
    assert [s for s, _ in runs] == [Script.CJK, Script.MONGOLIAN, Script.LATIN, Script.CJK]
    assert runs[1][1].startswith(CHINAR_UN)  # NNBSP stays inside the Mongolian run
    assert "".join(r for _, r in runs) == f"评审 {CHINAR_UN} 2025 年"


def test_joiners_belong_to_mongolian_runs() -> None:
    runs = split_runs(ONOO)
    assert runs == [(Script.MONGOLIAN, ONOO)]
    assert has_mongolian(ONOO) and not has_mongolian("喆堃 ABC")
