"""Building and opening 1,000 score bundles of one reviewer (10 applicants × 23 items).

Floor, measured in the same run on the same bytes: a bare HPKE open of the sealed payload
(single-shot, one recipient) plus one Ed25519 verify of the signed bytes — the irreducible
cryptography. The ratio is what the format adds on top: the second HPKE recipient stanza tried,
the envelope, strict JSON parsing, schema and semantic checks, and the roster lookup. A second
floor adds a bare ``json.loads`` of each manifest, the cost of any JSON format.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop.crypto import container, dsse
from desktop.crypto.bundle import (
    BUNDLE_TYPE,
    MAX_BUNDLE_BYTES,
    build_bundle,
    new_manifest,
    open_bundle,
)
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import Roster, RosterEntry

N_BUNDLES = 1000
APPLICANTS = 10
ITEMS = 23
REPEATS = 3
STRENGTHS = ("领导层确立了清晰的使命、愿景和价值观，并通过多种渠道传递到全体员工；"
             "战略目标分解到部门和岗位，")
IMPROVE = ("建议进一步完善关键绩效指标的对标分析，"
           "加强过程测量数据的趋势分析和改进闭环的有效性评价。")


def snapshot(seed: int) -> dict[str, Any]:
    scores = [{
        "applicant_id": f"A-{a:03d}", "stage_id": "onsite", "item_id": f"4.{i + 1}",
        "pct": (a * 7 + i * 3 + seed) % 11 * 10,
        "strengths": f"{STRENGTHS}{seed}", "improvements": IMPROVE,
        "secret_marks": [{"field": "strengths", "start": 0, "end": 8}] if i == 0 else [],
    } for a in range(APPLICANTS) for i in range(ITEMS)]
    return {"scores": scores, "panel_scores": [], "recusals": [], "feedback": []}


def best_of(run: Callable[[], None]) -> tuple[float, float]:
    """Best of REPEATS in wall and in CPU time, with the garbage collector paused while timing
    (as timeit does)."""
    times, cpu = [], []
    for _ in range(REPEATS):
        gc.collect()
        gc.disable()
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        finally:
            gc.enable()
    return min(times), min(cpu)


def main() -> None:
    office = OfficeIdentity.generate("Review Office")
    me = ReviewerIdentity.generate("R-001", "Alice")
    leader = ReviewerIdentity.generate("R-002", "Bob")
    roster = Roster(1, "C2025", office.name, office.root_sign_pub, office.enc_pub,
                    (RosterEntry.of(me.public, "T1"), RosterEntry.of(leader.public, "T1", True)))
    recipients = [office.enc_pub, leader.public.enc_pub]
    manifests = [new_manifest(kind="scores", cycle_id="C2025", stage_id="onsite",
                              reviewer_id="R-001", revision=i + 1, prev_hash="",
                              snapshot=snapshot(i), audit_head="ab" * 32)
                 for i in range(N_BUNDLES)]

    start = time.perf_counter()
    bundles = [build_bundle(me, m, recipients) for m in manifests]
    build_s = time.perf_counter() - start
    del manifests

    # The floor's inputs: the same signed envelopes, HPKE-sealed whole to the office alone.
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
    envelopes = [container.unseal(container.BUNDLE_MAGIC, b, office.enc_private,
                                  MAX_BUNDLE_BYTES) for b in bundles]
    parsed = [dsse.parse_binary(e, BUNDLE_TYPE) for e in envelopes]
    sealed = [suite.encrypt(e, office.enc_private.public_key(), b"floor") for e in envelopes]
    verifier = Ed25519PublicKey.from_public_bytes(me.public.sign_pub)

    def floor() -> None:
        for ct, env in zip(sealed, parsed, strict=True):
            suite.decrypt(ct, office.enc_private, b"floor")
            verifier.verify(env.sig, dsse.pae(env.payload_type, env.payload))

    def floor_with_json() -> None:  # the crypto floor plus a bare json.loads of each manifest
        for ct, env in zip(sealed, parsed, strict=True):
            suite.decrypt(ct, office.enc_private, b"floor")
            verifier.verify(env.sig, dsse.pae(env.payload_type, env.payload))
            json.loads(env.payload)

    def real() -> None:
        for b in bundles:
            open_bundle(b, office, roster)

    floor_s, floor_cpu = best_of(floor)
    json_s, json_cpu = best_of(floor_with_json)
    real_s, real_cpu = best_of(real)
    sizes = [len(b) for b in bundles]
    print(f"bundle: {APPLICANTS} applicants x {ITEMS} items, "
          f"{statistics.mean(sizes) / 1024:.1f} KiB sealed (2 recipients)")
    print(f"build 1,000 bundles:          {build_s:7.3f} s  ({build_s:.3f} ms/bundle)")
    print(f"floor (HPKE open + verify):   {floor_s:7.3f} s  ({floor_s:.3f} ms/bundle)")
    print(f"floor + bare json.loads:      {json_s:7.3f} s  ({json_s:.3f} ms/bundle)")
    print(f"open_bundle (full checks):    {real_s:7.3f} s  ({real_s:.3f} ms/bundle)")
    print(f"ratio open/floor: {real_s / floor_s:.2f}x   "
          f"(open / floor-with-json: {real_s / json_s:.2f}x)")
    print(f"CPU time (best): floor {floor_cpu:.3f} s, floor + json {json_cpu:.3f} s, "
          f"open_bundle {real_cpu:.3f} s; ratio {real_cpu / floor_cpu:.2f}x "
          f"({real_cpu / json_cpu:.2f}x)")


if __name__ == "__main__":
    main()
