"""Qt fixtures: bundled fonts, the real framework, an in-memory scorebook backend."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.domain.criteria import Framework
from desktop.services.catalogue import framework as load_framework
from desktop.ui.fonts import FontSet, load_bundled_fonts
from desktop.ui.models.scorebook_model import InMemoryScoreSink


@pytest.fixture(scope="session")
def fonts(qapp: QApplication) -> FontSet:
    return load_bundled_fonts()


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture
def sink(framework: Framework) -> InMemoryScoreSink:
    return InMemoryScoreSink(framework)
