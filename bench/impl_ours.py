"""This project's side of each scenario, on both faces: ``SYNC`` (``pylxd.Client``) and
``ASYNC`` (``pylxd.AsyncClient``). Public API only, except ``client._transport.request_count``,
read to count requests.

pylxd is imported inside the functions: the import scenario times that import.
"""

from __future__ import annotations

import contextlib
import os
import pathlib

from timing import ameasure, check_stopped, measure, mib_s, ms, per_call_us

BUSYBOX = {"source": {"type": "image", "alias": "busybox"}}


def _count(client):
    return lambda: client._transport.request_count


# -- the blocking face -----------------------------------------------------------------
def _client(ctx):
    from pylxd import Client

    return Client(ctx["socket"], project=ctx["fixture"].get("project"))  # connects (GET /1.0)


def import_(ctx):
    _client(ctx)
    return {}


def get(ctx):
    client = _client(ctx)
    calls = ctx["params"]["calls"]

    def step(_):
        for _ in range(calls):
            client.profiles.get("default")

    client.profiles.get("default")
    return per_call_us(measure(step, ctx["params"]["iters"], _count(client), warmup=0), calls)


def list_(ctx):
    client = _client(ctx)
    seen = {}

    def step(_):
        seen.update({i.name: i.status for i in client.instances.all()})

    result = ms(measure(step, ctx["params"]["iters"], _count(client)))
    check_stopped(seen, ctx)
    return result


def lifecycle(ctx):
    client = _client(ctx)

    def step(i):
        c = client.containers.create({"name": f"{ctx['prefix']}-{i}", **BUSYBOX}, wait=True)
        c.start(wait=True)
        c.stop(wait=True)
        c.delete(wait=True)

    return ms(measure(step, ctx["params"]["iters"], _count(client), warmup=0))


def exec_(ctx):
    client = _client(ctx)
    inst = client.instances.get(ctx["fixture"]["instance"])

    def step(_):
        assert tuple(inst.execute(["echo", "hi"])) == (0, "hi\n", "")

    return ms(measure(step, ctx["params"]["iters"], _count(client)))


def exec_stream(ctx):
    client = _client(ctx)
    inst = client.instances.get(ctx["fixture"]["instance"])
    nbytes = ctx["params"]["bytes"]
    got = 0

    def handler(chunk):
        nonlocal got
        got += len(chunk)

    def step(_):
        nonlocal got
        got = 0
        cmd = ["head", "-c", str(nbytes), "/dev/zero"]
        result = inst.execute(cmd, decode=False, stdout_handler=handler)
        assert result.exit_code == 0 and got == nbytes, (result.exit_code, got)

    return mib_s(measure(step, ctx["params"]["iters"], _count(client), warmup=0), nbytes)


def file_put(ctx):
    client = _client(ctx)
    fx = ctx["fixture"]
    inst = client.instances.get(fx["instance"])

    def step(_):
        inst.files.put(fx["remote"], pathlib.Path(fx["local"]))  # a path: streamed from disk

    result = measure(step, ctx["params"]["iters"], _count(client), warmup=0)
    from floor import remote_size  # checks the result (here: the import scenario skips it)

    assert remote_size(ctx) == fx["size"]
    return mib_s(result, fx["size"])


