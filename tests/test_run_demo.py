"""``make run``'s first step: the demo built once and summarised (headless), then reused."""

from __future__ import annotations

from pathlib import Path

from desktop.run_demo import ensure_demo


def test_the_demo_is_built_summarised_and_reused(tmp_path: Path) -> None:
    office, lines = ensure_demo(tmp_path / "demo", "baotou-hitech", 1)
    assert office == tmp_path / "demo" / "office" and office.is_dir()
    assert lines[0].startswith("Demo cycle baotou-hitech.2025 built")
    within = [line for line in lines if ": within quota " in line]
    assert within and within[0].startswith("hitech: within quota A")
    assert any("working days" in line for line in lines)  # the notice's period, in words
    again, said = ensure_demo(tmp_path / "demo", "baotou-hitech", 1)
    assert again == office and said[0].startswith("Reusing the demo workspace")
