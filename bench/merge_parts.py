"""bench_merge's floor C and where the merge's CPU time goes (issue 26, h27m).

Floor C is floor B (a bare single-shot HPKE open and one Ed25519 verify per file, and the item
scores inserted bare) plus what the office must do beyond it because it keeps every bundle
whole: each file hashed, its raw sealed bytes and its manifest text stored with a unique index
on the file hash (one ``executemany``, in the same transaction as the item scores), and its
payload parsed once with a bare ``json.loads`` (the scores must be read out of it). Each part
of it is timed on its own too (CPU), so the decomposition can set the merge's parts beside
theirs.

``decompose`` merges the same files once more into a copy of the set-up workspace with the
merge's steps wrapped (a CPU clock read around each call: ~1 µs a call, some 5,000 calls), and
returns the CPU time of each step.
"""

from __future__ import annotations

import gc
import hashlib
import json
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hpke

from desktop.crypto import container, dsse
from desktop.crypto.bundle import BUNDLE_TYPE, MAX_BUNDLE_BYTES
from desktop.services.office.workspace import Workspace

FloorParts = dict[str, float]


def floor_c(ws: Workspace, files: list[Path], engine: Any,
            signers: Callable[[str], Any]) -> tuple[float, float, FloorParts]:
    """Floor C's wall and CPU time, and the CPU time of each part: ``engine`` a fresh
    encrypted database holding the bare ``item_score`` table (``bench_merge.floor_engine``);
    ``signers(reviewer_id)`` the reviewer's Ed25519 public key."""
    office = ws.identity()
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    prepared = []  # not timed: the same signed envelopes, sealed whole to the office alone
    for path in files:
        raw = path.read_bytes()
        envelope = container.unseal(container.BUNDLE_MAGIC, raw, office.enc_private,
                                    MAX_BUNDLE_BYTES)
        env = dsse.parse_binary(envelope, BUNDLE_TYPE)
        manifest = json.loads(env.payload)
        rows = [(secrets.token_hex(16), manifest["reviewer_id"], sc["applicant_id"],
                 sc["stage_id"], sc["item_id"], sc["pct"], sc["strengths"], sc["improvements"])
                for sc in manifest["snapshot"]["scores"]]
        prepared.append((suite.encrypt(envelope, office.enc_private.public_key(), b"floor"),
                         env, signers(manifest["reviewer_id"]), rows, raw))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE bundle (id TEXT PRIMARY KEY, sha256 TEXT UNIQUE, "
                             "raw BLOB, manifest_json TEXT)")
    parts: FloorParts = {}
    clock = time.process_time
    start, cpu = time.perf_counter(), clock()
    all_rows, bundles = [], []
    crypto = parse = 0.0
    for sealed, env, signer, rows, raw in prepared:
        t0 = clock()
        suite.decrypt(sealed, office.enc_private, b"floor")
        signer.verify(env.sig, dsse.pae(env.payload_type, env.payload))
        t1 = clock()
        json.loads(env.payload)  # the scores read out of it
        text = env.payload.decode("utf-8")
        t2 = clock()
        crypto, parse = crypto + t1 - t0, parse + t2 - t1
        bundles.append((secrets.token_hex(16), hashlib.sha256(raw).hexdigest(), raw, text))
        all_rows.extend(rows)
    t3 = clock()
    with engine.connect() as conn:  # one transaction, as the floors' ``engine.begin()``
        transaction = conn.begin()
        conn.exec_driver_sql("INSERT INTO item_score VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             all_rows)
        t4 = clock()
        conn.exec_driver_sql("INSERT INTO bundle VALUES (?, ?, ?, ?)", bundles)
        t5 = clock()
        transaction.commit()
        t6 = clock()
    elapsed, used = time.perf_counter() - start, clock() - cpu
    parts.update({"crypto": crypto, "json.loads": parse, "items": t4 - t3, "bundles": t5 - t4,
                  "commit": t6 - t5, "rest": used - crypto - parse - (t6 - t3)})
    return elapsed, used, parts


# The merge's steps, as (module, attribute, label): each call's CPU time is added to its label.
# Nested steps are listed apart ("of which"); the driver's calls are SQLAlchemy's dialect's.
_STEPS = (
    ("desktop.services.office.merge", "read_capped", "files read"),
    ("desktop.services.office.merge", "open_bundle", "open_bundle"),
    ("desktop.services.office.merge", "record_from_manifest", "records made"),
    ("desktop.services.office.merge", "read_bundles", "read_bundles"),
    ("desktop.services.office.merge", "kept_state", "set-up read"),
    ("desktop.services.office.merge", "inputs_read", "set-up read"),
    ("desktop.services.office.merge", "current_roster", "set-up read"),
    ("desktop.services.office.merge", "kept_context", "set-up read"),
    ("desktop.services.office.merge", "held_records", "set-up read"),
    ("desktop.services.office.merge", "signed_when", "revocation, equivocation"),
    ("desktop.services.office.merge", "find_equivocations", "revocation, equivocation"),
    ("desktop.services.office.merge", "merge", "domain merge"),
    ("desktop.services.office.merge", "insert_rows", "bundles kept whole"),
    ("desktop.services.office.merge", "_derive", "derive"),
    ("desktop.services.office.derive", "insert_rows", "derive: item scores inserted"),
    ("desktop.services.office.derive", "keep_totals", "derive: sheet totals, spreads"),
    ("desktop.services.office.derive", "keep_state", "derive: state kept"),
    ("sqlalchemy.engine.default", "DefaultDialect.do_executemany", "driver: executemany"),
    ("sqlalchemy.engine.default", "DefaultDialect.do_commit", "commit"),
)


@contextmanager
def _wrapped(spent: dict[str, float]) -> Iterator[None]:
    import importlib

    undo = []
    clock = time.process_time
    for module_name, attribute, label in _STEPS:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        real = getattr(owner, name)

        def timed(*args: Any, _real: Any = real, _label: str = label, **kwargs: Any) -> Any:
            started = clock()
            try:
                return _real(*args, **kwargs)
            finally:
                spent[_label] += clock() - started

        setattr(owner, name, timed)
        undo.append((owner, name, real))
    try:
        yield
    finally:
        for owner, name, real in reversed(undo):
            setattr(owner, name, real)


def decompose(open_copy: Callable[[], Workspace], files: list[Path]) -> tuple[float, FloorParts]:
    """Merge ``files`` into the workspace ``open_copy()`` opens, each step timed; the whole
    merge's CPU time and each step's (nested ones included in their callers')."""
    from desktop.services.office import held, merge

    with held._contexts_lock:  # as the timed merge found it: the context not yet kept
        held._contexts.clear()
    ws = open_copy()
    spent: dict[str, float] = defaultdict(float)
    try:
        gc.collect()
        with _wrapped(spent):
            start = time.process_time()
            merge.merge_files(ws, files)
            gc.collect(0)
            whole = time.process_time() - start
    finally:
        ws.close()
    return whole, dict(spent)


def report(whole: float, spent: FloorParts, floor: FloorParts, floor_cpu: float) -> list[str]:
    """The decomposition's lines: each step of the merge beside the floor's part it stands for."""
    def ms(value: float) -> str:
        return f"{value * 1000:6.0f} ms"

    opened = spent.get("open_bundle", 0.0)
    reading = spent.get("read_bundles", 0.0)
    derive = spent.get("derive", 0.0)
    inserted = spent.get("derive: item scores inserted", 0.0)
    totals = spent.get("derive: sheet totals, spreads", 0.0)
    kept = spent.get("derive: state kept", 0.0)
    bundles = spent.get("bundles kept whole", 0.0)
    commit = spent.get("commit", 0.0)
    named = reading + derive + bundles + commit + sum(
        spent.get(k, 0.0) for k in ("set-up read", "revocation, equivocation", "domain merge"))
    lines = [
        f"where the merge's CPU goes (one more merge of the same files into a copy, each step "
        f"timed: {whole * 1000:.0f} ms), beside floor C's parts ({floor_cpu * 1000:.0f} ms):",
        f"  read and verify (read_bundles)  {ms(reading)}   floor: HPKE + Ed25519 "
        f"{ms(floor['crypto'])}, json.loads {ms(floor['json.loads'])}",
        f"    of which open_bundle          {ms(opened)}",
        f"    files read                    {ms(spent.get('files read', 0.0))}",
        f"    records made from manifests   {ms(spent.get('records made', 0.0))}",
        f"  set-up read (state, roster, context, held) {ms(spent.get('set-up read', 0.0))}",
        f"  revocation and equivocation     {ms(spent.get('revocation, equivocation', 0.0))}",
        f"  domain merge (classify, check)  {ms(spent.get('domain merge', 0.0))}",
        f"  bundles kept whole (insert)     {ms(bundles)}   floor: {ms(floor['bundles'])}",
        f"  derive                          {ms(derive)}",
        f"    item scores inserted          {ms(inserted)}   floor: {ms(floor['items'])}",
        f"    sheet totals and spreads      {ms(totals)}",
        f"    state kept (fingerprint)      {ms(kept)}",
        f"    the rest (rows made, findings, feedback, deletes) "
        f"{ms(derive - inserted - totals - kept)}",
        f"  commit                          {ms(commit)}   floor: {ms(floor['commit'])}",
        f"  the rest of merge_files         {ms(whole - named)}   floor: {ms(floor['rest'])}",
        f"  (inside the above: the driver's executemany "
        f"{ms(spent.get('driver: executemany', 0.0))})",
    ]
    return lines
