"""Traditional Mongolian names in the data files: every criteria name, descriptor, programme, award
and stage has one; the loaders keep them optional but refuse an empty or non-Mongolian one."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.criteria import Framework, ItemKind
from desktop.domain.errors import CriteriaError, ProgrammeError
from desktop.domain.programme_parser import parse_programme
from desktop.services import catalogue
from desktop.services.programmes import list_programmes

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ROOT / "resources" / "criteria" / "gbt19580-2012.toml"
PROGRAMME = ROOT / "resources" / "programmes" / "nmg-chairman.toml"
NNBSP = "\u202f"
SUFFIXES = ("ᠤᠨ", "ᠦᠨ", "ᠶᠢᠨ", "ᠶᠢ", "ᠳᠤ", "ᠳᠦ", "ᠲᠠᠢ", "ᠲᠡᠢ", "ᠪᠠᠷ", "ᠤ", "ᠢ")


def mongolian(text: str | None) -> bool:
    return bool(text) and any("\u1820" <= c <= "\u18af" for c in text or "")


def no_suffix_after_a_plain_space(text: str) -> bool:
    words = text.replace("᠂", " ").replace("᠃", " ").split(" ")
    return not any(w in SUFFIXES for w in words[1:])


def test_every_criteria_name_and_descriptor_has_mongolian() -> None:
    fw = catalogue.framework()
    names = [fw.name_mn, *(c.name_mn for c in fw.categories), *(i.name_mn for i in fw.items)]
    names += [d.mn for kind in ItemKind for d in fw.descriptors[kind]]
    names += [fw.dimensions_mn[kind] for kind in ItemKind]
    assert len(names) == 1 + 7 + 23 + 12 + 2
    assert all(mongolian(n) for n in names)
    assert all(no_suffix_after_a_plain_space(n or "") for n in names)
    assert NNBSP in (fw.item("4.1.2").name_mn or "")


def test_every_programme_award_and_stage_has_mongolian() -> None:
    programmes = list_programmes()
    assert len(programmes) == 5
    for p in programmes:
        names = [p.name_mn, *(a.name_mn for a in p.awards), *(s.name_mn for s in p.stages)]
        assert all(mongolian(n) for n in names), p.id
        assert all(no_suffix_after_a_plain_space(n or "") for n in names), p.id


def test_the_files_say_the_mongolian_awaits_native_review() -> None:
    assert "AWAITING NATIVE REVIEW" in CRITERIA.read_text(encoding="utf-8")
    for path in (ROOT / "resources" / "programmes").glob("*.toml"):
        if path.name != "TEMPLATE.toml":
            assert "AWAITING NATIVE REVIEW" in path.read_text(encoding="utf-8"), path.name


@pytest.fixture
def criteria() -> dict[str, Any]:
    return tomllib.loads(CRITERIA.read_text(encoding="utf-8"))


def test_mongolian_is_optional_in_the_criteria(criteria: dict[str, Any]) -> None:
    data = copy.deepcopy(criteria)
    del data["name_mn"], data["items"][0]["name_mn"], data["categories"][0]["name_mn"]
    del data["descriptors"]["process"]["1"]["mn"], data["descriptors"]["process"]["dimensions_mn"]
    fw = Framework.from_mapping(data, "x.toml")
    assert fw.name_mn is None and fw.items[0].name_mn is None
    assert fw.categories[0].name_mn is None
    assert fw.descriptor(ItemKind.PROCESS, 1).mn is None
    assert ItemKind.PROCESS not in fw.dimensions_mn and ItemKind.RESULTS in fw.dimensions_mn


@pytest.mark.parametrize(("path", "value", "problem"), [
    (("items", 0, "name_mn"), "", "is empty"),
    (("items", 0, "name_mn"), 5, "must be str"),
    (("categories", 2, "name_mn"), "Leadership", "Mongolian script"),
    (("descriptors", "results", "3", "mn"), "领导", "Mongolian script"),
    (("descriptors", "process", "dimensions_mn"), "  ", "is empty"),
])
def test_criteria_mongolian_is_validated(criteria: dict[str, Any], path: tuple[Any, ...],
                                         value: object, problem: str) -> None:
    data = copy.deepcopy(criteria)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CriteriaError) as err:
        Framework.from_mapping(data, "bad.toml")
    assert problem in str(err.value.message.render(lambda s: s))


@pytest.fixture
def programme() -> dict[str, Any]:
    return tomllib.loads(PROGRAMME.read_text(encoding="utf-8"))


def test_programme_mongolian_is_optional(programme: dict[str, Any]) -> None:
    data = copy.deepcopy(programme)
    del data["name_mn"], data["stages"][0]["name_mn"], data["awards"][0]["name_mn"]
    p = parse_programme(data, "x.toml")
    assert p.name_mn is None and p.stages[0].name_mn is None and p.awards[0].name_mn is None
    assert p.stages[1].name_mn


@pytest.mark.parametrize("where", ["top", "stage", "award"])
def test_programme_mongolian_is_validated(programme: dict[str, Any], where: str) -> None:
    data = copy.deepcopy(programme)
    table = {"top": data, "stage": data["stages"][2], "award": data["awards"][0]}[where]
    table["name_mn"] = "Chairman"
    with pytest.raises(ProgrammeError) as err:
        parse_programme(data, "bad.toml")
    assert "Mongolian script" in str(err.value.message.render(lambda s: s))
    table["name_mn"] = ""
    with pytest.raises(ProgrammeError):
        parse_programme(data, "bad.toml")
