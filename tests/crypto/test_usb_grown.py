"""``read_capped`` reads the size it saw and one byte more (issue 26, h27m: a read of the whole
cap allocated 16 MiB per file): a file that grew after its size was taken is still read whole up
to the cap, and refused beyond it, as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.crypto.errors import TooLarge
from desktop.crypto.usb import read_capped


class _Stale(type(Path())):  # type: ignore[misc]
    """A path whose size was taken before the file grew."""

    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
        real = super().stat(follow_symlinks=follow_symlinks)
        return os.stat_result((*real[:6], 10, *real[7:]))


def test_a_file_grown_since_its_size_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "grown.sbb"
    path.write_bytes(bytes(range(256)) * 3)
    assert _Stale(path).stat().st_size == 10
    assert read_capped(_Stale(path), 768) == bytes(range(256)) * 3
    with pytest.raises(TooLarge):
        read_capped(_Stale(path), 767)
    assert read_capped(path, 768) == bytes(range(256)) * 3
    empty = tmp_path / "empty.sbb"
    empty.write_bytes(b"")
    assert read_capped(empty, 10) == b""
