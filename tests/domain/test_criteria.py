"""The criteria data file and its validating loader."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.criteria import Framework, ItemKind
from desktop.domain.errors import CriteriaError
from desktop.services import catalogue
from desktop.services.files import read_data_file

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ROOT / "resources" / "criteria" / "gbt19580-2012.toml"


@pytest.fixture
def raw() -> dict[str, Any]:
    return tomllib.loads(CRITERIA.read_text(encoding="utf-8"))


def test_shipped_framework_matches_the_reference_table() -> None:
    fw = catalogue.framework()
    assert fw.ref == "gbt19580-2012@2012.1"
    assert fw.total_points == 1000
    assert len(fw.items) == 23
    assert len(fw.categories) == 7
    assert sum(i.points for i in fw.items if i.kind is ItemKind.PROCESS) == 600
    assert sum(i.points for i in fw.items if i.kind is ItemKind.RESULTS) == 400
    assert [i.id for i in fw.items if i.kind is ItemKind.RESULTS] == [
        "4.7.2", "4.7.3", "4.7.4", "4.7.5", "4.7.6", "4.7.7"]
    assert fw.item("4.4.3").points == 15
    assert fw.item("4.1.2").name_zh == "高层领导的作用"
    assert [(b.min_pct, b.max_pct) for b in fw.bands] == [
        (0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]
    for kind in ItemKind:
        assert len(fw.descriptors[kind]) == 6
        assert all(d.zh and d.en for d in fw.descriptors[kind])
    assert fw.dimensions[ItemKind.PROCESS][0] == "方法-展开-学习-整合"
    assert fw.dimensions[ItemKind.RESULTS][0] == "水平-趋势-对比-整合"


def test_shipped_file_agrees_with_the_shared_reference() -> None:
    reference = ROOT.parent / "shared" / "reference" / "gbt19580-2012.yaml"
    if not reference.exists():
        pytest.skip("shared reference not beside the checkout")
    text = reference.read_text(encoding="utf-8")
    fw = catalogue.framework()
    for item in fw.items:
        assert f'id: "{item.id}", category: "{item.category}", name_zh: "{item.name_zh}"' in text
        assert f"points: {item.points}, kind: {item.kind.value}" in text


def test_band_lookup_at_every_step() -> None:
    fw = catalogue.framework()
    expected = {0: 1, 5: 1, 10: 2, 25: 2, 30: 3, 45: 3, 50: 4, 65: 4, 70: 5, 85: 5, 90: 6, 100: 6}
    for pct, band in expected.items():
        assert fw.band_of(pct).number == band


def _refusal(raw: dict[str, Any], tmp_path: Path) -> CriteriaError:
    with pytest.raises(CriteriaError) as info:
        Framework.from_mapping(raw, "broken.toml")
    return info.value


def test_duplicate_item_id_is_refused(raw: dict[str, Any], tmp_path: Path) -> None:
    raw["items"][1]["id"] = raw["items"][0]["id"]
    err = _refusal(raw, tmp_path)
    assert err.file == "broken.toml"
    assert "4.1.2" in err.entry
    assert "duplicate" in err.problem


def test_items_not_summing_to_category_is_refused(raw: dict[str, Any], tmp_path: Path) -> None:
    raw["items"][0]["points"] = 49
    err = _refusal(raw, tmp_path)
    assert err.entry == "categories.4.1"
    assert "109" in err.problem and "110" in err.problem


def test_total_other_than_categories_is_refused(raw: dict[str, Any], tmp_path: Path) -> None:
    raw["total_points"] = 999
    err = _refusal(raw, tmp_path)
    assert err.entry == "total_points"


@pytest.mark.parametrize(
    ("mutate", "entry", "problem"),
    [
        (lambda r: r["items"][3].pop("points"), "items.4.2.2", "missing field 'points'"),
        (lambda r: r["items"][3].update(kind="outcome"), "items.4.2.2", "kind must be"),
        (lambda r: r["items"][3].update(category="9.9"), "items.4.2.2", "unknown category"),
        (lambda r: r["items"][3].update(points="40"), "items.4.2.2", "must be int"),
        (lambda r: r["bands"][2].update(min_pct=35), "bands[2]", "must start at 30%"),
        (lambda r: r.update(step_pct=7), "step_pct", "must divide 100"),
        (lambda r: r.update(schema="other/9"), "schema", "expected"),
        (lambda r: r["descriptors"]["results"].pop("4"), "descriptors.results.4", "band 4"),
        (lambda r: r["categories"].append(copy.deepcopy(r["categories"][0])), "categories[7]",
         "duplicate"),
    ],
)
def test_malformed_entries_name_the_entry_and_problem(
    raw: dict[str, Any], tmp_path: Path, mutate: Any, entry: str, problem: str
) -> None:
    mutate(raw)
    err = _refusal(raw, tmp_path)
    assert err.entry == entry
    assert problem in err.problem
    assert "broken.toml" in str(err)


def test_unparseable_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = "scorebook.criteria/1"\nitems = [', encoding="utf-8")
    with pytest.raises(CriteriaError) as info:
        catalogue.load_framework_file(bad)
    assert str(bad) in str(info.value)
    assert info.value.entry == "(syntax)"


def test_json_with_duplicate_keys_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "dup.json"
    bad.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    with pytest.raises(CriteriaError) as info:
        read_data_file(bad, CriteriaError)
    assert "duplicate key 'a'" in str(info.value)


def test_missing_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError) as info:
        catalogue.load_framework_file(tmp_path / "nope.toml")
    assert "no such file" in str(info.value)