def file_get(ctx):
    client = _client(ctx)
    fx = ctx["fixture"]
    inst = client.instances.get(fx["instance"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-dst.bin")

    def step(_):
        inst.files.get(fx["remote"], dest=dest)

    try:
        result = measure(step, ctx["params"]["iters"], _count(client), warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def image_upload(ctx):
    from floor import remove_image  # here: the import scenario skips it

    client = _client(ctx)
    fx = ctx["fixture"]
    got = []

    def step(_):  # a path: streamed from disk
        got.append(client.images.create(pathlib.Path(fx["local"]), wait=True).fingerprint)

    try:
        result = measure(
            step,
            ctx["params"]["iters"],
            _count(client),
            warmup=0,
            teardown=lambda _: remove_image(ctx, fx["fingerprint"]),
        )
        assert got == [fx["fingerprint"]] * ctx["params"]["iters"], got
    finally:
        remove_image(ctx, fx["fingerprint"])
    return mib_s(result, fx["size"])


def image_export(ctx):
    client = _client(ctx)
    fx = ctx["fixture"]
    image = client.images.get(fx["fingerprint"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-image.tar")

    check = ctx["params"]["check"]

    def step(_):  # a path: written as it comes, checked against the hash if asked
        image.export(dest=dest, check_fingerprint=check)

    try:
        result = measure(step, ctx["params"]["iters"], _count(client), warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def events(ctx):
    from eventgen import Source, matches

    client = _client(ctx)  # in the fixture's project: the listener listens there
    profile = ctx["fixture"]["profile"]
    listener = client.events(event_types=["lifecycle"])
    listener.connect()
    source = Source(ctx)

    def step(_):
        source.fire()
        seen = 0
        for event in listener:
            seen += matches(event.raw, profile)
            if seen == source.count:
                break
        source.done()

    try:
        return ms(measure(step, ctx["params"]["iters"], _count(client)))
    finally:
        source.close()
        listener.close()


def launch16(ctx):
    """Concurrently: a thread each, sharing the one Client (its pool is thread-safe and opens
    a connection per concurrent request)."""
    from concurrent.futures import ThreadPoolExecutor

    from floor import launch_names, remove_launched

    client = _client(ctx)

    def launch(name):
        client.containers.create({"name": name, **BUSYBOX}, wait=True).start(wait=True)

    def step(i):
        names = launch_names(ctx, i)
        if ctx["params"]["concurrent"]:
            with ThreadPoolExecutor(len(names)) as pool:
                list(pool.map(launch, names))
        else:
            for name in names:
                launch(name)

    iters = ctx["params"]["iters"]
    try:
        result = measure(
            step,
            iters,
            _count(client),
            teardown=lambda i: remove_launched(ctx, launch_names(ctx, i)),
        )
    finally:
        remove_launched(ctx, [n for i in range(-1, iters) for n in launch_names(ctx, i)])
    return ms(result)


SYNC = {
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


# -- the asyncio face (each function is run with asyncio.run) --------------------------
async def _aclient(ctx):
    from pylxd import AsyncClient

    client = AsyncClient(ctx["socket"], project=ctx["fixture"].get("project"))
    await client.connect()  # GET /1.0, as the blocking face does when constructed
    return client


async def aimport(ctx):
    client = await _aclient(ctx)
    await client.aclose()
    return {}


async def aget(ctx):
    client = await _aclient(ctx)
    calls = ctx["params"]["calls"]

    async def step(_):
        for _ in range(calls):
            await client.profiles.get("default")

    await client.profiles.get("default")
    result = per_call_us(
        await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0), calls
    )
    await client.aclose()
    return result


async def alist(ctx):
    client = await _aclient(ctx)
    seen = {}

    async def step(_):
        seen.update({i.name: i.status for i in await client.instances.all()})

    result = ms(await ameasure(step, ctx["params"]["iters"], _count(client)))
    await client.aclose()
    check_stopped(seen, ctx)
    return result


async def alifecycle(ctx):
    client = await _aclient(ctx)

    async def step(i):
        config = {"name": f"{ctx['prefix']}-{i}", **BUSYBOX}
        c = await client.containers.create(config, wait=True)
        await c.start(wait=True)
        await c.stop(wait=True)
        await c.delete(wait=True)

    result = ms(await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0))
    await client.aclose()
    return result


async def aexec(ctx):
    client = await _aclient(ctx)
    inst = await client.instances.get(ctx["fixture"]["instance"])

    async def step(_):
        assert tuple(await inst.execute(["echo", "hi"])) == (0, "hi\n", "")

    result = ms(await ameasure(step, ctx["params"]["iters"], _count(client)))
    await client.aclose()
    return result


async def aexec_stream(ctx):
    client = await _aclient(ctx)
    inst = await client.instances.get(ctx["fixture"]["instance"])
    nbytes = ctx["params"]["bytes"]
    got = 0

    def handler(chunk):
        nonlocal got
        got += len(chunk)

    async def step(_):
        nonlocal got
        got = 0
        cmd = ["head", "-c", str(nbytes), "/dev/zero"]
        result = await inst.execute(cmd, decode=False, stdout_handler=handler)
        assert result.exit_code == 0 and got == nbytes, (result.exit_code, got)

    result = mib_s(await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0), nbytes)
    await client.aclose()
    return result


async def afile_put(ctx):
    client = await _aclient(ctx)
    fx = ctx["fixture"]
    inst = await client.instances.get(fx["instance"])

    async def step(_):
        await inst.files.put(fx["remote"], pathlib.Path(fx["local"]))

    result = await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0)
    from floor import remote_size  # checks the result (here: the import scenario skips it)

    assert remote_size(ctx) == fx["size"]
    await client.aclose()
    return mib_s(result, fx["size"])


async def afile_get(ctx):
    client = await _aclient(ctx)
    fx = ctx["fixture"]
    inst = await client.instances.get(fx["instance"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-dst.bin")

    async def step(_):
        await inst.files.get(fx["remote"], dest=dest)

    try:
        result = await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
        await client.aclose()
    return mib_s(result, fx["size"])


async def aimage_upload(ctx):
    from floor import remove_image

    client = await _aclient(ctx)
    fx = ctx["fixture"]
    got = []

    async def step(_):  # a path: streamed from disk
        image = await client.images.create(pathlib.Path(fx["local"]), wait=True)
        got.append(image.fingerprint)

    try:
        result = await ameasure(
            step,
            ctx["params"]["iters"],
            _count(client),
            warmup=0,
            teardown=lambda _: remove_image(ctx, fx["fingerprint"]),
        )
        assert got == [fx["fingerprint"]] * ctx["params"]["iters"], got
    finally:
        remove_image(ctx, fx["fingerprint"])
        await client.aclose()
    return mib_s(result, fx["size"])


async def aimage_export(ctx):
    client = await _aclient(ctx)
    fx = ctx["fixture"]
    image = await client.images.get(fx["fingerprint"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-image.tar")

    check = ctx["params"]["check"]

    async def step(_):
        await image.export(dest=dest, check_fingerprint=check)

    try:
        result = await ameasure(step, ctx["params"]["iters"], _count(client), warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
        await client.aclose()
    return mib_s(result, fx["size"])


async def aevents(ctx):
    from eventgen import Source, matches

    client = await _aclient(ctx)
    profile = ctx["fixture"]["profile"]
    listener = client.events(event_types=["lifecycle"])
    await listener.connect()
    source = Source(ctx)

    async def step(_):
        source.fire()
        seen = 0
        async for event in listener:
            seen += matches(event.raw, profile)
            if seen == source.count:
                break
        source.done()

    try:
        return ms(await ameasure(step, ctx["params"]["iters"], _count(client)))
    finally:
        source.close()
        await listener.close()
        await client.aclose()


async def alaunch16(ctx):
    """Concurrently: asyncio.gather over the one AsyncClient."""
    import asyncio

    from floor import launch_names, remove_launched

    client = await _aclient(ctx)

    async def launch(name):
        c = await client.containers.create({"name": name, **BUSYBOX}, wait=True)
        await c.start(wait=True)

    async def step(i):
        names = launch_names(ctx, i)
        if ctx["params"]["concurrent"]:
            await asyncio.gather(*(launch(name) for name in names))
        else:
            for name in names:
                await launch(name)

    iters = ctx["params"]["iters"]
    try:
        result = await ameasure(
            step,
            iters,
            _count(client),
            teardown=lambda i: remove_launched(ctx, launch_names(ctx, i)),
        )
    finally:
        remove_launched(ctx, [n for i in range(-1, iters) for n in launch_names(ctx, i)])
        await client.aclose()
    return ms(result)


ASYNC = {
    "import": aimport,
    "get": aget,
    "list": alist,
    "lifecycle": alifecycle,
    "exec": aexec,
    "exec-stream": aexec_stream,
    "file-put": afile_put,
    "file-get": afile_get,
    "image-upload": aimage_upload,
    "image-export": aimage_export,
    "events": aevents,
    "launch16": alaunch16,
}
