"""The floor's side of each scenario: exactly the work a scenario needs, nothing more.

Each function takes the child's context (see run.py) and returns the measured numbers.
"""

from __future__ import annotations

import contextlib
import os

from floor import Floor
from timing import check_stopped, measure, mib_s, ms, per_call_us


def _floor(ctx):
    f = Floor(ctx["socket"], ctx["server"], ctx["fixture"].get("project"))
    f.call("GET", "/1.0")  # connect, as the libraries' clients do when constructed
    return f


def import_(ctx):
    _floor(ctx)
    return {}


def get(ctx):
    f = _floor(ctx)
    calls = ctx["params"]["calls"]

    def step(_):
        for _ in range(calls):
            f.call("GET", "/1.0/profiles/default")["metadata"]

    f.call("GET", "/1.0/profiles/default")
    return per_call_us(measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0), calls)


def list_(ctx):
    f = _floor(ctx)
    seen = {}

    def step(_):
        items = f.call("GET", "/1.0/instances?recursion=1")["metadata"]
        seen.update({item["name"]: item["status"] for item in items})

    result = ms(measure(step, ctx["params"]["iters"], lambda: f.requests))
    check_stopped(seen, ctx)
    return result


def lifecycle(ctx):
    f = _floor(ctx)

    def step(i):
        name = f"{ctx['prefix']}-{i}"
        f.create(name)
        f.state(name, "start")
        f.state(name, "stop")
        f.delete(name)

    return ms(measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0))


def exec_(ctx):
    f = _floor(ctx)
    name = ctx["fixture"]["instance"]

    def step(_):
        assert f.execute(name, ["echo", "hi"]) == (0, b"hi\n", b"")

    return ms(measure(step, ctx["params"]["iters"], lambda: f.requests))


def exec_stream(ctx):
    f = _floor(ctx)
    nbytes = ctx["params"]["bytes"]
    got = 0

    def handler(chunk):
        nonlocal got
        got += len(chunk)

    def step(_):
        code, _, _ = f.execute(
            ctx["fixture"]["instance"], ["head", "-c", str(nbytes), "/dev/zero"], handler
        )
        assert code == 0 and got == nbytes, (code, got)

    return mib_s(measure(step, 1, lambda: f.requests, warmup=0), nbytes)


def file_put(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]

    def step(_):
        f.put_file(fx["instance"], fx["remote"], fx["local"])

    result = measure(step, 1, lambda: f.requests, warmup=0)
    assert f.file_size(fx["instance"], fx["remote"]) == fx["size"]
    return mib_s(result, fx["size"])


def file_get(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-dst.bin")

    def step(_):
        f.get_file(fx["instance"], fx["remote"], dest)

    try:
        result = measure(step, 1, lambda: f.requests, warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


SCENARIOS = {
    "import": import_,
    "get": get,
    "list": list_,
    "lifecycle": lifecycle,
    "exec": exec_,
    "exec-stream": exec_stream,
    "file-put": file_put,
    "file-get": file_get,
}
