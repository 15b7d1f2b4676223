"""No secret on a command line: declared secret passages come only from a file (or stdin), and
every free-text option that may hold confidential content has a ``--…-file`` form, read for real
into a real case file or office workspace."""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli.main import build_parser, main
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code
from desktop.models import case as m
from desktop.models.office.decision import Objection
from desktop.models.office.people import DeclaredSecret
from desktop.services.case import open_case
from desktop.services.office.cycle import open_cycle
from desktop.services.office.workspace import init_workspace
from tests.models.case_world import PASSPHRASE, World, make_world

# Options whose text may be confidential: each must have a file form beside it.
CONFIDENTIAL = {"--strengths", "--improvements", "--why", "--text", "--note", "--reason",
                "--summary", "--item"}


def _verbs(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
           ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from _verbs(child, (*path, name))


def test_every_confidential_option_has_a_file_form_and_no_secret_is_an_argument() -> None:
    checked = 0
    for path, parser in _verbs(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        rationale = any("RATIONALE" in str(a.metavar) for a in parser._actions)
        for option in options & CONFIDENTIAL:
            action = next(a for a in parser._actions if option in a.option_strings)
            if action.choices or (option == "--item" and not rationale):
                continue  # a fixed choice (``case recuse --reason``) or a criteria item id
            companion = "--items-file" if option == "--item" else option + "-file"
            assert companion in options, f"{' '.join(path)}: {option} without {companion}"
            assert action.help and companion in action.help, (path, option)  # prefer the file
            checked += 1
        # a declared secret passage is never a command-line value
        assert not {o for o in options if "secret" in o} - {"--secrets-file", "--secret-kind"}, \
            path
    assert checked == 21  # history add, revoke, decide-revoked, disqualify, chain resolve,
    # case issue note (--text, --why), team finding add, edit, resolve (--text)


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    stream = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stream)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


# --- the office --------------------------------------------------------------------------------

MATERIAL = ("第一章 企业概况\n本公司采用自主研发的低温催化工艺，反应温度控制在 185 ℃。\n"
            "核心客户包括 甲乙丙集团 与 丁戊公司。\n")
PASSAGES = ["低温催化工艺，反应温度控制在 185 ℃", "甲乙丙集团 与 丁戊公司"]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "office"
    with init_workspace(folder, PASSPHRASE, "Review Office", kdf=CHEAP_KDF) as ws:
        open_cycle(ws, "hohhot-mayor", 2025)
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(folder))
    return folder


def _rows(office: Path, model: Any) -> list[Any]:
    from desktop.services.office.workspace import open_workspace

    with open_workspace(office, PASSPHRASE) as ws, ws.uow() as s:
        rows = list(s.execute(select(model)).scalars())
        s.expunge_all()
        return rows


def _secrets_in(office: Path) -> list[tuple[str, str]]:
    return sorted((r.kind, r.passage) for r in _rows(office, DeclaredSecret))


