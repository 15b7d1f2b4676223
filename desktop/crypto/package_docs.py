"""The applicant's documents in a panel package: streams after the sealed head.

A package file is ``head ‖ stream₁ ‖ stream₂ ‖ …``. The head is the sealed container of
``package.py`` (its preamble states its own length); each stream is one document encrypted with
``docstream`` under a random key. The head's signed payload lists, per document, the stream's
key, its offset after the head, its length, the document's size and SHA-256: the file's length
must be the head plus every stream exactly, and a stream read back must decrypt chunk by chunk
and hash to the signed value. A package without documents is the head alone (as before).

Streams are written and read one chunk at a time: a 200 MB document is never held whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.atomic import flush_file, fsync_dir
from desktop.crypto import container, docstream
from desktop.crypto.errors import CannotDecrypt, Malformed, ReadBackFailed, WriteFailed
from desktop.domain.messages import N_

_PREAMBLE = struct.Struct(">8sBI")


@dataclass(frozen=True)
class DocumentStream:
    """Where a document's stream is in a package, and how to read it (from the payload)."""

    material_id: str
    key: bytes
    offset: int  # after the head
    length: int
    size: int
    sha256: str


@dataclass(frozen=True)
class DocumentSource:
    """A document to put in a package: its plaintext pieces, read when written."""

    material_id: str
    size: int
    sha256: str
    pieces: Callable[[], Iterable[bytes]]


def plan(sources: list[DocumentSource]) -> list[DocumentStream]:
    """A key and a place for each document, from the sizes alone."""
    out, at = [], 0
    for src in sources:
        length = docstream.stream_length(src.size)
        out.append(DocumentStream(src.material_id, secrets.token_bytes(docstream.KEY_BYTES),
                                  at, length, src.size, src.sha256))
        at += length
    return out


def stream_entry(stream: DocumentStream) -> dict[str, object]:
    """The payload's description of a stream (the content's ``stream`` field)."""
    return {"key": stream.key.hex(), "offset": stream.offset, "length": stream.length}


def head_length(f: BinaryIO, max_head: int) -> int:
    """The sealed head's length, from its preamble (caps checked before anything is read)."""
    pre = f.read(_PREAMBLE.size)
    if len(pre) < _PREAMBLE.size:
        raise Malformed(N_("the file is truncated"))
    _magic, count, size = _PREAMBLE.unpack(pre)
    if not 1 <= count <= container.MAX_RECIPIENTS:
        raise Malformed(N_("the recipient count is out of range"))
    if size > max_head:
        from desktop.crypto.errors import TooLarge

        raise TooLarge(size, max_head)
    return int(container.overhead(count) + size)


def read_head(path: Path, max_head: int) -> tuple[bytes, int]:
    """(the sealed head's bytes, the file's whole length)."""
    with path.open("rb") as f:
        total = os.fstat(f.fileno()).st_size
        n = head_length(f, max_head)
        f.seek(0)
        head = f.read(n)
    if len(head) != n:
        raise Malformed(N_("the file is truncated"))
    return head, total


def check_layout(streams: list[DocumentStream], head_len: int, total: int) -> None:
    at = 0
    for s in streams:
        if s.offset != at or s.length != docstream.stream_length(s.size):
            raise Malformed(N_("the package's documents are out of place"))
        at += s.length
    if head_len + at != total:
        raise Malformed(N_("the file is truncated or has extra bytes"))


def _blocks(f: BinaryIO, start: int, size: int) -> Iterator[bytes]:
    f.seek(start)
    for n in docstream.block_sizes(size):
        yield f.read(n)


def read_stream(path: Path, head_len: int, stream: DocumentStream, header: bytes,
                sink: Callable[[bytes], object] | None = None, *,
                check_hash: bool = True) -> Iterator[bytes]:
    """The document's plaintext chunks, each authenticated; the SHA-256 is checked at the end
    (``CannotDecrypt``) unless ``check_hash`` is False (a stream already checked once: its
    chunks' tags and final flag still prove it whole). ``sink`` receives each encrypted block
    as read (to keep a copy)."""
    digest = hashlib.sha256() if check_hash else None
    with path.open("rb") as f:
        def blocks() -> Iterator[bytes]:
            for block in _blocks(f, head_len + stream.offset, stream.size):
                if sink is not None:
                    sink(block)
                yield block

        for plain in docstream.decrypt_stream(stream.key, header, stream.size, blocks()):
            if digest is not None:
                digest.update(plain)
            yield plain
    if digest is not None and digest.hexdigest() != stream.sha256:
        raise CannotDecrypt()


def write_package(folder: Path, head: bytes, package_id: str, sources: list[DocumentSource],
                  streams: list[DocumentStream], suffix: str) -> Path:
    """Write head and streams durably (temporary name, flush, rename), then read every stream
    back from the medium and check it; return the path (named by the hash of its bytes)."""
    folder = Path(folder)
    temp = folder / f".{secrets.token_hex(8)}.tmp"
    digest = hashlib.sha256(head)
    try:
        with temp.open("wb") as f:
            f.write(head)
            for src, st in zip(sources, streams, strict=True):
                header = docstream.stream_header(package_id, src.material_id)
                for block in docstream.encrypt_stream(st.key, header, src.pieces(), src.size):
                    digest.update(block)
                    f.write(block)
            f.flush()
            flush_file(f.fileno())
        final = folder / (digest.hexdigest()[:32] + suffix)
        os.replace(temp, final)
        fsync_dir(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteFailed(str(folder), error.strerror or type(error).__name__) from None
    try:
        _read_back(final, head, package_id, streams)
    except Exception as error:
        with contextlib.suppress(OSError):
            final.unlink()
            fsync_dir(folder)
        if isinstance(error, OSError | CannotDecrypt | Malformed | ValueError):
            raise ReadBackFailed(str(folder)) from error
        raise
    return final


def _read_back(path: Path, head: bytes, package_id: str, streams: list[DocumentStream]) -> None:
    with path.open("rb") as f:
        if sys.platform.startswith("linux") and hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        if f.read(len(head)) != head:
            raise CannotDecrypt()
    total = path.stat().st_size
    check_layout(streams, len(head), total)
    for st in streams:
        for _ in read_stream(path, len(head), st, docstream.stream_header(package_id,
                                                                          st.material_id)):
            pass
