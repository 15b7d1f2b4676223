"""Keys as the window and the command line need them (neither imports ``desktop.crypto``):

- the cost of the key derivation of new key files, chosen by name (``KdfChoice``): the
  production parameters, or the cheap ones of the demo and of tests;
- a fingerprint a person typed or read aloud, in its canonical form;
- the office fingerprint a reviewer trusts: the one pinned at enrolment, else the one typed; a
  typed one that differs from the pinned one is refused (``OfficeFingerprintMismatch``): a pin
  is never overridden silently;
- an enrolment card's fingerprint checked against the one the reviewer read out;
- an enrolment card read from a file and verified (its self-signature), as a typed view.

Every failure is a typed ``ScorebookError`` (crypto errors are ``InputRejected``); no message
carries a passphrase or key material.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from desktop.crypto import keyfile
from desktop.crypto.errors import CryptoError
from desktop.crypto.keyfile import KdfParams
from desktop.crypto.keys import MAX_CARD_BYTES, normalise_fingerprint, read_card
from desktop.crypto.usb import read_capped
from desktop.domain.errors import InputRejected
from desktop.domain.messages import N_, Msg

KdfChoice: TypeAlias = Literal["production", "demo", "test"]
# What a caller may hand on to the services that make key files: a choice by name, or parameters
# a test or a benchmark set explicitly.
Kdf: TypeAlias = KdfChoice | KdfParams
PRODUCTION: KdfChoice = "production"


def kdf_params(kdf: Kdf) -> KdfParams:
    """The Argon2id parameters of a choice. "production" for every real key file; "demo" and
    "test" are cheap (a demo's passphrase is printed; a test measures something else)."""
    if isinstance(kdf, KdfParams):
        return kdf
    if kdf == "production":
        return keyfile.PRODUCTION_KDF
    if kdf in ("demo", "test"):
        return keyfile.CHEAP_KDF
    raise ValueError(f"unknown key derivation choice {kdf!r}")


# --- fingerprints --------------------------------------------------------------------------------


class NoOfficeFingerprint(InputRejected):
    """Neither a typed office fingerprint nor one pinned in the identity."""

    def __init__(self) -> None:
        super().__init__(Msg(N_("No office fingerprint is pinned: enter the one the office "
                                "read out to you")))


def read_fingerprint(text: str) -> str | None:
    """A fingerprint as a person typed it (any case, spaces or dashes) in canonical form
    (``XXXX-XXXX-…``, 32 letters A–Z and digits 2–7); None when the text is not one."""
    try:
        return normalise_fingerprint(text)
    except CryptoError:
        return None


class OfficeFingerprintMismatch(InputRejected):
    """A typed office fingerprint that is not the one pinned at enrolment."""

    def __init__(self, typed: str, pinned: str) -> None:
        super().__init__(Msg(N_("The office fingerprint {typed} differs from the one pinned at "
                                "enrolment ({pinned}): refused. Compare the fingerprint with the "
                                "office in person; a pinned key is never replaced silently"),
                             {"typed": typed, "pinned": pinned}))
        self.typed, self.pinned = typed, pinned


def trusted_office_fingerprint(typed: str | None, pinned: str | None) -> str:
    """The office root fingerprint to trust, canonical: the one pinned in the identity at
    enrolment, else the one typed (compared in person). A typed one must equal the pinned one
    (``OfficeFingerprintMismatch`` otherwise); ``NoOfficeFingerprint`` when neither is given;
    an ``InputRejected`` when the typed one is not a fingerprint."""
    given = normalise_fingerprint(typed) if typed else None
    kept = normalise_fingerprint(pinned) if pinned else None
    if given is not None and kept is not None and given != kept:
        raise OfficeFingerprintMismatch(given, kept)
    chosen = kept or given
    if not chosen:
        raise NoOfficeFingerprint()
    return chosen


# --- enrolment cards -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentCardView:
    """A reviewer's enrolment card, read and verified by its self-signature. The fingerprint is
    only trusted once a person compared it with the one the reviewer's laptop shows."""

    path: Path
    reviewer_id: str
    display_name: str
    fingerprint: str  # of the signing key: the one people compare
    data: bytes = field(repr=False)  # the card as read: what enrolling stores


def read_enrolment_card(path: Path) -> EnrolmentCardView:
    """Read a card file (refused before reading when over the card's size cap) and verify it.
    Typed errors: too large, unreadable, malformed or a signature that does not verify."""
    data = read_capped(path, MAX_CARD_BYTES)
    public = read_card(data)
    return EnrolmentCardView(path, public.reviewer_id, public.display_name, public.fingerprint,
                             data)


class CardFingerprintMismatch(InputRejected):
    """The card's fingerprint is not the one the reviewer read out."""

    def __init__(self, card: str, typed: str) -> None:
        super().__init__(Msg(N_("The card's fingerprint {card} differs from the one the reviewer "
                                "read out ({typed}): the reviewer was not enrolled. The card may "
                                "not be theirs: ask them for it again"),
                             {"card": card, "typed": typed}))


def check_card_fingerprint(card: EnrolmentCardView, expected: str) -> None:
    """Refuse a card whose fingerprint is not ``expected`` (the one the reviewer read aloud from
    their laptop, in any case, with spaces or dashes)."""
    typed = read_fingerprint(expected)
    if typed is None:
        raise InputRejected(Msg(N_("{text} is not a fingerprint: 32 letters A–Z and digits 2–7, "
                                   "in groups of four"), {"text": expected.strip()[:80]}))
    if typed != card.fingerprint:
        raise CardFingerprintMismatch(card.fingerprint, typed)
