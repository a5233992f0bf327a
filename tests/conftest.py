"""Session-wide checks: passes and skips per server for CI's log; tests against real daemons
start by sweeping what an interrupted earlier run left, and fail the run if they leave
anything behind themselves."""

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


def _uses_daemons(session: pytest.Session) -> bool:
    return any(
        part in ("integration", "faults") for item in session.items for part in item.path.parts
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    if not _uses_daemons(session):
        return
    from pylxd.exceptions import PylxdError

    from .integration.conftest import _reachable, _sweep
    from .integration.servers import selected

    for server in selected():
        if _reachable(server) is None:
            for _ in range(3):  # objects can vanish while being swept: sweep again
                try:
                    _sweep(server)
                    break
                except PylxdError:
                    continue


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _uses_daemons(session):
        return
    from .integration.conftest import _leftovers, _reachable
    from .integration.servers import selected

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for server in selected():
        if _reachable(server) is not None:
            continue
        left = _leftovers(server)
        if left and reporter is not None:
            reporter.write_line(f"LEFT BEHIND on {server.name}: {', '.join(left)}", red=True)
        if left:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
