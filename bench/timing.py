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
    }


def measure(
    step: Callable[[int], Any], iters: int, count: Callable[[], int], warmup: int = 1
) -> dict[str, Any]:
    """Run ``step(i)`` ``warmup`` times untimed (first-use costs: connection, lazy imports),
    then ``iters`` times timed one by one. ``count()`` reads the client's request counter:
    the result has the median time and the requests per timed step."""
    for i in range(warmup):
        step(-1 - i)
    before, cpu = count(), time.process_time()
    samples = []
    for i in range(iters):
        t0 = time.perf_counter()
        step(i)
        samples.append(time.perf_counter() - t0)
    return _summary(samples, count() - before, iters, time.process_time() - cpu)


async def ameasure(
    step: Callable[[int], Awaitable[Any]], iters: int, count: Callable[[], int], warmup: int = 1
) -> dict[str, Any]:
    """:func:`measure` for a coroutine step."""
    for i in range(warmup):
        await step(-1 - i)
    before, cpu = count(), time.process_time()
    samples = []
    for i in range(iters):
        t0 = time.perf_counter()
        await step(i)
        samples.append(time.perf_counter() - t0)
    return _summary(samples, count() - before, iters, time.process_time() - cpu)


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
