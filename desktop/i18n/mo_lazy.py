"""A compiled catalog (``.mo``) read when a message is asked for, not all at once.

``gettext.GNUTranslations`` decodes every one of a catalog's ~3,000 entries when it opens (15–20
ms of the window's start in Chinese or Mongolian on a 2-core machine). ``LazyTranslations``
indexes the original strings' bytes (slices of the file, one dict) and decodes a translation the
first time it is asked for; it answers ``gettext``, ``ngettext``, ``pgettext`` and
``npgettext`` exactly as ``GNUTranslations`` would for the same file (a test compares every
entry). Used for the process's interface language (``desktop.i18n.set_language``); code that
walks a whole catalog uses ``desktop.i18n.translator``'s ``GNUTranslations``.
"""

from __future__ import annotations

import gettext
import struct
from collections.abc import Callable
from operator import add

__all__ = ["LazyTranslations"]

_LE_MAGIC = 0x950412DE
_BE_MAGIC = 0xDE120495
_MISSING = object()


def _encoded(text: str, charset: str) -> bytes | None:
    try:
        return text.encode(charset)
    except UnicodeEncodeError:  # no key of the file can be it
        return None


def _germanic(n: int) -> int:
    return int(n != 1)


class LazyTranslations(gettext.NullTranslations):
    _fallback: gettext.NullTranslations | None  # NullTranslations' own (add_fallback)

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._decoded: dict[str, object] = {}
        self._charset_name = "utf-8"
        self._info_map: dict[str, str] = {}
        self.plural: Callable[[int], int] = _germanic  # until the header says, as GNUTranslations
        self._index(data)

    # --- reading the file ----------------------------------------------------------------------
    def _index(self, data: bytes) -> None:
        if len(data) < 20:
            raise OSError(0, "Bad magic number")
        (magic,) = struct.unpack("<I", data[:4])
        if magic == _LE_MAGIC:
            order = "<"
        elif magic == _BE_MAGIC:
            order = ">"
        else:
            raise OSError(0, "Bad magic number")
        version, count, originals, translations = struct.unpack(order + "4I", data[4:20])
        if version >> 16 not in (0, 1):
            raise OSError(0, f"Bad version number {version >> 16}")
        table = struct.unpack(f"{order}{2 * count}I", data[originals:originals + 8 * count])
        self._targets = struct.unpack(f"{order}{2 * count}I",
                                      data[translations:translations + 8 * count])
        offsets = table[1::2]
        # the keys cut out of the file at C speed (no Python loop over ~3,000 entries)
        keys = list(map(data.__getitem__, map(slice, offsets, map(add, offsets, table[0::2]))))
        self._by_key = dict(zip(keys, range(count), strict=True))
        self._keys = keys
        self._singulars: dict[bytes, int] | None = None  # made at the first plural asked
        header = self._by_key.get(b"")
        if header is not None:
            self._read_header(self._raw(header))

    def _by_singular(self) -> dict[bytes, int]:
        """A plural entry's key is "singular\0plural"; ngettext asks by the singular."""
        if self._singulars is None:
            self._singulars = {k.partition(b"\0")[0]: i for i, k in enumerate(self._keys)
                               if b"\0" in k}
        return self._singulars

    def _raw(self, index: int) -> bytes:
        length, off = self._targets[2 * index], self._targets[2 * index + 1]
        return self._data[off:off + length]

    def _read_header(self, raw: bytes) -> None:
        """What ``GNUTranslations`` reads from the header entry: the charset, Plural-Forms."""
        lastk = None
        for b_item in raw.split(b"\n"):
            item = b_item.decode().strip()
            if not item:
                continue
            if item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#"):
                continue
            k = v = None
            if ":" in item:
                k, v = item.split(":", 1)
                k = k.strip().lower()
                v = v.strip()
                self._info_map[k] = v
                lastk = k
            elif lastk:
                self._info_map[lastk] += "\n" + item
            if k == "content-type" and v is not None:
                self._charset_name = v.split("charset=")[1]
            elif k == "plural-forms" and v is not None:
                plural = v.split(";")[1].split("plural=")[1]
                self.plural = gettext.c2py(plural)

    def _lookup(self, key: str) -> str | None:
        found = self._decoded.get(key, _MISSING)
        if found is _MISSING:
            raw = _encoded(key, self._charset_name)
            index = None if raw is None else self._by_key.get(raw)
            found = None if index is None else self._raw(index).decode(self._charset_name)
            self._decoded[key] = found
        return found  # type: ignore[return-value]

    def _plural_forms(self, msgid1: str) -> list[str] | None:
        key = "\0" + msgid1  # a key no singular message can have (it would start with a NUL)
        found = self._decoded.get(key, _MISSING)
        if found is _MISSING:
            raw = _encoded(msgid1, self._charset_name)
            index = None if raw is None else self._by_singular().get(raw)
            found = (None if index is None
                     else self._raw(index).decode(self._charset_name).split("\0"))
            self._decoded[key] = found
        return found  # type: ignore[return-value]

    # --- the gettext interface -----------------------------------------------------------------
    def info(self) -> dict[str, str]:
        return self._info_map

    def charset(self) -> str:
        return self._charset_name

    def _singular(self, key: str) -> str | None:
        """A message, or else a plural entry's form for 1 (as GNUTranslations looks up)."""
        tmsg = self._lookup(key)
        if tmsg is None:
            forms = self._plural_forms(key)
            index = self.plural(1)
            if forms is not None and 0 <= index < len(forms):
                tmsg = forms[index]
        return tmsg

    def gettext(self, message: str) -> str:
        tmsg = self._singular(message)
        if tmsg is None:
            if self._fallback:
                return self._fallback.gettext(message)
            return message
        return tmsg

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plural_forms(msgid1)
        index = self.plural(n)
        if forms is None or not 0 <= index < len(forms):
            if self._fallback:
                return self._fallback.ngettext(msgid1, msgid2, n)
            return msgid1 if n == 1 else msgid2
        return forms[index]

    def pgettext(self, context: str, message: str) -> str:
        tmsg = self._singular(f"{context}\x04{message}")
        if tmsg is None:
            if self._fallback:
                return self._fallback.pgettext(context, message)
            return message
        return tmsg

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plural_forms(f"{context}\x04{msgid1}")
        index = self.plural(n)
        if forms is None or not 0 <= index < len(forms):
            if self._fallback:
                return self._fallback.npgettext(context, msgid1, msgid2, n)
            return msgid1 if n == 1 else msgid2
        return forms[index]
