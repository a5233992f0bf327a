"""Counts the integration tests that passed against each server, for CI's summary."""

from __future__ import annotations

from collections import Counter

import pytest

_passed: Counter[str] = Counter()
SERVER_IDS = ("lxd", "incus")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and "[" in report.nodeid:
        params = report.nodeid.rsplit("[", 1)[1].rstrip("]").split("-")
        for name in params:
            if name in SERVER_IDS:
                _passed[name] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = ", ".join(f"{n} against {name}" for name, n in sorted(_passed.items())) or "none"
    terminalreporter.write_line(f"integration tests passed per server: {counts}")
