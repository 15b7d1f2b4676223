"""The merged state's decisions-in-waiting, kept at each derive (issue 26).

Reading the ranking, the unresolved list, the forks or the chain breaks needs what the merge of
every held bundle finds: the chain breaks (bundles waiting for a person to choose a chain) and,
for each unresolved fork, the revision in force meanwhile. Merging again on every read parses
every held bundle's manifest (seconds at office scale), so ``_derive`` (every merge,
``rederive``, a fork or chain chosen, a key revoked or decided) keeps them in ``derived_state``
with a fingerprint of EVERY input that derive read: the held bundles, the cycle's keyed settings
(fork and chain choices, admissions, revoked keys' decisions), the applicants, teams and
assignments, the conflicts, the key revocations, the disqualifications and the packages'
site-visit issues, and this module's version. A reader computes the fingerprint again (a few
small queries, no manifest) and uses the kept state only when it matches; otherwise
``chains.merged`` derives in memory as before (nothing is written by a reader), so the
answers are the same whatever changed without a derive (a conflict or an assignment recorded
since the last merge).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import String, and_, bindparam, cast, delete, func, select
from sqlalchemy.orm import Session

from desktop.domain.chains import ChainBreak
from desktop.domain.merge import BundleKey, MergedState, RecordId
from desktop.models.office.people import (
    Applicant,
    Assignment,
    KeyRevocation,
    Team,
    TeamMember,
)
from desktop.models.office.review import (
    Conflict,
    DerivedState,
    ItemScore,
    ItemSpread,
    PackageIssue,
    PanelScore,
    ReceivedBundle,
    SheetTotal,
)
from desktop.models.office.rules import Disqualification
from desktop.models.office.setup import Cycle, CycleSetting
from desktop.services.office import inputs_memo
from desktop.services.office.bulk import insert_rows
from desktop.services.office.row_ids import ordered_ids

_STORED = "scorebook.derived_inputs"  # in Session.info: (cycle id, the inputs kept)
_READ = "scorebook.inputs_read"  # in Session.info: (cycle id, the inputs ``kept`` read)
VERSION = "1"  # bump when the merge's rules change what a derive finds (with the app's version)


def _hash_rows(rows: tuple[str, ...]) -> bytes:
    h = hashlib.sha256(f"{len(rows)}\n".encode("ascii"))
    h.update("\n".join(rows).encode("utf-8"))  # a row's text holds no newline (a repr)
    return h.digest()


@dataclass(frozen=True)
class Inputs:
    """What ``fingerprint`` hashes, as read: the cycle's header and each input's rows (each row
    as the database's own text of its columns, sorted), and a hash of each input's rows."""

    header: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]  # the held bundles' rows first (``with_bundles``)
    hashes: tuple[bytes, ...] = field(default=(), compare=False, repr=False)  # of each source

    def __post_init__(self) -> None:
        if len(self.hashes) != len(self.sources):
            object.__setattr__(self, "hashes", tuple(map(_hash_rows, self.sources)))

    def digest(self) -> str:
        return hashlib.sha256(repr(self.header).encode("utf-8") + b"".join(self.hashes)
                              ).hexdigest()

    def beside_bundles(self) -> str:
        """A hash of every input but the held bundles: the cycle's set-up, as the merge's
        context (``office.held.context``) reads it."""
        return hashlib.sha256(repr(self.header).encode("utf-8") + b"".join(self.hashes[1:])
                              ).hexdigest()

    def bundle_shas(self) -> frozenset[str] | None:
        """The held bundles' file hashes, from their rows as read (the first column; None: a
        row's text is not as expected — then the caller reads them)."""
        out = []
        for row in self.sources[0]:
            if row[:2] != "('" or row[66:69] != "', ":
                return None
            out.append(row[2:66])
        return frozenset(out)

    def applicant_ids(self) -> set[str] | None:
        """The cycle's applicants' ids (``str`` of each UUID), from their rows as read (None:
        a row's text is not as expected — then the caller reads them)."""
        out = set()
        for row in self.sources[2]:
            if row[:2] != "('" or row[-3:] != "',)":
                return None
            try:
                out.add(str(uuid.UUID(row[2:-3])))
            except ValueError:
                return None
        return out

    def with_bundles(self, s: Session, cycle: Cycle, added: Collection[str]) -> Inputs:
        """These inputs after the held bundles whose file hashes are ``added`` were stored (and
        nothing else a derive reads changed: the merge's own import)."""
        if not added:
            return self
        columns, where = _sources(cycle)[0]
        new = _rows(s, columns, and_(where, ReceivedBundle.sha256.in_(sorted(added))))
        bundles = tuple(sorted((*self.sources[0], *new)))
        return Inputs(self.header, (bundles, *self.sources[1:]),
                      (_hash_rows(bundles), *self.hashes[1:]))


@dataclass(frozen=True)
class Kept:
    """What the ranking's readers need of the merged state."""

    breaks: tuple[ChainBreak, ...]
    # file name of each held record (the last by file hash), read with the state (not kept)
    names: dict[RecordId, str]
    fallback: dict[tuple[BundleKey, int], int | None]  # unresolved fork -> revision in force
    # item scores, panel scores and refused sheets held after that derive (None: not kept)
    counts: tuple[int, int, int] | None = field(default=None, compare=False)
    # the inputs as read when this state was found current (None: not read)
    inputs: Inputs | None = field(default=None, compare=False, repr=False)


def _sources(cycle: Cycle) -> list[tuple[Sequence[Any], Any]]:
    return _source_exprs(cycle.id)


def _source_exprs(cid: Any) -> list[tuple[Sequence[Any], Any]]:
    """Each input's columns and rows, of the cycle ``cid`` (its id, or a bound parameter)."""
    apps = select(Applicant.id).where(Applicant.cycle_id == cid)
    return [
        ((ReceivedBundle.sha256, ReceivedBundle.content_hash, ReceivedBundle.kind,
          ReceivedBundle.signer_id, ReceivedBundle.stage_id, ReceivedBundle.revision,
          ReceivedBundle.file_name, ReceivedBundle.signer_fp, ReceivedBundle.received_at),
         ReceivedBundle.cycle_id == cid),
        # the settings a derive reads are keyed by what they decide (fork., chain., admitted.,
        # revoked. …); the office's plain settings (weights, divergence …) feed no merge, and
        # changing them must not cost the ranking a merge
        ((CycleSetting.key, CycleSetting.value),
         and_(CycleSetting.cycle_id == cid, CycleSetting.key.contains(".", autoescape=True))),
        ((Applicant.id,), Applicant.cycle_id == cid),
        ((Assignment.applicant_id, Assignment.team_id), Assignment.applicant_id.in_(apps)),
        (tuple(Team.__table__.c), None),
        (tuple(TeamMember.__table__.c), None),
        (tuple(Conflict.__table__.c), Conflict.applicant_id.in_(apps)),
        ((KeyRevocation.reviewer_id, KeyRevocation.fingerprint, KeyRevocation.learnt_at,
          KeyRevocation.trusted_revision, KeyRevocation.revoked_at), None),
        (tuple(Disqualification.__table__.c), Disqualification.cycle_id == cid),
        ((PackageIssue.reviewer_id, PackageIssue.site_issues, PackageIssue.issued_at),
         PackageIssue.cycle_id == cid),
    ]


def _select(columns: Sequence[Any], where: Any) -> Any:
    query = select(*(cast(c, String) for c in columns))
    return query if where is None else query.where(where)


def _rows(s: Session, columns: Sequence[Any], where: Any) -> list[str]:
    """Each row of ``columns`` as the database's own text of each column (no uuid, date or
    number object made per row), as one string."""
    return [repr(tuple(row)) for row in s.connection().execute(_select(columns, where))]


_CYCLE = bindparam("derived_cycle_id", type_=Cycle.__table__.c.id.type)
# dialect name -> each source's SQL, whether positional, its parameters' names in order, the
# values bound at compile time and each parameter's processor (the SQL is the same for every
# cycle: the cycle is a parameter)
_Compiled = tuple[str, bool, tuple[str, ...], dict[str, Any], dict[str, Any]]
_compiled: dict[tuple[str, str], tuple[_Compiled, ...]] = {}


def _statements(dialect: Any) -> tuple[_Compiled, ...]:
    key = (dialect.name, dialect.paramstyle)
    found = _compiled.get(key)
    if found is None:
        made = []
        for columns, where in _source_exprs(_CYCLE):
            comp = _select(columns, where).compile(dialect=dialect)
            fixed = comp.construct_params({_CYCLE.key: None})  # keyed by the names rendered
            names = tuple(comp.positiontup or ()) if comp.positional else tuple(fixed)
            procs = {comp.escaped_bind_names.get(name, name):
                     dialect.type_descriptor(bind.type).bind_processor(dialect)
                     for bind, name in comp.bind_names.items()}
            made.append((comp.string, comp.positional, names, fixed, procs))
        found = _compiled[key] = tuple(made)
    return found


def _source_rows(s: Session, cycle: Cycle) -> list[list[str]]:
    """What ``_rows`` reads for each source, read through the driver's cursor: the same
    statements, compiled once per dialect, and the same text of each row (``repr`` of the
    tuple of the columns' text), without a SQLAlchemy row per row read."""
    conn = s.connection()
    raw = conn.connection  # the DBAPI connection of this unit of work, in its transaction
    out = []
    for sql, positional, names, fixed, procs in _statements(conn.dialect):
        values = {}
        for name in names:
            value = cycle.id if name == _CYCLE.key else fixed[name]
            process = procs.get(name)
            values[name] = value if process is None else process(value)
        params: Any = tuple(values[n] for n in names) if positional else values
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            out.append(list(map(repr, cursor.fetchall())))
        finally:
            cursor.close()
    return out


def _header(cycle: Cycle) -> tuple[str, ...]:
    from desktop import __version__

    return (VERSION, __version__, cycle.programme_id, cycle.framework_ref)


def inputs(s: Session, cycle: Cycle) -> Inputs:
    """Every input a derive of ``cycle`` reads (never a manifest or a file's bytes: a bundle is
    named by its file hash)."""
    s.flush()  # the rows are read through the driver: nothing pending left behind
    return Inputs(_header(cycle), tuple(tuple(sorted(rows)) for rows in _source_rows(s, cycle)))


def current_inputs(s: Session, cycle: Cycle) -> Inputs:
    """``inputs``, or those a merge kept when the database has not changed since it committed
    (``office.inputs_memo``: SQLite's own change counters say so, exactly)."""
    s.flush()
    found = inputs_memo.recall(s, cycle.id, _header(cycle))
    return found if found is not None else inputs(s, cycle)


def inputs_read(s: Session, cycle: Cycle) -> Inputs:
    """The inputs as ``kept`` read them in this unit of work when it found the kept state not
    current (call before writing anything), else read now."""
    found = s.info.pop(_READ, None)
    return found[1] if found is not None and found[0] == cycle.id else \
        current_inputs(s, cycle)


def stored_inputs(s: Session, cycle: Cycle) -> Inputs | None:
    """The inputs this unit of work kept the state with (``_store``), if it did for ``cycle``."""
    found = s.info.get(_STORED)
    return found[1] if found is not None and found[0] == cycle.id else None


def inputs_plain(s: Session, cycle: Cycle) -> Inputs:
    """``inputs`` read through SQLAlchemy's rows, source by source (the reference the tests
    compare ``inputs`` with)."""
    from desktop import __version__

    s.flush()
    return Inputs((VERSION, __version__, cycle.programme_id, cycle.framework_ref),
                  tuple(tuple(sorted(_rows(s, columns, where)))
                        for columns, where in _sources(cycle)))


def fingerprint(s: Session, cycle: Cycle) -> str:
    """A hash of every input a derive of ``cycle`` reads."""
    return inputs(s, cycle).digest()


def _names(s: Session, cycle: Cycle) -> dict[RecordId, str]:
    return {(rid, stage, kind, rev, content): name
            for rid, stage, kind, rev, content, name in s.connection().execute(
                select(ReceivedBundle.signer_id, ReceivedBundle.stage_id, ReceivedBundle.kind,
                       ReceivedBundle.revision, ReceivedBundle.content_hash,
                       ReceivedBundle.file_name)
                .where(ReceivedBundle.cycle_id == cycle.id).order_by(ReceivedBundle.sha256))}


def keep(s: Session, cycle: Cycle, state: MergedState, counts: tuple[int, int, int]) -> None:
    """Keep what ``state`` (just derived from every held bundle) holds for the readers, and
    ``counts`` (the item scores, panel scores and refused sheets that derive wrote)."""
    _store(s, cycle, tuple(state.breaks),
                  {(f.key, f.revision): f.fallback_revision for f in state.forks}, counts,
                  inputs(s, cycle))


def keep_part(s: Session, cycle: Cycle, state: MergedState, reviewers: Collection[str],
              before: Kept, counts: tuple[int, int, int], added: Collection[str]) -> int:
    """Keep what a whole derive would: ``before`` (kept at the last derive, found current at
    the start of this import, its inputs as read then) with the breaks and forks of
    ``reviewers`` replaced by those of ``state`` (a merge of their bundles only). The inputs
    are those read then with the held bundles ``added`` since (file hashes): the import adds
    held bundles and writes derived tables, and changes nothing else a derive reads. Returns
    how many decisions wait for a person (chain breaks and unresolved forks)."""
    breaks = sorted([*(b for b in before.breaks if b.key[0] not in reviewers), *state.breaks],
                    key=lambda b: b.key)
    fallback = {k: v for k, v in before.fallback.items() if k[0][0] not in reviewers}
    fallback.update({(f.key, f.revision): f.fallback_revision for f in state.forks})
    s.flush()
    now = inputs(s, cycle) if before.inputs is None else \
        before.inputs.with_bundles(s, cycle, added)
    _store(s, cycle, tuple(breaks), dict(sorted(fallback.items())), counts, now)
    return len(breaks) + len(fallback)


def _store(s: Session, cycle: Cycle, breaks: tuple[ChainBreak, ...],
           fallback: dict[tuple[BundleKey, int], int | None], counts: tuple[int, int, int],
           now: Inputs) -> None:
    """The held bundles' file names are not kept: a reader reads them (``_names``)."""
    s.flush()
    payload = json.dumps({
        "breaks": [[list(b.key), [list(r) for r in b.waiting], b.in_force_revision]
                   for b in breaks],
        "fallback": [[list(k), rev, fb] for (k, rev), fb in fallback.items()],
        "counts": list(counts)},
        ensure_ascii=False)
    stamp = now.digest()
    s.info[_STORED] = (cycle.id, now)  # for ``stored_inputs``
    row = s.get(DerivedState, cycle.id)
    if row is None:
        s.add(DerivedState(cycle_id=cycle.id, fingerprint=stamp, payload=payload))
    else:
        row.fingerprint, row.payload = stamp, payload
    s.flush()


def _rid(v: list[Any]) -> RecordId:
    return (str(v[0]), str(v[1]), str(v[2]), int(v[3]), str(v[4]))


def _key(v: list[Any]) -> BundleKey:
    return (str(v[0]), str(v[1]), str(v[2]))


def kept(s: Session, cycle: Cycle, *, names: bool = True) -> Kept | None:
    """The kept state when its inputs are unchanged since it was derived; else None.
    ``names=False``: without the held bundles' file names (empty; the merge needs none)."""
    row = s.get(DerivedState, cycle.id)
    if row is None:
        return None
    now = current_inputs(s, cycle)
    if row.fingerprint != now.digest():
        s.info[_READ] = (cycle.id, now)  # for ``inputs_read``
        return None
    v = json.loads(row.payload)
    counts = v.get("counts")
    return Kept(tuple(ChainBreak(_key(k), tuple(_rid(r) for r in waiting), in_force)
                      for k, waiting, in_force in v["breaks"]),
                _names(s, cycle) if names else {},
                {(_key(k), int(rev)): fb for k, rev, fb in v["fallback"]},
                None if counts is None else (int(counts[0]), int(counts[1]), int(counts[2])),
                now)


def keep_totals(s: Session, cycle: Cycle, items: Sequence[dict[str, Any]]) -> None:
    """Replace the cycle's sheet totals with those of ``items`` (the item score rows just
    derived): per bundle, reviewer, applicant and stage, Σ points × pct over the framework's
    items (None when none has a percentage) and how many have one — what the ranking summed
    from the item rows before (``ranking.reviewer_totals``); and per applicant, stage and item
    the lowest and highest percentage (``readiness``'s flagged items)."""
    s.execute(delete(ItemSpread).where(ItemSpread.cycle_id == cycle.id))
    _insert_spreads(s, cycle, _spreads_of(items))
    s.execute(delete(SheetTotal).where(SheetTotal.cycle_id == cycle.id))
    _insert_totals(s, cycle, items)


def keep_totals_of(s: Session, cycle: Cycle, reviewers: Collection[str],
                   items: Sequence[dict[str, Any]], pairs: Collection[tuple[Any, str]],
                   before: Collection[Any] | None = None) -> None:
    """``keep_totals`` for the sheets of ``reviewers`` only (``items``: their item score rows
    just derived again): their totals replaced, and the spreads of the applicants of the
    (applicant, stage) ``pairs`` whose item scores changed computed again, at every stage, from
    every reviewer's item scores (one statement each: the spreads have no index by applicant;
    an untouched stage's spreads come out as they were). ``before``: the applicants these
    reviewers had item scores for before this derive, when the caller read them — then a
    DELETE that can find nothing is not run (the sheet totals and the spreads have no index
    for it: each such DELETE reads every row of its table): these reviewers had no sheet total
    when they had no item score, and an applicant had no spread when nobody had scored them."""
    who = sorted(reviewers)
    if before is None or before:
        s.execute(delete(SheetTotal).where(SheetTotal.cycle_id == cycle.id,
                                           SheetTotal.reviewer_id.in_(who)))
    _insert_totals(s, cycle, items)
    if not pairs:
        return
    apps = sorted({a for a, _st in pairs}, key=str)
    if before is not None and not before and not _scored_by_others(s, cycle, who, apps):
        # nobody else scored these applicants and these reviewers had not: their item scores
        # are ``items``, and they had no spread to delete
        _insert_spreads(s, cycle, _spreads_of(items))
        return
    s.execute(delete(ItemSpread).where(ItemSpread.cycle_id == cycle.id,
                                       ItemSpread.applicant_id.in_(apps)))
    spreads: dict[tuple[Any, str, str], list[int]] = {}
    for aid, stage, item, low, high in s.execute(
            select(ItemScore.applicant_id, ItemScore.stage_id, ItemScore.item_id,
                   func.min(ItemScore.pct), func.max(ItemScore.pct))
            .where(ItemScore.cycle_id == cycle.id, ItemScore.pct.is_not(None),
                   ItemScore.applicant_id.in_(apps))
            .group_by(ItemScore.applicant_id, ItemScore.stage_id, ItemScore.item_id)):
        if low is not None and high is not None:
            spreads[(aid, stage, item)] = [low, high]
    _insert_spreads(s, cycle, spreads)


def _spreads_of(items: Sequence[dict[str, Any]]) -> dict[tuple[Any, str, str], list[int]]:
    """(applicant, stage, item) -> [lowest, highest] percentage of ``items`` (item score
    rows), where one has a percentage. A sheet's rows come together: each (applicant, stage)
    is looked up once per run of rows (a uuid's hash is Python code), each item in its own
    table (a string's hash is kept)."""
    pairs: dict[tuple[Any, str], dict[str, list[int]]] = {}
    last: tuple[Any, str] | None = None
    spreads: dict[str, list[int]] = {}
    for aid, stage, item, pct in map(_SPREAD_OF, items):
        if pct is None:
            continue
        if last is None or aid is not last[0] or stage is not last[1]:
            last = (aid, stage)
            spreads = pairs.setdefault(last, {})
        found = spreads.get(item)
        if found is None:
            spreads[item] = [pct, pct]
        elif pct < found[0]:
            found[0] = pct
        elif pct > found[1]:
            found[1] = pct
    return {(aid, stage, item): found for (aid, stage), spreads in pairs.items()
            for item, found in spreads.items()}


def _scored_by_others(s: Session, cycle: Cycle, who: Sequence[str], apps: Sequence[Any]
                      ) -> bool:
    """Whether a reviewer not in ``who`` holds an item score of one of ``apps`` (read through
    the index by applicant; those rows are as the last derive wrote them)."""
    return s.execute(select(ItemScore.id).where(
        ItemScore.cycle_id == cycle.id, ItemScore.applicant_id.in_(apps),
        ItemScore.reviewer_id.not_in(who)).limit(1)).first() is not None


def _insert_spreads(s: Session, cycle: Cycle,
                    spreads: dict[tuple[Any, str, str], list[int]]) -> None:
    if spreads:
        cid = cycle.id  # read once: an ORM attribute
        insert_rows(s, ItemSpread, [
            {"id": rid, "cycle_id": cid, "applicant_id": aid, "stage_id": stage,
             "item_id": item, "low": low, "high": high, "spread": high - low}
            for ((aid, stage, item), (low, high)), rid in zip(
                spreads.items(), ordered_ids(len(spreads)), strict=True)])


_SPREAD_OF = itemgetter("applicant_id", "stage_id", "item_id", "pct")
_SHEET = itemgetter("bundle_id", "reviewer_id", "applicant_id", "stage_id")
_SCORE_OF = itemgetter("item_id", "pct")


def _insert_totals(s: Session, cycle: Cycle, items: Sequence[dict[str, Any]]) -> None:
    from desktop.services.catalogue import framework_for_ref

    points = {it.id: it.points for it in framework_for_ref(cycle.framework_ref).items}
    sums: dict[tuple[Any, str, Any, str], list[int]] = {}
    for key, rows in groupby(items, key=_SHEET):  # a sheet's rows are together
        acc = sums.setdefault(key, [0, 0])
        for item, pct in map(_SCORE_OF, rows):
            weight = points.get(item)
            if weight is not None and pct is not None:
                acc[0] += weight * pct
                acc[1] += 1
    if sums:
        cid = cycle.id  # read once: an ORM attribute
        insert_rows(s, SheetTotal, [
            {"id": row_id, "cycle_id": cid, "bundle_id": bid, "reviewer_id": rid,
             "applicant_id": aid, "stage_id": stage,
             "hundredths": total if scored else None, "scored": scored}
            for ((bid, rid, aid, stage), (total, scored)), row_id in zip(
                sums.items(), ordered_ids(len(sums)), strict=True)])


def has_totals(s: Session, cycle: Cycle) -> bool:
    """Whether the cycle's sheet totals and item spreads are kept (derived since 0011: the same
    derive keeps the state, the totals and the spreads)."""
    return s.get(DerivedState, cycle.id) is not None


def derived_counts(s: Session, cycle: Cycle) -> tuple[int, int]:
    """The item scores and panel scores held, as a derive counts them."""
    return (int(s.execute(select(func.count()).select_from(ItemScore)
                          .where(ItemScore.cycle_id == cycle.id)).scalar_one()),
            int(s.execute(select(func.count()).select_from(PanelScore)
                          .where(PanelScore.cycle_id == cycle.id)).scalar_one()))
