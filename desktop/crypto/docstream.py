"""Documents in chunks: a streamed AEAD for the panel package, and sealed chunks at rest.

**Stream** (a document inside a panel package, after the sealed head; like age's STREAM): the
plaintext is cut into chunks of ``CHUNK`` bytes (the last may be shorter, or empty for an empty
document); chunk *i* is ``ChaCha20-Poly1305(key, nonce = i as 11 bytes big-endian ‖ final
flag, aad = header)``, where ``final`` is 1 on the last chunk only and ``header`` names the
package and the material. The key is a random 32-byte key the office puts, per document, in the
package's signed and sealed payload, so only the package's recipient can read the stream, and
the payload's SHA-256 of the plaintext ties the stream to the office's signature. A reordered
chunk fails (its index is in the nonce), a chunk moved between documents or packages fails (the
header), a truncated stream fails (no chunk with the final flag, or a final flag before the
end), a flipped byte fails (the tag). ``stream_length`` is known in advance from the size alone,
so the package head can state where each stream starts before any is written.

**At rest** (the office workspace's copy, PostgreSQL included): each stored chunk is
``nonce(12) ‖ AES-256-GCM(key, nonce, aad = owner id ‖ index)`` under a key derived from the
workspace's data key, so no plaintext sits in the database server.
"""

from __future__ import annotations

import ctypes
import os
import struct
from collections.abc import Iterable, Iterator
from io import RawIOBase

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.crypto.errors import CannotDecrypt, Malformed
from desktop.domain.messages import N_

CHUNK = 1024 * 1024
TAG = 16
KEY_BYTES = 32
_INDEX = struct.Struct(">Q")


def stream_header(package_id: str, material_id: str) -> bytes:
    return b"scorebook/v1 document\x00" + package_id.encode() + b"\x00" + material_id.encode()


def chunk_count(size: int) -> int:
    return max(1, -(-size // CHUNK))


def stream_length(size: int) -> int:
    """Bytes of the encrypted stream of a ``size``-byte document."""
    return size + TAG * chunk_count(size)


def _nonce(index: int, final: bool) -> bytes:
    if index >= 1 << 88:
        raise Malformed(N_("the document has too many chunks"))
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def encrypt_stream(key: bytes, header: bytes, chunks: Iterable[bytes], size: int
                   ) -> Iterator[bytes]:
    """Encrypt a document given as plaintext pieces of any length (``size`` bytes in all)."""
    aead = ChaCha20Poly1305(key)
    total = chunk_count(size)
    index, seen, buf = 0, 0, bytearray()

    def emit(piece: bytes) -> bytes:
        nonlocal index
        out = aead.encrypt(_nonce(index, index == total - 1), piece, header)
        index += 1
        return out

    for piece in chunks:
        seen += len(piece)
        if seen > size:
            raise Malformed(N_("the document is longer than stated"))
        buf += piece
        while len(buf) >= CHUNK and index < total - 1:
            yield emit(bytes(buf[:CHUNK]))
            del buf[:CHUNK]
    if seen != size or len(buf) > CHUNK:
        raise Malformed(N_("the document is shorter than stated"))
    yield emit(bytes(buf))


def decrypt_stream(key: bytes, header: bytes, size: int, read: Iterator[bytes]
                   ) -> Iterator[bytes]:
    """Decrypt the stream of a ``size``-byte document; ``read`` yields the encrypted chunks
    (``CHUNK + TAG`` bytes each, the last shorter). ``CannotDecrypt`` on any tampering."""
    aead = ChaCha20Poly1305(key)
    total = chunk_count(size)
    done = 0
    for index in range(total):
        want = (min(CHUNK, size - done)) + TAG
        block = next(read, b"")
        if len(block) != want:
            raise CannotDecrypt()
        try:
            plain = aead.decrypt(_nonce(index, index == total - 1), block, header)
        except InvalidTag:
            raise CannotDecrypt() from None
        done += len(plain)
        yield plain
    if done != size:
        raise CannotDecrypt()


def decrypt_file(key: bytes, header: bytes, size: int, f: RawIOBase) -> memoryview:
    """Decrypt the stream of a ``size``-byte document read from ``f`` into one buffer of
    ``size`` bytes, chunk by chunk in place (one encrypted chunk read at a time): the document
    is held once, never twice. A read-only view over a ctypes buffer (PDFium reads it as is).
    ``CannotDecrypt`` on any tampering (the buffer is zeroed first)."""
    out = (ctypes.c_ubyte * size)()
    view = memoryview(out).cast("B")
    block = bytearray(min(CHUNK, size) + TAG)
    aead = ChaCha20Poly1305(key)
    total = chunk_count(size)
    done = 0
    try:
        for index in range(total):
            n = min(CHUNK, size - done)
            piece = memoryview(block)[:n + TAG]
            if _read_full(f, piece) != n + TAG:
                raise CannotDecrypt()
            try:
                aead.decrypt_into(_nonce(index, index == total - 1), piece, header,
                                  view[done:done + n])
            except InvalidTag:
                raise CannotDecrypt() from None
            done += n
    except BaseException:
        ctypes.memset(out, 0, size)
        raise
    return view.toreadonly()


def _read_full(f: RawIOBase, into: memoryview) -> int:
    """Fill ``into`` from ``f`` (a raw read may return less than asked); the bytes read."""
    got = 0
    while got < len(into):
        n = f.readinto(into[got:])
        if not n:
            break
        got += n
    return got


def block_sizes(size: int) -> Iterator[int]:
    """The encrypted chunks' lengths of a ``size``-byte document's stream, in order."""
    left = size
    for _ in range(chunk_count(size)):
        take = min(CHUNK, left)
        left -= take
        yield take + TAG


# --- at rest ----------------------------------------------------------------------------------


def rest_key(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None,
                info=b"scorebook/v1 at rest\x00" + purpose).derive(data_key)


def seal_chunk(key: bytes, owner: bytes, index: int, plain: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plain, owner + _INDEX.pack(index))


def open_chunk(key: bytes, owner: bytes, index: int, sealed: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], owner + _INDEX.pack(index))
    except (InvalidTag, ValueError):
        raise CannotDecrypt() from None
