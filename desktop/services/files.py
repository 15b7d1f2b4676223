"""Reading data files (TOML, JSON) into plain mappings, and received text files within a size
cap, with typed errors that name the file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from desktop.crypto.usb import read_capped
from desktop.domain.errors import FileFormatError
from desktop.domain.messages import N_

MAX_DATA_FILE = 8 * 1024 * 1024


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key '{key}'")
        out[key] = value
    return out


def read_data_file(path: Path, error: type[FileFormatError] = FileFormatError) -> dict[str, Any]:
    """Parse a ``.toml`` or ``.json`` file; raise ``error`` naming the file and the problem."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_DATA_FILE:
            raise error(name, "(file)", N_("file is larger than {limit} MiB"), limit=8)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(name, "(file)", N_("no such file")) from None
    except IsADirectoryError:
        raise error(name, "(file)", N_("is a folder, not a file")) from None
    except PermissionError:
        raise error(name, "(file)", N_("permission denied")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(name, "(file)", N_("not UTF-8 text")) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text, object_pairs_hook=_reject_duplicates,
                              parse_constant=_no_constants)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        else:
            raise error(name, "(file)", N_("unknown file type '{suffix}': use .toml or .json"),
                        suffix=suffix)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise error(name, "(syntax)", N_("cannot be parsed: {detail}"), detail=str(exc)) from None
    if not isinstance(data, dict):
        raise error(name, "(file)", N_("not a table of fields"))
    return data


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not allowed")


def read_capped_text(path: Path, limit: int) -> str:
    """A UTF-8 text file received from outside (a material's text, facts, ballots): refused
    before reading when larger than ``limit`` bytes (``TooLarge``); ``ReadFailed`` when it cannot
    be read; ``FileFormatError`` when it is not UTF-8."""
    data = read_capped(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(str(path), "(file)", N_("not UTF-8 text")) from None
