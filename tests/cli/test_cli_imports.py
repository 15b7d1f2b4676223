"""The command line starts light (issue 26): importing its entry points, building its parser and
answering ``--help`` or a verb that opens no file load neither SQLAlchemy nor reportlab nor Qt
(nor the cryptography): the services are imported by the handlers. Each check runs in a fresh
interpreter and reads ``sys.modules``; nothing here is timed (bench/bench_cli.py times it)."""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import desktop.cli
from desktop.cli import main as cli_main
from desktop.i18n import current_language, set_language

HEAVY = ("sqlalchemy", "reportlab", "PySide6", "cryptography", "desktop.models",
         "desktop.reports.documents", "desktop.services.case", "desktop.services.office.workspace")


def _loaded(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; which heavy modules it loaded and its exit."""
    probe = (
        "import contextlib, io, json, sys\n"
        "out = io.StringIO()\n"
        "code = 0\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        + "".join(f"        {line}\n" for line in code.splitlines()) +
        "    except SystemExit as exc:\n"
        "        code = exc.code or 0\n"
        f"heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') "
        f"for h in {HEAVY!r}))\n"
        "print(json.dumps({'heavy': heavy, 'code': code, 'out': out.getvalue()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("code", [
    "import desktop.cli.main",
    "import desktop.entry",
    "from desktop.cli.main import build_parser\nbuild_parser()",  # every verb of every command
])
def test_importing_and_building_the_parser_is_light(code: str) -> None:
    assert _loaded(code)["heavy"] == []


@pytest.mark.parametrize(("argv", "needle"), [
    (["--help"], "COMMAND"),
    (["--lang", "zh_CN", "--help"], "COMMAND"),
    (["--lang", "mn_Mong_CN", "office", "cycle", "--help"], "VERB"),
    (["case", "status", "--help"], "--case"),
    (["print", "--help"], "sample"),
    (["programmes", "list"], "baotou-hitech"),
    (["criteria", "show", "--json"], "total_points"),
    (["--version"], "scorebook"),
])
def test_a_verb_that_opens_no_file_stays_light(argv: list[str], needle: str) -> None:
    for entry in ("desktop.cli.main", "desktop.entry"):  # `scorebook`, and the packaged one
        found = _loaded(f"from {entry} import main\nsys.exit(main({argv!r}))")
        assert found["heavy"] == [], (entry, argv)
        assert found["code"] == 0 and needle in str(found["out"]), (entry, argv, found)


CASE_HEAVY = ("sqlalchemy", "alembic", "reportlab", "PySide6", "desktop.models.engine",
              "desktop.models.case", "desktop.services.case", "desktop.services.case_open")


@pytest.mark.parametrize("json_out", [False, True])
def test_case_status_reads_the_case_without_sqlalchemy(tmp_path: Path, json_out: bool) -> None:
    """``scorebook case status`` on a current case (issue 26): the light read-only open, so the
    process loads neither SQLAlchemy nor Alembic, reportlab or Qt (``sys.modules`` at its end),
    and prints the status the full open reads."""
    from desktop.services.case_light import status as light_status
    from tests.models.case_world import PASSPHRASE, make_world

    folder = tmp_path / "case"
    with make_world(tmp_path).create(folder) as case:
        case.score_item("A001", "onsite", case.framework.items[0].id, 60, "优势", "")
        full = case.status()
    assert light_status(folder, PASSPHRASE) == full
    argv = ["case", "status", "--case", str(folder), *(["--json"] if json_out else [])]
    probe = ("import json, sys\nfrom desktop.cli.main import main\n"
             f"code = main({argv!r})\n"
             "print(json.dumps({'code': code, 'heavy': sorted(m for m in sys.modules if any("
             f"m == h or m.startswith(h + '.') for h in {CASE_HEAVY!r}))}}))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120,
                          env={**os.environ, "SCOREBOOK_PASSPHRASE": PASSPHRASE})
    *printed, last = done.stdout.splitlines()
    assert json.loads(last) == {"code": 0, "heavy": []}
    if json_out:
        assert json.loads("\n".join(printed))["audit_head"] == full.audit_head
    else:
        assert "chain intact" in "\n".join(printed) and full.case_id in printed[0]


def test_a_usage_error_is_light_and_exits_2() -> None:
    found = _loaded("from desktop.cli.main import main\nsys.exit(main(['frobnicate']))")
    assert found == {"heavy": [], "code": 2, "out": ""}


@pytest.mark.parametrize("language", ["en", "zh_CN", "mn_Mong_CN"])
def test_the_light_parser_helps_as_the_whole_one(language: str) -> None:
    """``scorebook --help`` names each command with the help its own module gives it."""
    before = current_language()
    set_language(language)
    try:
        whole = cli_main.build_parser()
        light = cli_main.build_parser(every=False)
        assert light.format_help() == whole.format_help()
        for name in cli_main.COMMANDS:  # the command on the line is built whole
            one = cli_main.build_parser(name, every=False)
            assert _subparser(one, name).format_help() == _subparser(whole, name).format_help()
    finally:
        set_language(before)


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = action.choices[name]
    return found


def test_every_module_with_a_register_is_a_verb_module() -> None:
    folder = Path(desktop.cli.__file__).parent
    registering = {p.stem for p in folder.glob("*.py")
                   if any(isinstance(n, ast.FunctionDef) and n.name == "register"
                          for n in ast.parse(p.read_text(encoding="utf-8")).body)}
    assert registering == set(cli_main.VERB_MODULES)


@pytest.mark.parametrize(("argv", "command"), [
    ([], None), (["--help"], None), (["--lang", "zh_CN", "case", "status"], "case"),
    (["--lang=zh_CN", "office"], "office"), (["--lang", "office", "print"], "print"),
    (["frobnicate", "case"], None), (["--", "demo", "x"], "demo"),
])
def test_command_of(argv: list[str], command: str | None) -> None:
    assert cli_main.command_of(argv) == command


def test_the_choices_named_in_the_parser_are_the_services() -> None:
    """The parser names a few services' choices itself (so it is built without them)."""
    from desktop.cli import case as case_cli
    from desktop.cli import case_findings, office_common, office_sheets, team_findings
    from desktop.cli import print as print_cli
    from desktop.domain.findings import FindingKind, Outcome
    from desktop.services import printing
    from desktop.services.case_types import Assessment, RecusalReason
    from desktop.services.office import applicants, cycle, sheets_export

    assert print_cli.SAMPLE_KINDS == printing.SAMPLE_KINDS
    assert set(print_cli.OFFICE_KINDS) <= set(printing.OFFICE_KINDS)
    assert office_common.APPLICANT_KINDS == applicants.KINDS
    assert office_common.SECRET_KINDS == applicants.SECRET_KINDS
    assert tuple(sorted(cycle.OFFICE_KEYS)) == office_common.SETTING_KEYS
    assert tuple(office_sheets.EXPORT_HELP) == sheets_export.EXPORT_KINDS
    assert tuple(k.value for k in RecusalReason) == case_cli.RECUSAL_REASONS
    assert tuple(a.value for a in Assessment) == case_cli.ASSESSMENTS
    assert tuple(o.value for o in Outcome) == case_findings.OUTCOMES == team_findings.OUTCOMES
    assert set(case_findings.OUTCOME_TEXT) == set(Outcome)
    assert set(case_findings.KIND_TEXT) == {FindingKind.VERIFY, FindingKind.CLARIFY}
    assert tuple(k.value for k in FindingKind if k is not FindingKind.RESOLUTION) == \
        team_findings.WRITTEN_KINDS


def test_an_english_or_c_locale_needs_no_babel() -> None:
    """``LANG=en_US.UTF-8`` or ``C.UTF-8`` (the usual shells) answer without loading Babel."""
    probe = ("import sys\nfrom desktop.i18n import normalise\n"
             "got = [normalise(t) for t in ('en_US.UTF-8', 'C.UTF-8', 'POSIX', 'zh_CN.UTF-8')]\n"
             "print(got, 'babel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip() == "['en', 'en', 'en', 'zh_CN'] False"
    from desktop.i18n import normalise  # the rest still goes through Babel

    assert [normalise(t) for t in ("zh-Hant-TW", "mn_CN", "mn_MN", "de_DE")] == [
        "zh_CN", "mn_Mong_CN", "en", "en"]


def test_the_process_own_command_line_freezes_the_heap_before_its_exit() -> None:
    """Run as the process's command line (argv None), ``main`` moves the objects out of the
    cyclic collector's reach before the interpreter's teardown; called with an argv (tests, the
    window's callers) it leaves the collector alone. Output and exit status are the same."""
    probe = ("import gc, sys\nfrom desktop.cli.main import main\n"
             "sys.argv = ['scorebook', 'criteria', 'show', '--json']\n"
             "code = main()\nprint(code, gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "0 True"
    assert '"total_points": 1000' in done.stdout
    import gc

    before = gc.get_freeze_count()
    assert cli_main.main(["criteria", "show", "--json"]) == 0
    assert gc.get_freeze_count() == before


@pytest.mark.parametrize("code", [None, "", "2025", "nmg-chairman", "nmg-chairman.2025",
                                  "baotou-hitech.7", "nmg-chairman.x", ".2025", "nope.2025",
                                  "a.b.3"])
def test_the_light_programme_of_cycle_is_the_services(code: str | None) -> None:
    from desktop.cli import programme_names
    from desktop.services.programmes import programme_of_cycle

    assert programme_names.programme_of_cycle(code) == programme_of_cycle(code)
