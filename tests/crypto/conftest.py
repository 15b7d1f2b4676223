"""Shared fixtures for the crypto tests: one office, three reviewers, a signed roster."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.crypto import container, dsse
from desktop.crypto.bundle import BUNDLE_TYPE, MAX_BUNDLE_BYTES, new_manifest
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.crypto.strictjson import dumps

CYCLE = "C2025"
CANARY_APPLICANT = "鄂尔多斯稀土金丝雀有限公司"
CANARY_COMMENT = "canary-comment: 质量管理体系运行良好 7f3a"
CANARY_SECRET = "canary-secret: 专利配方 XJ-42 的烧结温度 1180℃"


class World:
    def __init__(self) -> None:
        self.office = OfficeIdentity.generate("Review Office")
        self.alice = ReviewerIdentity.generate("R-001", "Alice")
        self.bob = ReviewerIdentity.generate("R-002", "Bob")  # team leader
        self.carol = ReviewerIdentity.generate("R-003", "Carol")  # other team
        self.roster = Roster(
            version=3, cycle_id=CYCLE, office_name=self.office.name,
            root_sign_pub=self.office.root_sign_pub, office_enc_pub=self.office.enc_pub,
            reviewers=(RosterEntry.of(self.alice.public, "T1"),
                       RosterEntry.of(self.bob.public, "T1", leader=True),
                       RosterEntry.of(self.carol.public, "T2", leader=True)))
        self.roster_bytes = sign_roster(self.office, self.roster)

    @property
    def pin(self) -> str:
        return self.office.root_fingerprint


@pytest.fixture(scope="session")
def world() -> World:
    return World()


def snapshot(applicants: int = 2, items: int = 23, text: str = CANARY_COMMENT) -> dict[str, Any]:
    scores = []
    for a in range(applicants):
        for i in range(items):
            strengths = f"{text} — {CANARY_SECRET}" if i == 0 else f"{text} {i}"
            start = len(text) + 3
            marks = ([{"field": "strengths", "start": start, "end": len(strengths)}]
                     if i == 0 else [])
            scores.append({"applicant_id": f"A-{a:03d}", "stage_id": "onsite",
                           "item_id": f"{4 + i // 10}.{i % 10 + 1}", "pct": (i * 10) % 101,
                           "strengths": strengths, "improvements": f"improve {i}",
                           "secret_marks": marks})
    return {
        "scores": scores,
        "panel_scores": [{"applicant_id": "A-000", "stage_id": "onsite", "score": "87.50",
                          "comment": "clear", "secret_marks": []}],
        "recusals": [{"applicant_id": "A-900", "reason": "former_employer",
                      "text": "worked there until 2021", "declared_at": "2025-06-01T09:30:00Z"}],
        "feedback": [{"applicant_id": "A-000", "stage_id": "onsite", "rating": "compliant",
                      "text": "no gifts offered", "created_at": "2025-06-02T10:00:00Z",
                      "secret_marks": []}],
    }


def manifest(reviewer_id: str = "R-001", revision: int = 1, kind: str = "scores",
             **overrides: Any) -> dict[str, Any]:
    m = new_manifest(kind=kind, cycle_id=CYCLE, stage_id="onsite", reviewer_id=reviewer_id,
                     revision=revision, prev_hash="", snapshot=snapshot(), audit_head="ab" * 32)
    m.update(overrides)
    return m


def seal_raw(signer: ReviewerIdentity, document: dict[str, Any] | bytes,
             recipients: list[bytes], keyid: str | None = None) -> bytes:
    """A sealed bundle made without build_bundle's checks (to test what the opener refuses)."""
    payload = document if isinstance(document, bytes) else dumps(document)
    envelope = dsse.sign_binary(BUNDLE_TYPE, payload, signer.sign_key,
                                keyid or signer.fingerprint)
    return container.seal(container.BUNDLE_MAGIC, envelope, recipients, MAX_BUNDLE_BYTES)
