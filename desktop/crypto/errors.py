"""Typed errors for identities, rosters and the sealed hand-off files (packages, bundles).

Opening a file either returns a typed result or raises exactly one of these. Messages are English
source strings (``N_``) with non-secret parameters only: never key material, never decrypted
content, never a value read from inside a sealed file (only our own field names and positions).
"""

from __future__ import annotations

from typing import Any, ClassVar

from desktop.domain.errors import InputRejected, ScorebookError
from desktop.domain.messages import N_, Msg


class CryptoError(InputRejected):
    """Base of every error about keys, signatures and sealed files (exit code 3)."""

    default: ClassVar[str] = N_("The file could not be opened")

    def __init__(self, message: Msg | None = None, **params: Any) -> None:
        super().__init__(message if message is not None else Msg(self.default, params))


class WrongRecipient(CryptoError):
    """No key section of the file opens with our key: addressed to someone else (or damaged)."""

    default = N_("This file is not addressed to your key (or its key section is damaged)")


class CannotDecrypt(CryptoError):
    """The file is addressed to us but its content fails authentication (tampered or damaged)."""

    default = N_("The file is damaged or was altered: its content does not decrypt")


class UnknownSigner(CryptoError):
    """The signer is not on the roster we hold."""

    default = N_("The file is signed by a key that is not on the roster")


class BadSignature(CryptoError):
    """The signature does not verify over the exact signed bytes."""

    default = N_("The signature does not match the content: the file was altered")


class SignerMismatch(BadSignature):
    """A valid signature by one reviewer on content that names another."""

    default = N_("The file is signed by a different reviewer than the one it names")


class RevokedSigner(CryptoError):
    """The signer is on the roster but marked inactive (revoked)."""

    default = N_("The file is signed by a reviewer whose key has been revoked")


class Malformed(CryptoError):
    """The file is not in the expected format. ``what`` names our field/position, never content."""

    default = N_("The file is not in the expected format: {what}")

    def __init__(self, what: str = "", **params: Any) -> None:
        detail = Msg(what, params) if what else Msg(N_("unreadable structure"))
        super().__init__(Msg(self.default, {"what": detail}))
        self.what = detail.render()


class NewerFormat(Malformed):
    """A file made by a newer Scorebook: a format version this one does not know (see
    ``desktop.crypto.formats``). ``found`` and ``known`` are format tags, never content."""

    messages: ClassVar[dict[str, str]] = {
        "bundle": N_("This score bundle was made by a newer version of Scorebook (format "
                     "{found}; this version reads {known} and older). Update Scorebook to open "
                     "it."),
        "package": N_("This panel package was made by a newer version of Scorebook (format "
                      "{found}; this version reads {known} and older). Update Scorebook to "
                      "open it."),
        "roster": N_("This roster was made by a newer version of Scorebook (format {found}; "
                     "this version reads {known} and older). Update Scorebook to open it."),
        "file": N_("This file was made by a newer version of Scorebook (format {found}; this "
                   "version reads {known} and older). Update Scorebook to open it."),
    }

    def __init__(self, kind: str, found: str, known: str) -> None:
        message = Msg(self.messages.get(kind, self.messages["file"]),
                      {"found": found, "known": known})
        CryptoError.__init__(self, message)
        self.what = message.render()
        self.kind = kind
        self.found = found
        self.known = known


class TooLarge(CryptoError):
    """The file (or a part it declares) is over the size cap; refused before decrypting."""

    default = N_("The file is too large ({size} bytes; the limit is {limit})")

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(Msg(self.default, {"size": size, "limit": limit}))
        self.size = size
        self.limit = limit


class RosterRollback(CryptoError):
    """A roster older than the one already held."""

    default = N_("This roster (version {got}) is older than the one you have (version {have})")

    def __init__(self, got: int, have: int) -> None:
        super().__init__(Msg(self.default, {"got": got, "have": have}))
        self.got = got
        self.have = have


class UntrustedRoot(CryptoError):
    """Signed by an office root other than the pinned one."""

    default = N_("Signed by an office key that is not the one you enrolled with (fingerprint {fp})")

    def __init__(self, fp: str) -> None:
        # A public key's fingerprint is not a secret: showing it helps a person compare.
        super().__init__(Msg(self.default, {"fp": fp}))
        self.fingerprint = fp


class WrongCycle(CryptoError):
    """A bundle or package for another review cycle than the roster's."""

    default = N_("The file belongs to another review cycle than the roster")


class NotTeamLeader(CryptoError):
    """A consensus bundle signed by a reviewer the roster does not mark as team leader."""

    default = N_("A consensus bundle must be signed by a team leader")


# --- Classification of a valid bundle relative to what the receiver holds -------------------


class NotAccepted(CryptoError):
    """A valid bundle that does not replace what is held (see ``desktop.crypto.receive``)."""


class DuplicateBundle(NotAccepted):
    default = N_("Already received: the same revision with the same content")


class StaleBundle(NotAccepted):
    default = N_("Older than what you have: revision {got}, you hold revision {have}")


class ForkedBundle(NotAccepted):
    default = N_("Conflict: revision {got} was received before with different content; "
                 "a person must decide which one stands")


# --- Writing to removable media ---------------------------------------------------------------


class WriteFailed(ScorebookError):
    """Writing a file to a folder (a USB stick) failed; no partial file was left behind."""

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(Msg(N_("Could not write to {folder}: {reason}"),
                             {"folder": folder, "reason": reason}))
        self.folder = folder


class ReadFailed(ScorebookError):
    """A received file could not be read from its folder."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(Msg(N_("Could not read {file}: {reason}"),
                             {"file": file, "reason": reason}))
        self.file = file


class ReadBackFailed(WriteFailed):
    """The file was written but reading it back did not verify: do not remove the stick yet."""

    def __init__(self, folder: str) -> None:
        ScorebookError.__init__(self, Msg(
            N_("The file written to {folder} did not verify when read back; it was removed. "
               "Try again or use another stick."), {"folder": folder}))
        self.folder = folder