def test_secret_passages_come_from_a_file_or_stdin(office: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    material = tmp_path / "材料.txt"
    material.write_text(MATERIAL, encoding="utf-8")
    secrets = tmp_path / "secrets.txt"
    secrets.write_text("\n" + PASSAGES[0] + "\r\n\n  " + PASSAGES[1] + "  \n", encoding="utf-8")
    rng = random.Random(5)
    codes = iter([credit_code.generate(rng, "150100") for _ in range(3)])
    add = ["office", "applicant", "add", "--award", "organisation", "--material", str(material)]

    code, data, err = _run(capsys, *add, "甲公司", "--credit-code", next(codes),
                           "--secrets-file", str(secrets))
    assert code == 0, err
    assert data["declared_secrets"] == 2
    _stdin(monkeypatch, PASSAGES[1] + "\n")
    code, data, err = _run(capsys, *add, "乙公司", "--credit-code", next(codes),
                           "--secrets-file", "-", "--secret-kind", "technical")
    assert code == 0, err
    assert data["declared_secrets"] == 1
    assert _secrets_in(office) == sorted([("trade", PASSAGES[0]), ("trade", PASSAGES[1]),
                                          ("technical", PASSAGES[1])])

    # the old argument form is gone: argparse refuses it (usage, exit 2)
    with pytest.raises(SystemExit) as usage:
        main([*add, "丙公司", "--secret", PASSAGES[0]])
    assert usage.value.code == 2
    assert PASSAGES[0] not in capsys.readouterr().err
    # a passage not in the material is refused, without repeating the passage
    secrets.write_text("不在材料中的一段机密文字\n", encoding="utf-8")
    code, _, err = _run(capsys, *add, "丙公司", "--credit-code", next(codes),
                        "--secrets-file", str(secrets))
    assert code == 3 and "does not occur" in err and "机密文字" not in err
    # a secrets file without a material, or an empty one, is a usage error
    code, _, err = _run(capsys, "office", "applicant", "add", "丁公司", "--award",
                        "organisation", "--secrets-file", str(secrets))
    assert code == 2 and "--material" in err
    secrets.write_text("\n  \n", encoding="utf-8")
    code, _, err = _run(capsys, *add, "丁公司", "--secrets-file", str(secrets))
    assert code == 2 and "empty" in err
    assert len(_secrets_in(office)) == 3  # nothing half-added


def test_office_notes_summaries_and_rationales_from_files(office: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    code, _, err = _run(capsys, "office", "applicant", "add", "甲公司", "--award",
                        "organisation", "--credit-code",
                        credit_code.generate(random.Random(9), "150100"))
    assert code == 0, err
    card = tmp_path / "R01.card"
    reviewer = ReviewerIdentity.generate("R01", "评审员一")
    card.write_bytes(make_card(reviewer))
    assert _run(capsys, "office", "reviewer", "enrol", str(card), "--fingerprint",
                reviewer.fingerprint)[0] == 0
    note = tmp_path / "note.txt"
    note.write_text("评审员曾任该企业技术顾问（2023 年）\n", encoding="utf-8")
    code, _, err = _run(capsys, "office", "conflict", "add", "R01", "A001", "--kind",
                        "consulting", "--note-file", str(note))
    assert code == 0, err
    listed = _run(capsys, "office", "conflict", "list")[1]
    assert [d["note"] for c in listed for d in c["declarations"]] == [
        "评审员曾任该企业技术顾问（2023 年）"]

    _stdin(monkeypatch, "举报人称申报材料中的质量数据不实\n")
    code, _, err = _run(capsys, "office", "objection", "A001", "--summary-file", "-",
                       "--on", "2025-10-01")
    assert code == 0, err
    assert [o.summary for o in _rows(office, Objection)] == ["举报人称申报材料中的质量数据不实"]

    # both forms at once is a usage error; so is a missing file (named, exit 2)
    with pytest.raises(SystemExit) as usage:
        main(["office", "objection", "A001", "--summary", "x", "--summary-file", str(note)])
    assert usage.value.code == 2
    capsys.readouterr()
    code, _, err = _run(capsys, "office", "objection", "A001", "--summary-file",
                        str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err


# --- the reviewer's case ---------------------------------------------------------------------


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


@pytest.fixture
def case_dir(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "case"
    world.create(folder).close()
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", PASSPHRASE)
    return folder


def test_comments_recusal_and_feedback_from_files(case_dir: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--case", str(case_dir))
    strengths = tmp_path / "strengths.txt"
    strengths.write_bytes("\ufeff该企业的低温催化工艺\n使能耗下降 12%。\n".encode())  # BOM, 2 lines
    _stdin(monkeypatch, "建议加强供应链风险评估\n")
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                        "onsite", "--item", "4.1.2", "--percent", "70", "--strengths-file",
                        str(strengths), "--improvements-file", "-")
    assert code == 0, err
    # two options cannot both read stdin; an empty file is refused (nothing saved)
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                        "onsite", "--item", "4.1.2", "--strengths-file", "-",
                        "--improvements-file", "-")
    assert code == 2 and "standard input" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                        "onsite", "--item", "4.1.2", "--strengths-file", str(empty))
    assert code == 2 and "empty" in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00 not utf-8")
    code, _, err = _run(capsys, "case", "score", *base, "--applicant", "A001", "--stage",
                        "onsite", "--item", "4.1.2", "--why-file", str(bad))
    assert code == 2 and "UTF-8" in err

    declaration = tmp_path / "recusal.txt"
    declaration.write_text("申报单位总经理是我的配偶\n", encoding="utf-8")
    code, _, err = _run(capsys, "case", "recuse", *base, "--applicant", "A002", "--reason",
                        "kinship", "--text-file", str(declaration))
    assert code == 0, err
    with pytest.raises(SystemExit) as usage:  # one of --text / --text-file is required
        main(["case", "recuse", *base, "--applicant", "A003", "--reason", "kinship"])
    assert usage.value.code == 2
    capsys.readouterr()
    _stdin(monkeypatch, "企业人员在评审期间试图赠送礼品\n")
    code, _, err = _run(capsys, "case", "feedback", *base, "--applicant", "A001",
                        "--assessment", "concerns", "--text-file", "-")
    assert code == 0, err

    with open_case(case_dir, PASSPHRASE) as case:
        [view] = [v for v in case.scores("A001", "onsite") if v.item_id == "4.1.2"]
        assert (view.pct, view.strengths, view.improvements) == (
            70, "该企业的低温催化工艺\n使能耗下降 12%。", "建议加强供应链风险评估")
        recusals, feedback = case.run(lambda s: (
            [r.text for r in s.execute(select(m.Recusal)).scalars()],
            [f.text for f in s.execute(select(m.SupervisionFeedback)).scalars()]))
    assert recusals == ["申报单位总经理是我的配偶"]
    assert feedback == ["企业人员在评审期间试图赠送礼品"]
