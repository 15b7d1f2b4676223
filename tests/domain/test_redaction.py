"""Trade-secret redaction: marks, declared passages, propagation into quoting comments."""

from __future__ import annotations

import pytest

from desktop.domain.errors import InputRejected
from desktop.domain.redaction import (
    MARKER,
    Audience,
    Mark,
    Secrets,
    field_key,
    leaks,
    redact,
    redact_fields,
    secret_spans,
)

SECRET = "P507萃取线第三级逆流比控制在1比4.6"
FIELD = field_key("4.5.2", "strengths")
EXT, INT = Audience.EXTERNAL, Audience.INTERNAL


def test_internal_copies_keep_everything() -> None:
    text = f"现场查看：{SECRET}。"
    assert redact(text, FIELD, Secrets((SECRET,)), INT).text == text


def test_declared_passage_quoted_in_a_comment_is_removed_unmarked() -> None:
    text = f"现场查看：{SECRET}，过程稳定。"
    out = redact(text, FIELD, Secrets((SECRET,)), EXT)
    assert SECRET not in out.text and out.text == f"现场查看：{MARKER}，过程稳定。"


def test_quote_after_whitespace_and_full_width_folding_is_removed() -> None:
    quoted = "Ｐ５０７萃取线 第三级\n逆流比控制在１比４.６"
    out = redact(f"记录显示{quoted}。", FIELD, Secrets((SECRET,)), EXT).text
    assert "萃取线" not in out and "逆流比" not in out and MARKER in out


def test_partial_quote_of_eight_han_characters_counts() -> None:
    quote = "报告提到第三级逆流比控制在一定范围。"  # quotes 9 characters
    out = redact(quote, FIELD, Secrets((SECRET,)), EXT).text
    assert "第三级逆流比" not in out and MARKER in out


def test_short_common_words_do_not_trigger() -> None:
    secret = "采用质量管理体系中的专有配方X-17进行生产"
    text = "质量管理体系运行有效，生产稳定。"  # shares short common words only
    assert redact(text, FIELD, Secrets((secret,)), EXT).text == text


def test_reviewer_marks_apply_to_their_field_only() -> None:
    text = "与包钢签订的长协价格未说明。"
    secrets = Secrets(marks=(Mark(FIELD, 0, 10),))
    assert redact(text, FIELD, secrets, EXT).text == MARKER + "未说明。"
    other = field_key("4.5.2", "improvements")
    assert redact(text, other, secrets, EXT).text == text


def test_marker_length_is_fixed_whatever_the_passage() -> None:
    short = redact("ABCDEFGH xyz", FIELD, Secrets(marks=(Mark(FIELD, 0, 2),)), EXT).text
    long = redact("ABCDEFGH xyz", FIELD, Secrets(marks=(Mark(FIELD, 0, 8),)), EXT).text
    assert short == MARKER + "CDEFGH xyz" and long == MARKER + " xyz"
    assert len(redact("x" * 500, FIELD, Secrets(marks=(Mark(FIELD, 0, 500),)), EXT).text) == \
        len(MARKER)


def test_overlapping_spans_merge_and_marks_are_clipped() -> None:
    text = f"甲{SECRET}乙"
    secrets = Secrets((SECRET,), (Mark(FIELD, 0, 5), Mark(FIELD, 3, 9999)))
    assert secret_spans(text, FIELD, secrets) == [(0, len(text))]
    assert redact(text, FIELD, secrets, EXT, marker="[X]").text == "[X]"


def test_invalid_mark_is_rejected() -> None:
    with pytest.raises(InputRejected):
        Mark(FIELD, 5, 2)


def test_redact_fields_and_leak_check() -> None:
    fields = {FIELD: f"见{SECRET}", "other": "无"}
    out = redact_fields(fields, Secrets((SECRET,)), EXT)
    assert not leaks(list(out.values()), Secrets((SECRET,)))
    assert leaks(list(fields.values()), Secrets((SECRET,)))


def test_single_character_declaration_is_ignored() -> None:
    assert redact("质量第一", FIELD, Secrets(("质",)), EXT).text == "质量第一"
