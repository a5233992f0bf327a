"""The floor's side of each scenario: exactly the work a scenario needs, nothing more.

Each function takes the child's context (see run.py) and returns the measured numbers.
"""

from __future__ import annotations

import contextlib
import json
import os

from floor import Floor, launch_names, remove_image, remove_launched
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
        nonlocal got
        got = 0
        code, _, _ = f.execute(
            ctx["fixture"]["instance"], ["head", "-c", str(nbytes), "/dev/zero"], handler
        )
        assert code == 0 and got == nbytes, (code, got)

    return mib_s(measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0), nbytes)


def file_put(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]

    def step(_):
        f.put_file(fx["instance"], fx["remote"], fx["local"])

    result = measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0)
    assert f.file_size(fx["instance"], fx["remote"]) == fx["size"]
    return mib_s(result, fx["size"])


def file_get(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-dst.bin")

    def step(_):
        f.get_file(fx["instance"], fx["remote"], dest)

    try:
        result = measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def image_upload(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]
    got = []

    def step(_):
        got.append(f.upload_image(fx["local"]))

    try:
        result = measure(
            step,
            ctx["params"]["iters"],
            lambda: f.requests,
            warmup=0,
            teardown=lambda _: remove_image(ctx, fx["fingerprint"]),
        )
        assert got == [fx["fingerprint"]] * ctx["params"]["iters"], got
    finally:
        remove_image(ctx, fx["fingerprint"])
    return mib_s(result, fx["size"])


def image_export(ctx):
    f = _floor(ctx)
    fx = ctx["fixture"]
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-image.tar")

    def step(_):
        f.export_image(fx["fingerprint"], dest)

    try:
        result = measure(step, ctx["params"]["iters"], lambda: f.requests, warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def events(ctx):
    from eventgen import Source, matches
    from websockets.sync.client import unix_connect

    f = _floor(ctx)
    fx = ctx["fixture"]
    query = f"type=lifecycle&project={fx['project']}"
    f.requests += 1
    ws = unix_connect(
        ctx["socket"], f"ws://lxd/1.0/events?{query}", max_size=None, compression=None, legacy=True
    )
    source = Source(ctx)

    def step(_):
        source.fire()
        seen = 0
        while seen < source.count:
            seen += matches(json.loads(ws.recv()), fx["profile"])
        source.done()

    try:
        return ms(measure(step, ctx["params"]["iters"], lambda: f.requests))
    finally:
        source.close()
        ws.close()


def launch16(ctx):
    from concurrent.futures import ThreadPoolExecutor

    f = _floor(ctx)
    counts = []  # the threads' connections' requests

    def launch(name, floor):
        floor.create(name)
        floor.state(name, "start")

    def one(name):  # a thread and a connection each
        mine = Floor(ctx["socket"], ctx["server"])
        try:
            launch(name, mine)
        finally:
            counts.append(mine.requests)
            mine.close()

    def step(i):
        names = launch_names(ctx, i)
        if ctx["params"]["concurrent"]:
            with ThreadPoolExecutor(len(names)) as pool:
                list(pool.map(one, names))
        else:
            for name in names:
                launch(name, f)

    iters = ctx["params"]["iters"]
    try:
        result = measure(
            step,
            iters,
            lambda: f.requests + sum(counts),
            teardown=lambda i: remove_launched(ctx, launch_names(ctx, i)),
        )
    finally:
        remove_launched(ctx, [n for i in range(-1, iters) for n in launch_names(ctx, i)])
    return ms(result)


SCENARIOS = {
    "import": import_,
    "get": get,
    "list": list_,
    "lifecycle": lifecycle,
    "exec": exec_,
    "exec-stream": exec_stream,
    "file-put": file_put,
    "file-get": file_get,
    "image-upload": image_upload,
    "image-export": image_export,
    "events": events,
    "launch16": launch16,
}
