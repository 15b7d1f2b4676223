"""The key file: wrap/unwrap, typed failures, atomic passphrase change (also under SIGKILL)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.crypto import keyfile
from desktop.crypto.keyfile import (
    CHEAP_KDF,
    PRODUCTION_KDF,
    KdfParams,
    KeyFileCorrupt,
    WrongPassphrase,
)

ROOT = Path(__file__).resolve().parents[2]


def test_production_parameters_are_the_documented_ones() -> None:
    assert KdfParams(iterations=3, memory_kib=256 * 1024, lanes=4) == PRODUCTION_KDF


def test_create_unlock_round_trip_and_params_recorded(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    key = keyfile.create_key_file(path, "pass phrase", CHEAP_KDF)
    assert len(key) == 32
    assert keyfile.unlock_key_file(path, "pass phrase") == key
    assert keyfile.key_file_params(path) == CHEAP_KDF
    assert key.hex() not in path.read_text() and "pass phrase" not in path.read_text()
    with pytest.raises(Exception, match="already exists"):
        keyfile.create_key_file(path, "other", CHEAP_KDF)


def test_wrong_passphrase_is_distinct_from_corruption(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    keyfile.create_key_file(path, "right", CHEAP_KDF)
    with pytest.raises(WrongPassphrase):
        keyfile.unlock_key_file(path, "wrong")
    body = json.loads(path.read_text())
    drop = object()
    for field, value in (("salt", drop), ("format", "x"), ("m_kib", 10**12), ("extra", 1),
                         ("nonce", "!!"), ("t", True)):
        changed = dict(body)
        if value is drop:
            del changed[field]
        else:
            changed[field] = value
        path.write_text(json.dumps(changed))
        with pytest.raises(KeyFileCorrupt):
            keyfile.unlock_key_file(path, "right")
    for data in (b"", b"{", b"[]", b"\xff\xfe", b"x" * (keyfile.MAX_FILE_BYTES + 1)):
        path.write_bytes(data)
        with pytest.raises(KeyFileCorrupt):
            keyfile.unlock_key_file(path, "right")
    with pytest.raises(KeyFileCorrupt, match="missing"):
        keyfile.unlock_key_file(tmp_path / "nope.key", "right")


def test_header_is_authenticated(tmp_path: Path) -> None:
    # Raising t (a valid value) changes the derived key and the associated data: the unwrap fails.
    path = tmp_path / "case.key"
    keyfile.create_key_file(path, "right", CHEAP_KDF)
    body = json.loads(path.read_text())
    body["t"] = 2
    path.write_text(json.dumps(body))
    with pytest.raises(WrongPassphrase):
        keyfile.unlock_key_file(path, "right")


def test_every_byte_flip_of_the_wrapped_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    keyfile.create_key_file(path, "right", CHEAP_KDF)
    body = json.loads(path.read_text())
    raw = bytearray(keyfile._unb64(body["ciphertext"], "c", "f"))
    for i in range(len(raw)):
        flipped = bytearray(raw)
        flipped[i] ^= 0x01
        path.write_text(json.dumps(dict(body, ciphertext=keyfile._b64(bytes(flipped)))))
        with pytest.raises(WrongPassphrase):
            keyfile.unlock_key_file(path, "right")


def test_change_passphrase_keeps_the_data_key(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    key = keyfile.create_key_file(path, "old", CHEAP_KDF)
    with pytest.raises(WrongPassphrase):
        keyfile.change_key_file_passphrase(path, "not it", "new")
    keyfile.change_key_file_passphrase(path, "old", "new")
    assert keyfile.unlock_key_file(path, "new") == key
    with pytest.raises(WrongPassphrase):
        keyfile.unlock_key_file(path, "old")
    assert [p.name for p in tmp_path.iterdir()] == ["case.key"]  # no temporary left


def test_seal_unseal_other_format(tmp_path: Path) -> None:
    blob = keyfile.seal(b"secret body", "pw", CHEAP_KDF, "scorebook.identity/1")
    assert keyfile.unseal(blob, "pw", "f", "scorebook.identity/1") == b"secret body"
    with pytest.raises(KeyFileCorrupt):
        keyfile.unseal(blob, "pw", "f", keyfile.KEY_FILE_FORMAT)


CHILD = """
import sys
from pathlib import Path
from desktop.crypto import keyfile
path = Path(sys.argv[1])
params = keyfile.KdfParams(iterations=1, memory_kib=32 * 1024, lanes=1, test_only=True)
print("ready", flush=True)
keyfile.change_key_file_passphrase(path, "old", "new", params)
print("done", flush=True)
"""


def test_a_passphrase_change_killed_midway_leaves_exactly_one_passphrase(tmp_path: Path) -> None:
    rng = random.Random(7)
    outcomes = set()
    for attempt in range(12):
        path = tmp_path / f"k{attempt}" / "case.key"
        path.parent.mkdir()
        key = keyfile.create_key_file(path, "old", CHEAP_KDF)
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.12))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        works = []
        for candidate in ("old", "new"):
            try:
                assert keyfile.unlock_key_file(path, candidate) == key
                works.append(candidate)
            except WrongPassphrase:
                pass
        assert len(works) == 1, works
        outcomes.add(works[0])
    assert outcomes  # either outcome is correct; which one depends on the kill time
