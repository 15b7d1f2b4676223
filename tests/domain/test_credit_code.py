"""GB 32100-2015 unified social credit codes: check character, typed problems, demo generator."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import credit_code as cc
from desktop.domain.credit_code import CreditCodeError, CreditCodeProblem

# Published codes (business licences shown on company websites).
KNOWN_VALID = ["91350100M000100Y43", "91110108551385082Q"]


def test_weights_are_powers_of_three_mod_31() -> None:
    assert cc.WEIGHTS[:6] == (1, 3, 9, 27, 19, 26)
    assert len(cc.CHARSET) == 31
    assert not set("IOSVZ") & set(cc.CHARSET)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_published_codes_are_valid(code: str) -> None:
    assert cc.validate(code) == code
    assert cc.is_valid(code)


def test_normalises_full_width_lower_case_and_spaces() -> None:
    assert cc.validate(" ９１３５０１００ｍ０００１００ｙ４３ ") == "91350100M000100Y43"
    assert cc.validate("9135-0100-M000-100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", CreditCodeProblem.EMPTY),
        ("91350100M000100Y4", CreditCodeProblem.LENGTH),
        ("91350100M000100Y433", CreditCodeProblem.LENGTH),
        ("91350100M0001O0Y43", CreditCodeProblem.CHARSET),  # letter O
        ("9135A100M000100Y43", CreditCodeProblem.DIVISION),
        ("91350100M000100Y44", CreditCodeProblem.CHECK),
    ],
)
def test_problems_are_named(code: str, problem: CreditCodeProblem) -> None:
    with pytest.raises(CreditCodeError) as err:
        cc.validate(code)
    assert err.value.problem is problem
    assert err.value.exit_code == 3


def test_check_error_says_what_the_last_character_should_be() -> None:
    with pytest.raises(CreditCodeError) as err:
        cc.validate("91350100M000100Y44")
    assert "'3'" in str(err.value) and "'4'" in str(err.value)


def test_charset_error_names_the_position() -> None:
    with pytest.raises(CreditCodeError) as err:
        cc.validate("91350100M0001O0Y43")
    assert "position 14" in str(err.value)


@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(sorted(cc.DIVISIONS)))
def test_generated_codes_are_valid_and_deterministic(seed: int, division: str) -> None:
    code = cc.generate(seed, division)
    assert code == cc.generate(seed, division)
    assert cc.validate(code, check_org_code=True) == code
    assert code[2:8] == division


@given(st.integers(min_value=0, max_value=2**32), st.integers(0, 16), st.integers(1, 30))
def test_any_single_substitution_is_caught(seed: int, pos: int, shift: int) -> None:
    code = cc.generate(seed)
    ch = cc.CHARSET[(cc.VALUES[code[pos]] + shift) % 31]
    mutated = code[:pos] + ch + code[pos + 1:]
    assert not cc.is_valid(mutated)


def test_a_seeded_stream_gives_distinct_codes() -> None:
    rng = random.Random(7)
    codes = {cc.generate(rng) for _ in range(200)}
    assert len(codes) == 200


def test_org_code_check_is_optional() -> None:
    first17 = "91150200" + "ABCDEFGH" + "1"  # org check char deliberately wrong
    code = first17 + cc.check_character(first17)
    assert cc.validate(code) == code
    with pytest.raises(CreditCodeError) as err:
        cc.validate(code, check_org_code=True)
    assert err.value.problem is CreditCodeProblem.ORG_CHECK
