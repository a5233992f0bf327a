"""Timing loops shared by the implementations (standard library only)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

MiB = 1 << 20


def _summary(samples: list[float], requests: int, iters: int, cpu: float) -> dict[str, Any]:
    return {
        "requests": requests / iters,
        "samples": samples,
        # The client's own share: the server dominates some scenarios' wall time, so this
        # shows the client's cost apart from it (all threads of this process).
        "cpu_pct": 100 * cpu / sum(samples),
        "cpu_ms": 1e3 * cpu / iters,  # per timed step
    }


def measure(
    step: Callable[[int], Any],
    iters: int,
    count: Callable[[], int],
    warmup: int = 1,
    teardown: Callable[[int], Any] | None = None,
) -> dict[str, Any]:
    """Run ``step(i)`` ``warmup`` times untimed (first-use costs: connection, lazy imports),
    then ``iters`` times timed one by one. ``count()`` reads the client's request counter:
    the result has the median time and the requests per timed step. ``teardown(i)``, if
    given, runs after each step, neither timed nor counted in the CPU time."""
    for i in range(warmup):
        step(-1 - i)
        if teardown is not None:
            teardown(-1 - i)
    before, cpu = count(), 0.0
    samples = []
    for i in range(iters):
        c0, t0 = time.process_time(), time.perf_counter()
        step(i)
        samples.append(time.perf_counter() - t0)
        cpu += time.process_time() - c0
        if teardown is not None:
            teardown(i)
    return _summary(samples, count() - before, iters, cpu)


async def ameasure(
    step: Callable[[int], Awaitable[Any]],
    iters: int,
    count: Callable[[], int],
    warmup: int = 1,
    teardown: Callable[[int], Any] | None = None,
) -> dict[str, Any]:
    """:func:`measure` for a coroutine step (``teardown`` is a plain call)."""
    for i in range(warmup):
        await step(-1 - i)
        if teardown is not None:
            teardown(-1 - i)
    before, cpu = count(), 0.0
    samples = []
    for i in range(iters):
        c0, t0 = time.process_time(), time.perf_counter()
        await step(i)
        samples.append(time.perf_counter() - t0)
        cpu += time.process_time() - c0
        if teardown is not None:
            teardown(i)
    return _summary(samples, count() - before, iters, cpu)


# The unit converters: ``values`` are the timed steps in the scenario's unit (the driver
# pools them across children), ``value`` is their median.
def _in_unit(result: dict[str, Any], convert: Callable[[float], float]) -> dict[str, Any]:
    import statistics  # here, not at the top: the import scenario should not pay for it

    values = [convert(s) for s in result["samples"]]
    return {**result, "values": values, "value": statistics.median(values)}


def per_call_us(result: dict[str, Any], calls: int) -> dict[str, Any]:
    """A loop of ``calls`` calls timed as one step: microseconds (and requests) per call."""
    result = _in_unit(result, lambda s: s / calls * 1e6)
    return {**result, "requests": result["requests"] / calls}


def ms(result: dict[str, Any]) -> dict[str, Any]:
    return _in_unit(result, lambda s: s * 1e3)


def mib_s(result: dict[str, Any], nbytes: int) -> dict[str, Any]:
    return _in_unit(result, lambda s: nbytes / MiB / s)


def check_stopped(seen: dict[str, str], ctx: dict[str, Any]) -> None:
    """The list scenario read the status of each of its (stopped) instances."""
    statuses = [seen.get(name) for name in ctx["fixture"]["names"]]
    assert statuses == ["Stopped"] * len(statuses), statuses
