"""The optional ``name_mn`` fields documented in resources/programmes/README.md and TEMPLATE.toml:
the template validates as shipped, and with its ``name_mn`` lines uncommented the parser takes
them for the programme, the award category and the stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.errors import ProgrammeError
from desktop.paths import resource
from desktop.services.programmes import validate_file

TEMPLATE = Path(resource("programmes", "TEMPLATE.toml"))
README = Path(resource("programmes", "README.md"))


def test_template_name_mn_lines_parse(tmp_path: Path) -> None:
    shipped = validate_file(TEMPLATE)
    assert shipped.name_mn is None
    text = TEMPLATE.read_text(encoding="utf-8")
    lines = [line[2:] if line.startswith("# name_mn = ") else line for line in text.splitlines()]
    assert sum(1 for line in lines if line.startswith("name_mn = ")) == 3
    path = tmp_path / "example-award.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = validate_file(path)
    assert p.name_mn is not None and "\u202fᠶᠢᠨ" in p.name_mn and "\u180e" in p.name_mn
    assert p.awards[0].name_mn is not None
    assert p.stage("material").name_mn == "ᠮᠠᠲ\u180bᠧᠷᠢᠶᠠᠯ\u202fᠤᠨ ᠦᠨᠡᠯᠡᠯ"
    assert p.stage("onsite").name_mn is None  # optional per stage


@pytest.mark.parametrize("value", ['""', '"Hohhot"'])
def test_name_mn_must_be_mongolian_script(tmp_path: Path, value: str) -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "# name_mn = \"ᠬᠣᠲᠠ", "name_mn = " + value + "  # \"ᠬᠣᠲᠠ", 1)
    path = tmp_path / "example-award.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProgrammeError):
        validate_file(path)


def test_readme_documents_name_mn_where_the_parser_takes_it() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Mongolian names (`name_mn`)")[1].split("\n## ")[0]
    for where in ("top level", "[[awards]]", "[[stages]]", "\\u202f", "\\u180e"):
        assert where in section
