"""Reports, for CI's log, how many integration tests passed and were skipped per server."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

SERVER_IDS = ("lxd", "incus")
_passed: Counter[str] = Counter()
_skipped: defaultdict[str, Counter[str]] = defaultdict(Counter)


def _server_of(nodeid: str) -> str | None:
    if "[" not in nodeid:
        return None
    params = nodeid.rsplit("[", 1)[1].rstrip("]").split("-")
    return next((p for p in params if p in SERVER_IDS), None)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    server = _server_of(report.nodeid)
    if server is None:
        return
    if report.when == "call" and report.passed:
        _passed[server] += 1
    elif report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped[server][reason.removeprefix("Skipped: ")] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = ", ".join(f"{n} against {name}" for name, n in sorted(_passed.items())) or "none"
    terminalreporter.write_line(f"integration tests passed per server: {counts}")
    for server in sorted(set(_passed) | set(_skipped)):
        reasons = _skipped.get(server, Counter())
        terminalreporter.write_line(f"skipped on {server}: {sum(reasons.values())}")
        for reason, n in sorted(reasons.items()):
            terminalreporter.write_line(f"  {n} x {reason}")
