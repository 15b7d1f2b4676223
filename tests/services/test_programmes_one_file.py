"""A programme asked by its id is read from its own file alone (a command naming one programme
parses no other), and is the very programme the whole catalogue holds."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.domain.errors import NotFound
from desktop.services import programmes


def test_one_programme_reads_its_own_file_only() -> None:
    script = (
        "import desktop.services.programmes as p, desktop.services.files as f\n"
        "seen = []\n"
        "read = f.read_data_file\n"
        "def spy(path, *a, **k):\n"
        "    seen.append(path.name)\n"
        "    return read(path, *a, **k)\n"
        "p.read_data_file = spy\n"
        "assert p.programme('hohhot-mayor').id == 'hohhot-mayor'\n"
        "print(seen)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['hohhot-mayor.toml']"


def test_the_same_programme_as_the_catalogue_holds() -> None:
    listed = {p.id: p for p in programmes.list_programmes()}
    assert len(listed) >= 5
    for pid, listed_one in listed.items():
        assert programmes.programme(pid) is listed_one


@pytest.mark.parametrize("bad", ["TEMPLATE", "template", "../criteria/gbt19580-2012",
                                 "hohhot-mayor.toml", "", "nowhere", "Hohhot-Mayor"])
def test_no_other_name_is_a_programme(bad: str) -> None:
    with pytest.raises(NotFound) as caught:
        programmes.programme(bad)
    assert "hohhot-mayor" in str(caught.value.message.params["known"])
