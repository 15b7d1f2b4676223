"""Names listed in a printed document take the document's language (not the window's): the
consensus sheet's reviewers "张喆, 王堃" in English, "张喆、王堃" in Chinese, "张喆᠂ 王堃" in
Mongolian — read back from the written PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import i18n
from desktop.reports import documents
from desktop.reports.labels import Labels
from desktop.services.printing import samples
from tests.reports.conftest import read_back


@pytest.mark.parametrize(("language", "listed"), [
    ("en", "张喆, 王堃"), ("zh_CN", "张喆、王堃"), ("mn_Mong_CN", "张喆᠂ 王堃")])
def test_labels_join_in_the_document_language(language: str, listed: str) -> None:
    i18n.set_language("en")  # the window's language does not decide
    assert Labels(language).join(["张喆", "王堃"]) == listed


@pytest.mark.parametrize(("language", "listed"), [
    ("en", "张喆,王堃"), ("zh_CN", "张喆、王堃"), ("mn_Mong_CN", "张喆᠂王堃")])
def test_the_consensus_sheet_lists_its_reviewers_so(tmp_path: Path, language: str,
                                                     listed: str) -> None:
    out = tmp_path / f"consensus-{language}.pdf"
    documents.write(samples.SAMPLES["consensus"](language), out)
    text = "".join(read_back(out).text.split())
    assert listed in text, text[:400]
