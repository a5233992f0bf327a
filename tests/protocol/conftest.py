from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pylxd import _model

from .fakeserver import FakeServer


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeServer]:
    with FakeServer(tmp_path) as server:
        yield server


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_model, "_warned", set())
    monkeypatch.delenv("PYLXD_WARNINGS", raising=False)
