"""Session-wide checks: passes and skips per server for CI's log; tests against real daemons
start by sweeping what an interrupted earlier run left, and fail the run if they leave
anything behind themselves."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections import Counter, defaultdict
from typing import IO

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


# Every daemon-backed session holds this lock shared while it runs. The sweep and the leak
# check need it exclusively: with other sessions running (several people or agents sharing
# the daemons), what they see may be a live test's, so they are left out and say so.
_LOCK_PATH = "/tmp/pylxd-test-sessions.lock"
_lock: IO[str] | None = None


def _alone() -> bool:
    """Try to hold the session lock exclusively; fall back to sharing it."""
    assert _lock is not None
    try:
        fcntl.flock(_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        alone = True
    except BlockingIOError:
        alone = False
    fcntl.flock(_lock, fcntl.LOCK_SH)
    return alone


def pytest_collection_finish(session: pytest.Session) -> None:
    global _lock
    if not _uses_daemons(session):
        return
    _lock = open(_LOCK_PATH, "a")  # noqa: SIM115 - held until the process ends
    with contextlib.suppress(OSError):  # another user's file: theirs to share
        os.chmod(_LOCK_PATH, 0o666)
    if not _alone():
        _note(session, "other test sessions share the daemons: no sweep, no leak check")
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


def _note(session: pytest.Session, text: str) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(text, yellow=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _uses_daemons(session) or _lock is None:
        return
    if not _alone():
        if os.environ.get("CI") == "true":  # CI runs one session: another means trouble
            _note(session, "CI: another test session was running; the leak check cannot run")
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
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


def pytest_unconfigure(config: pytest.Config) -> None:
    global _lock
    if _lock is not None:  # the session is over: let the lock go (closing the file does)
        _lock.close()
        _lock = None
