"""The shipped scoring frameworks (criteria), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from desktop.domain.criteria import Framework
from desktop.domain.errors import CriteriaError, NotFound
from desktop.domain.messages import N_, Msg
from desktop.paths import resource
from desktop.services.files import read_data_file

DEFAULT_FRAMEWORK = "gbt19580-2012"


def load_framework_file(path: Path) -> Framework:
    return Framework.from_mapping(read_data_file(path, CriteriaError), str(path))


@cache
def framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    path = resource("criteria", f"{framework_id}.toml")
    if not path.exists():
        raise NotFound(Msg(N_("Unknown scoring framework '{id}'"), {"id": framework_id}))
    return load_framework_file(path)


def framework_for_ref(ref: str) -> Framework:
    """Resolve a recorded ``id@version`` reference; refuse a version we do not ship."""
    fid, _, version = ref.partition("@")
    fw = framework(fid)
    if version and version != fw.version:
        raise NotFound(Msg(N_("Scoring framework {id} version {version} is not available "
                              "(this copy has {have})"),
                           {"id": fid, "version": version, "have": fw.version}))
    return fw
