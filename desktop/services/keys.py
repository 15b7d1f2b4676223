"""Keys as the window and the command line need them (neither imports ``desktop.crypto``):

- the cost of the key derivation of new key files, chosen by name (``KdfChoice``): the
  production parameters, or the cheap ones of the demo and of tests;
- a fingerprint a person typed or read aloud, in its canonical form;
- the office fingerprint a reviewer trusts: the one typed, else the one pinned at enrolment;
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


def trusted_office_fingerprint(typed: str | None, pinned: str | None) -> str:
    """The office root fingerprint to trust, canonical: the one typed (compared in person),
    else the one pinned in the identity at enrolment. ``NoOfficeFingerprint`` when neither is
    given; an ``InputRejected`` when the typed one is not a fingerprint."""
    chosen = typed or pinned
    if not chosen:
        raise NoOfficeFingerprint()
    return normalise_fingerprint(chosen)


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

