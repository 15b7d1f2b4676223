"""The sample documents (``scorebook print sample``, docs/reports) name their stage in the
document's language: no English stage name left in a Chinese or Mongolian document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.reports.labels import Labels
from desktop.services.printing import samples

STAGES = sorted(set(re.findall(r'_context\(language, audience, "([^"]+)"\)',
                               Path(samples.__file__).read_text(encoding="utf-8"))))


def test_the_samples_name_their_stages() -> None:
    assert {"Material review", "Comprehensive review", "Committee vote"} <= set(STAGES)


@pytest.mark.parametrize("language", ["zh_CN", "mn_Mong_CN"])
def test_every_sample_stage_is_translated(language: str) -> None:
    labels = Labels(language)
    assert all(labels(stage) != stage for stage in STAGES), [
        stage for stage in STAGES if labels(stage) == stage]
    if language == "mn_Mong_CN":
        assert labels("Comprehensive review") == "ᠶᠡᠷᠦᠩᠬᠡᠢ ᠦᠨᠡᠯᠡᠯ"
