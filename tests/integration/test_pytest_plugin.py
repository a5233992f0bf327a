"""The pytest plugin shipped with the package, run the way users run it."""

from __future__ import annotations

import pytest

from pylxd import Client

from .servers import Server

pytest_plugins = ["pytester"]

USER_TESTS = """
import pytest

def test_instance(pylxd_instance, pylxd_client):
    inst = pylxd_instance()
    assert inst.status == "Running"
    assert inst.execute(["echo", "ok"]).stdout == "ok\\n"
    assert inst.name in [i.name for i in pylxd_client.instances.all()]

async def test_async_client(pylxd_async_client):
    assert pylxd_async_client.trusted
    assert await pylxd_async_client.profiles.exists("default")

def test_failure_still_cleans_up(pylxd_instance):
    pylxd_instance(start=False)
    assert False, "failing on purpose"
"""


def test_plugin_fixtures(pytester: pytest.Pytester, server: Server) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-o", "asyncio_mode=auto", "--pylxd-endpoint", server.socket
    )
    result.assert_outcomes(passed=2, failed=1)
    client = Client(endpoint=server.socket)
    assert not [i.name for i in client.instances.all() if i.name.startswith("pytest-")]
    client.close()


def test_plugin_options_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--pylxd-endpoint*", "*--pylxd-image*"])
