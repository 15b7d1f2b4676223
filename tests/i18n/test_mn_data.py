"""The Mongolian of the data files (criteria, programmes, the template's examples) and of the code
follows the catalog's rules: ``python -m desktop.i18n.mn_check --data`` stays clean, and a bad name
in a data file is found (each kind of error shown with a bad entry)."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.i18n.mn_check import MVS, NNBSP, Rule, check_data, check_text, main
from desktop.i18n.mn_width import data_names
from desktop.services.catalogue import framework
from desktop.services.programmes import list_programmes

ROOT = Path(__file__).resolve().parents[2]


def test_every_mongolian_text_of_the_data_is_checked() -> None:
    kinds = {where.split(":", 1)[1] for where, _text in data_names()}
    # names, the descriptors' texts, the dimension headings, the template's commented examples
    assert {"name_mn", "mn", "dimensions_mn", "# name_mn"} <= kinds
    texts = [text for _where, text in data_names()]
    assert framework().item("4.4.5").name_mn in texts
    assert all(p.name_mn in texts for p in list_programmes())


def test_the_shipped_data_passes_and_the_data_mode_says_so(capsys: object) -> None:
    assert check_data() == []
    main(["--data"])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "criteria/" not in out and "programmes/" not in out


def test_the_corrected_forms_are_the_ones_shipped() -> None:
    fw = framework()
    assert fw.item("4.1.2").name_mn == f"ᠳᠡᠭᠡᠳᠦ ᠤᠳᠤᠷᠢᠳᠤᠯ{NNBSP}ᠤᠨ ᠡᠭᠦᠷᠭᠡ"
    assert fw.item("4.4.5").name_mn == f"ᠲᠧᠭᠨᠢᠭ ᠮᠡᠷᠭᠡᠵᠢᠯ{NNBSP}ᠦᠨ ᠨᠥᠭᠥᠴᠡ"
    assert {c.id: c.name_mn for c in fw.categories}["4.7"] == f"ᠦᠷ{MVS}ᠡ ᠳ\u180bᠦᠩ"
    by_id = {p.id: p for p in list_programmes()}
    chairman = by_id["nmg-chairman"]
    assert chairman.name_mn is not None and f"ᠴᠢᠨᠠᠷ{NNBSP}ᠤᠨ ᠱᠠᠩᠨᠠᠯ" in chairman.name_mn
    assert chairman.stage("material").name_mn == f"ᠮᠠᠲ\u180bᠧᠷᠢᠶᠠᠯ{NNBSP}ᠤᠨ ᠦᠨᠡᠯᠡᠯ"
    assert chairman.stage("onsite").name_mn == "ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠦᠨᠡᠯᠡᠯ"


BAD_CRITERIA = '''
name_mn = "ᠦᠷ\\u180eᠡ ᠳᠦᠨ"
[[items]]
name_mn = "ᠳᠡᠭᠡᠳᠦ ᠤᠳᠤᠷᠢᠳᠤᠯ ᠤᠨ ᠦᠦᠷᠭᠡ"
[descriptors.process]
1 = { zh = "无", en = "none", mn = "ᠲᠤᠰ ᠲᠤᠰ\\u202fᠢᠶᠡᠨ ᠠᠵᠢᠯᠯᠠᠨ\\u180eᠠ." }
'''
BAD_PROGRAMME = '''
name_mn = "ᠠᠶᠢᠮᠠᠭ\\u202fᠤᠨ ᠴᠠᠨᠠᠷ\\u202fᠤᠨ ᠱᠠᠩᠨᠠᠯ"
[[stages]]
name_mn = "ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷ\\u180eᠡ\\u202fᠬᠢ ᠦᠨᠡᠯᠡᠯ"
# name_mn = "ᠮᠠᠲᠡᠷᠢᠶᠠᠯ\\u202fᠤᠨ ᠦᠨᠡᠯᠡᠯ"
'''


def test_a_bad_data_file_is_found(tmp_path: Path) -> None:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "programmes").mkdir()
    (tmp_path / "criteria" / "bad.toml").write_text(BAD_CRITERIA, encoding="utf-8")
    (tmp_path / "programmes" / "bad.toml").write_text(BAD_PROGRAMME, encoding="utf-8")
    found = {(f.msgid, f.rule) for f in check_data(tmp_path)}
    assert ("criteria/bad.toml:name_mn", Rule.SPELLING) in found  # ᠦᠷ᠎ᠡ ᠳᠦᠨ, ᠦᠦᠷᠭᠡ
    assert ("criteria/bad.toml:name_mn", Rule.NNBSP) in found  # ᠤᠳᠤᠷᠢᠳᠤᠯ ᠤᠨ
    assert ("criteria/bad.toml:mn", Rule.SUFFIX) in found  # ᠲᠤᠰ‿ᠢᠶᠡᠨ
    assert ("criteria/bad.toml:mn", Rule.PUNCTUATION) in found  # ASCII full stop
    assert ("programmes/bad.toml:name_mn", Rule.JOIN) in found  # ᠳᠡᠭᠡᠷ᠎ᠡ‿ᠬᠢ
    assert ("programmes/bad.toml:# name_mn", Rule.HARMONY) in found  # ᠮᠠᠲᠡᠷᠢᠶᠠᠯ
    assert sum(1 for f in check_data(tmp_path) if "ᠴᠠᠨᠠᠷ" in f.where) == 1


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants with Mongolian letters in a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings
            and any("\u1820" <= ch <= "\u18af" for ch in node.value)]


def test_mongolian_written_in_the_code_follows_the_rules() -> None:
    # the checker's own tables (bare suffixes, vowel pairs) are the rules, not text
    skip = {ROOT / "desktop" / "i18n" / "mn_check.py"}
    bad = [f"{path.relative_to(ROOT)}:{line}: {finding}"
           for path in sorted((ROOT / "desktop").rglob("*.py")) if path not in skip
           for line, text in _code_strings(path) for finding in check_text(text)]
    assert not bad, "\n".join(bad)
    # and the scan sees the date field's pattern, the sample reviewer and the formatting units
    seen = {text for path in (ROOT / "desktop").rglob("*.py") for _l, text in _code_strings(path)}
    assert any("ᠣᠨ\u202fᠤ" in text for text in seen)
