"""The chunked document stream: a round trip of any size, and every tampering refused — a
flipped byte, a chunk dropped, two chunks swapped, the stream cut at a chunk boundary (no final
chunk), a stream moved to another material, the wrong key."""

from __future__ import annotations

import ctypes
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.crypto import docstream
from desktop.crypto.errors import CannotDecrypt, Malformed

KEY = bytes(range(32))
HEADER = docstream.stream_header("pkg", "A001-M01")


def _enc(data: bytes, header: bytes = HEADER) -> list[bytes]:
    pieces = [data[i:i + 300_001] for i in range(0, len(data), 300_001)] or [b""]
    return list(docstream.encrypt_stream(KEY, header, pieces, len(data)))


def _dec(blocks: list[bytes], size: int, header: bytes = HEADER, key: bytes = KEY) -> bytes:
    it: Iterator[bytes] = iter(blocks)
    return b"".join(docstream.decrypt_stream(key, header, size, it))


@pytest.mark.parametrize("size", [0, 1, docstream.CHUNK - 1, docstream.CHUNK,
                                  docstream.CHUNK + 1, 3 * docstream.CHUNK + 17])
def test_round_trip_and_length(size: int) -> None:
    data = os.urandom(size)
    blocks = _enc(data)
    assert [len(b) for b in blocks] == list(docstream.block_sizes(size))
    assert sum(map(len, blocks)) == docstream.stream_length(size)
    assert _dec(blocks, size) == data


def test_tampering_is_refused() -> None:
    size = 3 * docstream.CHUNK + 5
    data = os.urandom(size)
    blocks = _enc(data)
    flipped = list(blocks)
    flipped[1] = flipped[1][:10] + bytes([flipped[1][10] ^ 1]) + flipped[1][11:]
    swapped = [blocks[1], blocks[0], *blocks[2:]]
    for bad in (flipped, swapped, [*blocks[:-1], b""], blocks[:2] + blocks[3:]):
        with pytest.raises(CannotDecrypt):
            _dec(bad, size)
    # cut at a chunk boundary and claimed shorter: the last chunk read has no final flag
    with pytest.raises(CannotDecrypt):
        _dec(blocks[:3], 3 * docstream.CHUNK)
    with pytest.raises(CannotDecrypt):  # another material's stream
        _dec(blocks, size, header=docstream.stream_header("pkg", "A002-M01"))
    with pytest.raises(CannotDecrypt):
        _dec(blocks, size, key=bytes(32))


def test_a_wrong_stated_size_is_refused_when_encrypting() -> None:
    with pytest.raises(Malformed):
        list(docstream.encrypt_stream(KEY, HEADER, [b"abc"], 2))
    with pytest.raises(Malformed):
        list(docstream.encrypt_stream(KEY, HEADER, [b"abc"], 4))


def test_chunks_at_rest_are_bound_to_owner_and_place() -> None:
    key = docstream.rest_key(bytes(32), b"office documents")
    sealed = docstream.seal_chunk(key, b"owner-1", 0, b"plain")
    assert b"plain" not in sealed
    assert docstream.open_chunk(key, b"owner-1", 0, sealed) == b"plain"
    for owner, index in ((b"owner-2", 0), (b"owner-1", 1)):
        with pytest.raises(CannotDecrypt):
            docstream.open_chunk(key, owner, index, sealed)


class _Trickle(io.RawIOBase):
    """A file whose reads return at most 1000 bytes at a time (as a raw read may)."""

    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        chunk = self.inner.read(min(len(b), 1000))
        b[:len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("size", [0, 1, docstream.CHUNK, 2 * docstream.CHUNK + 17])
def test_decrypt_file_holds_the_document_once(size: int, tmp_path: Path) -> None:
    """Read from a file, the document is decrypted chunk by chunk into one buffer of its
    size (a read-only view of it), short reads included."""
    data = os.urandom(size)
    stream = b"".join(_enc(data))
    (tmp_path / "doc.sbd").write_bytes(stream)
    with (tmp_path / "doc.sbd").open("rb", buffering=0) as f:
        got = docstream.decrypt_file(KEY, HEADER, size, f)
    assert got == data and got.readonly and got.nbytes == size
    whole = got.obj
    assert isinstance(whole, ctypes.Array) and ctypes.sizeof(whole) == size  # nothing more
    trickled = docstream.decrypt_file(KEY, HEADER, size, _Trickle(stream))
    assert trickled == data


def test_decrypt_file_refuses_tampering() -> None:
    size = 2 * docstream.CHUNK + 5
    stream = bytearray(b"".join(_enc(os.urandom(size))))
    with pytest.raises(CannotDecrypt):  # cut short
        docstream.decrypt_file(KEY, HEADER, size, _Trickle(bytes(stream[:-1])))
    stream[docstream.CHUNK + 40] ^= 1  # a flipped byte in the second chunk
    with pytest.raises(CannotDecrypt):
        docstream.decrypt_file(KEY, HEADER, size, _Trickle(bytes(stream)))
    with pytest.raises(CannotDecrypt):  # another material's header
        docstream.decrypt_file(KEY, docstream.stream_header("pkg", "A001-M02"), size,
                               _Trickle(bytes(b"".join(_enc(b"x" * size)))))

