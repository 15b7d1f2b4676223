"""Verified writes to a folder (a USB stick): atomic, durable, read back and verified."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.crypto.bundle import MAX_BUNDLE_BYTES, build_bundle, open_bundle
from desktop.crypto.errors import CannotDecrypt, ReadBackFailed, ReadFailed, TooLarge, WriteFailed
from desktop.crypto.usb import file_name, read_capped, write_verified

from .conftest import World, manifest


def test_bundle_written_read_back_and_verified(world: World, tmp_path: Path) -> None:
    data = build_bundle(world.alice, manifest(), [world.office.enc_pub])
    seen: list[bytes] = []

    def verify(back: bytes) -> None:
        open_bundle(back, world.office, world.roster)
        seen.append(back)

    path = write_verified(tmp_path, data, verify)
    assert path.read_bytes() == data and seen == [data]
    assert path.suffix == ".sbb" and len(path.stem) == 32
    assert "R-001" not in path.name and "A-000" not in path.name
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    # The same bytes again land on the same name.
    assert write_verified(tmp_path, data, verify) == path
    assert len(list(tmp_path.iterdir())) == 1


def test_failed_rename_leaves_no_temp_file(tmp_path: Path) -> None:
    data = b"sealed bytes"
    (tmp_path / file_name(data, ".sbb")).mkdir()  # something in the way of the rename
    (tmp_path / file_name(data, ".sbb") / "x").write_bytes(b"")
    with pytest.raises(WriteFailed):
        write_verified(tmp_path, data, lambda b: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == [file_name(data, ".sbb")]


def test_missing_folder_is_a_write_failure(tmp_path: Path) -> None:
    with pytest.raises(WriteFailed):
        write_verified(tmp_path / "unplugged", b"data", lambda b: None)


def test_read_back_that_does_not_verify_removes_the_file(tmp_path: Path) -> None:
    expected = hashlib.sha256(b"what should be on the stick").hexdigest()

    def verify(back: bytes) -> None:  # a corrupted read-back shows as a hash mismatch
        if hashlib.sha256(back).hexdigest() != expected:
            raise CannotDecrypt()

    with pytest.raises(ReadBackFailed):
        write_verified(tmp_path, b"what ended up on the stick", verify)
    assert list(tmp_path.iterdir()) == []
    assert write_verified(tmp_path, b"what should be on the stick", verify).exists()


def test_verify_raising_value_error_is_also_a_read_back_failure(tmp_path: Path) -> None:
    def verify(back: bytes) -> None:
        raise ValueError("bad")

    with pytest.raises(ReadBackFailed):
        write_verified(tmp_path, b"x", verify, suffix=".sbp")
    assert list(tmp_path.iterdir()) == []


def test_read_capped_refuses_large_files_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.sbb"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_capped(path, 100)
    assert read_capped(path, 101) == b"x" * 101
    with pytest.raises(ReadFailed):
        read_capped(tmp_path / "gone.sbb", MAX_BUNDLE_BYTES)


def test_a_bug_in_verify_still_removes_the_file(tmp_path: Path) -> None:
    def verify(back: bytes) -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        write_verified(tmp_path, b"x", verify)
    assert list(tmp_path.iterdir()) == []
