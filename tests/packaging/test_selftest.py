"""The self-test in-process (the same code the built app runs with ``--self-test``): real
identities, a real encrypted case file and office workspace, a real bundle and a real PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from desktop import entry, selftest
from desktop.crypto import keyfile
from desktop.domain.messages import N_


def _run(**kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.run(out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_every_step_passes_and_the_folder_is_removed() -> None:
    code, text = _run()
    assert code == 0, text
    for step in selftest.STEPS:
        assert re.search(rf"^✓ {re.escape(step.name)} +\d+\.\d\d s", text, re.M), text
    assert "✗" not in text and "Self-test passed: 13 steps" in text
    assert "fast test KDF parameters" in text  # the cheap KDF is said out loud
    folder = Path(re.search(r"Temporary folder: (.+)", text).group(1))  # type: ignore[union-attr]
    assert not folder.exists()


def test_a_failure_names_its_step_and_skips_what_needs_it() -> None:
    def broken(ctx: selftest.Context) -> str:
        raise selftest.StepFailed("the medium is read-only")

    extra = [selftest.Step("broken", N_("write to the stick"), broken, ("case",)),
             selftest.Step("after", N_("read the stick back"), lambda ctx: "", ("broken",))]
    code, text = _run(extra_steps=extra)
    assert code == 1
    assert re.search(r"^✗ write to the stick .*the medium is read-only$", text, re.M), text
    assert re.search(r"^– read the stick back .*skipped: needs write to the stick$", text, re.M)
    assert "Self-test FAILED: write to the stick (the medium is read-only)" in text


def test_missing_resources_fail_the_resources_step(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    # A broken bundle: resources_dir() follows sys._MEIPASS, which holds nothing. Only the
    # resources step runs, so no cached catalogue is filled from the empty folder.
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(selftest, "STEPS", tuple(s for s in selftest.STEPS
                                                 if s.key == "resources"))
    code, text = _run()
    assert code == 1
    assert re.search(r"^✗ resources .*no resources folder", text, re.M), text


def test_other_kdf_parameters_drop_the_test_kdf_note() -> None:
    code, text = _run(kdf=keyfile.KdfParams(iterations=1, memory_kib=16, lanes=1, test_only=True))
    assert code == 0, text
    assert "fast test KDF parameters" not in text


def test_a_console_that_cannot_print_check_marks_gets_ascii() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", write_through=True)  # a Windows console
    assert selftest.run(stream) == 0
    text = raw.getvalue().decode("gbk")
    assert "[ok] reviewer identity" in text and "✓" not in text


def test_the_pdf_reader_finds_mongolian_through_actual_text(tmp_path: Path) -> None:
    from desktop.reports import documents
    from desktop.services.printing import samples

    path = documents.write(samples.consensus("mn_Mong_CN"), tmp_path / "c.pdf")
    found = selftest.pdf_text(path)
    assert any(samples.MONGOLIAN_NAME in t for t in found.actual_texts)
    assert "喆" in found.text and {"ScorebookSansSC", "ScorebookMongolian"} <= found.embedded_fonts


def test_entry_dispatch() -> None:
    assert entry.wants_gui([], "/opt/scorebook/scorebook-app")
    assert entry.wants_gui(["--demo"], "C:/Scorebook/scorebook-app.exe")
    assert entry.wants_gui([], "/opt/scorebook/scorebook")  # bare console exe: the app
    assert not entry.wants_gui(["case", "status"], "/opt/scorebook/scorebook")


def test_entry_runs_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["programmes", "list", "--json"]) == 0
    assert "nmg-chairman" in capsys.readouterr().out
