"""A scoring framework (GB/T 19580-2012 and its kind) built from data and validated.

``Framework.from_mapping`` takes an already-parsed mapping (TOML/JSON) and the name of the file it
came from, so that every refusal names the file, the entry and the problem.

Names and descriptors are in Chinese and English; Traditional Mongolian (``name_mn``, ``mn``,
``dimensions_mn``) is optional, but where given it must be written in Mongolian script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.domain.errors import CriteriaError, NotFound, ScoreValueError
from desktop.domain.messages import N_, Msg

SCHEMA = "scorebook.criteria/1"


class ItemKind(StrEnum):
    PROCESS = "process"
    RESULTS = "results"


@dataclass(frozen=True)
class Band:
    number: int
    min_pct: int
    max_pct: int

    def contains(self, pct: int) -> bool:
        return self.min_pct <= pct <= self.max_pct


@dataclass(frozen=True)
class Descriptor:
    """A short description of one band for one item kind, in Chinese and English (and Mongolian)."""

    band: int
    zh: str
    en: str
    mn: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name_zh: str
    name_en: str
    points: int
    name_mn: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    name_zh: str
    name_en: str
    points: int
    kind: ItemKind
    name_mn: str | None = None


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    standard: str
    guide: str
    name_zh: str
    name_en: str
    total_points: int
    step_pct: int
    bands: tuple[Band, ...]
    categories: tuple[Category, ...]
    items: tuple[Item, ...]
    descriptors: Mapping[ItemKind, tuple[Descriptor, ...]]
    dimensions: Mapping[ItemKind, tuple[str, str]]
    name_mn: str | None = None
    dimensions_mn: Mapping[ItemKind, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """The id and version every score records, e.g. ``gbt19580-2012@2012.1``."""
        return f"{self.id}@{self.version}"

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise NotFound(Msg(N_("Unknown criteria item {item}"), {"item": item_id}))

    def has_item(self, item_id: str) -> bool:
        return any(it.id == item_id for it in self.items)

    def items_of(self, category_id: str) -> tuple[Item, ...]:
        return tuple(it for it in self.items if it.category == category_id)

    def band_of(self, pct: int) -> Band:
        for band in self.bands:
            if band.contains(pct):
                return band
        raise ScoreValueError(
            Msg(N_("{pct}% lies in no band (multiples of {step} from 0 to 100)"),
                {"pct": pct, "step": self.step_pct})
        )

    def descriptor(self, kind: ItemKind, band: int) -> Descriptor:
        return next(d for d in self.descriptors[kind] if d.band == band)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str) -> Framework:
        return _parse(data, source)


# --- parsing and validation -------------------------------------------------------------------


def _fail(source: str, entry: str, problem: str, **params: Any) -> CriteriaError:
    return CriteriaError(source, entry, problem, **params)


def _req(data: Mapping[str, Any], key: str, typ: type, source: str, entry: str) -> Any:
    if key not in data:
        raise _fail(source, entry, N_("missing field '{field}'"), field=key)
    value = data[key]
    if (typ is int and isinstance(value, bool)) or not isinstance(value, typ):
        raise _fail(source, entry, N_("field '{field}' must be {type}"), field=key,
                    type=typ.__name__)
    if isinstance(value, str) and not value.strip():
        raise _fail(source, entry, N_("field '{field}' is empty"), field=key)
    return value


def _mongolian(c: str) -> bool:
    return "\u1820" <= c <= "\u18af"


def _opt_mn(data: Mapping[str, Any], key: str, source: str, entry: str) -> str | None:
    """An optional Traditional Mongolian text: absent, or a non-empty string in Mongolian script."""
    if key not in data:
        return None
    value = _req(data, key, str, source, entry)
    if not any(_mongolian(c) for c in value):
        raise _fail(source, entry, N_("field '{field}' must be written in Mongolian script"),
                    field=key)
    return str(value)


def _parse(data: Mapping[str, Any], source: str) -> Framework:
    if not isinstance(data, Mapping):
        raise _fail(source, "(file)", N_("not a table of fields"))
    schema = data.get("schema")
    if schema != SCHEMA:
        raise _fail(source, "schema", N_("expected '{expected}', found '{found}'"),
                    expected=SCHEMA, found=schema)
    top = "(file)"
    total = _req(data, "total_points", int, source, top)
    step = _req(data, "step_pct", int, source, top)
    if step <= 0 or 100 % step:
        raise _fail(source, "step_pct", N_("step {step} must divide 100"), step=step)

    bands = _parse_bands(data, source, step)
    categories = _parse_categories(data, source)
    items = _parse_items(data, source, {c.id for c in categories})
    for cat in categories:
        got = sum(it.points for it in items if it.category == cat.id)
        if got != cat.points:
            raise _fail(source, f"categories.{cat.id}",
                        N_("items add up to {got} points, the category has {points}"),
                        got=got, points=cat.points)
    cat_total = sum(c.points for c in categories)
    if cat_total != total:
        raise _fail(source, "total_points",
                    N_("categories add up to {got}, total_points says {total}"),
                    got=cat_total, total=total)
    descriptors, dimensions, dimensions_mn = _parse_descriptors(data, source, bands)
    return Framework(
        id=_req(data, "id", str, source, top),
        version=_req(data, "version", str, source, top),
        standard=_req(data, "standard", str, source, top),
        guide=str(data.get("guide", "")),
        name_zh=_req(data, "name_zh", str, source, top),
        name_en=_req(data, "name_en", str, source, top),
        total_points=total,
        step_pct=step,
        bands=bands,
        categories=categories,
        items=items,
        descriptors=descriptors,
        dimensions=dimensions,
        name_mn=_opt_mn(data, "name_mn", source, top),
        dimensions_mn=dimensions_mn,
    )


def _table_list(data: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise _fail(source, key, N_("missing or empty list '{field}'"), field=key)
    for i, entry in enumerate(value):
        if not isinstance(entry, Mapping):
            raise _fail(source, f"{key}[{i}]", N_("not a table of fields"))
    return value


def _parse_bands(data: Mapping[str, Any], source: str, step: int) -> tuple[Band, ...]:
    bands = []
    expected_min = 0
    for i, raw in enumerate(_table_list(data, "bands", source)):
        entry = f"bands[{i}]"
        band = Band(
            _req(raw, "band", int, source, entry),
            _req(raw, "min_pct", int, source, entry),
            _req(raw, "max_pct", int, source, entry),
        )
        if band.number != i + 1:
            raise _fail(source, entry, N_("bands must be numbered 1, 2, … in order"))
        if band.min_pct != expected_min or band.max_pct < band.min_pct:
            raise _fail(source, entry, N_("band {band} must start at {pct}% and not end before it"),
                        band=band.number, pct=expected_min)
        if band.min_pct % step or band.max_pct % step:
            raise _fail(source, entry, N_("band limits must be multiples of the step {step}"),
                        step=step)
        expected_min = band.max_pct + step
        bands.append(band)
    if bands[-1].max_pct != 100:
        raise _fail(source, "bands", N_("the last band must end at 100%"))
    return tuple(bands)


def _parse_categories(data: Mapping[str, Any], source: str) -> tuple[Category, ...]:
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(_table_list(data, "categories", source)):
        entry = f"categories[{i}]"
        cat = Category(
            _req(raw, "id", str, source, entry),
            _req(raw, "name_zh", str, source, entry),
            _req(raw, "name_en", str, source, entry),
            _req(raw, "points", int, source, entry),
            _opt_mn(raw, "name_mn", source, entry),
        )
        if cat.id in seen:
            raise _fail(source, entry, N_("duplicate id '{id}'"), id=cat.id)
        if cat.points <= 0:
            raise _fail(source, entry, N_("points must be positive"))
        seen.add(cat.id)
        out.append(cat)
    return tuple(out)


def _parse_items(data: Mapping[str, Any], source: str, categories: set[str]) -> tuple[Item, ...]:
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(_table_list(data, "items", source)):
        entry = f"items[{i}]"
        item_id = _req(raw, "id", str, source, entry)
        entry = f"items.{item_id}"
        if item_id in seen:
            raise _fail(source, entry, N_("duplicate id '{id}'"), id=item_id)
        category = _req(raw, "category", str, source, entry)
        if category not in categories:
            raise _fail(source, entry, N_("unknown category '{category}'"), category=category)
        kind_raw = _req(raw, "kind", str, source, entry)
        try:
            kind = ItemKind(kind_raw)
        except ValueError:
            raise _fail(source, entry, N_("kind must be 'process' or 'results', not '{kind}'"),
                        kind=kind_raw) from None
        points = _req(raw, "points", int, source, entry)
        if points <= 0:
            raise _fail(source, entry, N_("points must be positive"))
        seen.add(item_id)
        out.append(Item(item_id, category, _req(raw, "name_zh", str, source, entry),
                        _req(raw, "name_en", str, source, entry), points, kind,
                        _opt_mn(raw, "name_mn", source, entry)))
    return tuple(out)


def _parse_descriptors(
    data: Mapping[str, Any], source: str, bands: tuple[Band, ...]
) -> tuple[dict[ItemKind, tuple[Descriptor, ...]], dict[ItemKind, tuple[str, str]],
           dict[ItemKind, str]]:
    raw_all = data.get("descriptors")
    if not isinstance(raw_all, Mapping):
        raise _fail(source, "descriptors", N_("missing table 'descriptors'"))
    descriptors: dict[ItemKind, tuple[Descriptor, ...]] = {}
    dimensions: dict[ItemKind, tuple[str, str]] = {}
    dimensions_mn: dict[ItemKind, str] = {}
    for kind in ItemKind:
        entry = f"descriptors.{kind.value}"
        raw = raw_all.get(kind.value)
        if not isinstance(raw, Mapping):
            raise _fail(source, entry, N_("missing table"))
        dimensions[kind] = (_req(raw, "dimensions_zh", str, source, entry),
                            _req(raw, "dimensions_en", str, source, entry))
        mn = _opt_mn(raw, "dimensions_mn", source, entry)
        if mn is not None:
            dimensions_mn[kind] = mn
        found = []
        for band in bands:
            text = raw.get(str(band.number))
            if not isinstance(text, Mapping):
                raise _fail(source, f"{entry}.{band.number}",
                            N_("missing descriptor for band {band}"), band=band.number)
            where = f"{entry}.{band.number}"
            found.append(Descriptor(band.number, _req(text, "zh", str, source, where),
                                    _req(text, "en", str, source, where),
                                    _opt_mn(text, "mn", source, where)))
        descriptors[kind] = tuple(found)
    return descriptors, dimensions, dimensions_mn
