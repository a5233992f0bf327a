"""pylxd 2.4.2's side of each scenario (run by bench/.venv-pylxd's interpreter).

Requests are counted with a response hook on pylxd's requests session, and its exec
websockets by wrapping ws4py's connect() in this child only, so that the count means what
it means for the other implementations: HTTP requests plus websocket handshakes.
"""

from __future__ import annotations

import contextlib
import os

from timing import check_stopped, measure, mib_s, ms, per_call_us

BUSYBOX = {"source": {"type": "image", "alias": "busybox"}}


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, response, *args, **kwargs):  # a requests response hook
        self.n += 1


def _client(ctx):
    """A connected client (pylxd's constructor does GET /1.0) and its request counter."""
    from ws4py.client import WebSocketBaseClient

    from pylxd import Client

    client = Client(ctx["socket"], project=ctx["fixture"].get("project"))
    counter = _Counter()
    client.api.session.hooks["response"].append(counter)
    connect = WebSocketBaseClient.connect

    def counted_connect(self):
        counter.n += 1
        return connect(self)

    WebSocketBaseClient.connect = counted_connect
    return client, lambda: counter.n


def import_(ctx):
    from pylxd import Client

    Client(ctx["socket"])
    return {}


def get(ctx):
    client, count = _client(ctx)
    calls = ctx["params"]["calls"]

    def step(_):
        for _ in range(calls):
            client.profiles.get("default")

    client.profiles.get("default")
    return per_call_us(measure(step, ctx["params"]["iters"], count, warmup=0), calls)


def list_(ctx):
    client, count = _client(ctx)
    seen = {}

    def step(_):
        # all() gives names only; each .status then loads its instance (pylxd's behaviour).
        # In a project the names keep the URL's "?project=..." (pylxd 2.4.2): cut it off.
        seen.update({i.name.split("?")[0]: i.status for i in client.instances.all()})

    result = ms(measure(step, ctx["params"]["iters"], count))
    check_stopped(seen, ctx)
    return result


def lifecycle(ctx):
    client, count = _client(ctx)

    def step(i):
        c = client.containers.create({"name": f"{ctx['prefix']}-{i}", **BUSYBOX}, wait=True)
        c.start(wait=True)
        c.stop(wait=True)
        c.delete(wait=True)

    return ms(measure(step, ctx["params"]["iters"], count, warmup=0))


def exec_(ctx):
    client, count = _client(ctx)
    inst = client.instances.get(ctx["fixture"]["instance"])

    def step(_):
        assert tuple(inst.execute(["echo", "hi"])) == (0, "hi\n", "")

    return ms(measure(step, ctx["params"]["iters"], count))


def exec_stream(ctx):
    client, count = _client(ctx)
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

    return mib_s(measure(step, ctx["params"]["iters"], count, warmup=0), nbytes)


def file_put(ctx):
    client, count = _client(ctx)
    fx = ctx["fixture"]
    inst = client.instances.get(fx["instance"])

    def step(_):
        with open(fx["local"], "rb") as f:  # pylxd takes the contents, not a path
            inst.files.put(fx["remote"], f.read())

    result = measure(step, ctx["params"]["iters"], count, warmup=0)
    from floor import remote_size  # checks the result (here: the import scenario skips it)

    assert remote_size(ctx) == fx["size"]
    return mib_s(result, fx["size"])


def file_get(ctx):
    client, count = _client(ctx)
    fx = ctx["fixture"]
    inst = client.instances.get(fx["instance"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-dst.bin")

    def step(_):
        data = inst.files.get(fx["remote"])  # the whole file in memory
        with open(dest, "wb") as f:
            f.write(data)

    try:
        result = measure(step, ctx["params"]["iters"], count, warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def image_upload(ctx):
    from floor import remove_image  # here: the import scenario skips it

    client, count = _client(ctx)
    fx = ctx["fixture"]
    got = []

    def step(_):
        with open(fx["local"], "rb") as f:  # pylxd takes the contents, not a path
            data = f.read()
        got.append(client.images.create(data, wait=True).fingerprint)

    try:
        result = measure(
            step,
            ctx["params"]["iters"],
            count,
            warmup=0,
            teardown=lambda _: remove_image(ctx, fx["fingerprint"]),
        )
        assert got == [fx["fingerprint"]] * ctx["params"]["iters"], got
    finally:
        remove_image(ctx, fx["fingerprint"])
    return mib_s(result, fx["size"])


def image_export(ctx):
    import shutil

    client, count = _client(ctx)
    fx = ctx["fixture"]
    image = client.images.get(fx["fingerprint"])
    dest = os.path.join(ctx["tmp"], ctx["prefix"] + "-image.tar")

    def step(_):
        exported = image.export()  # pylxd streams it into a temporary file, rewound
        with exported, open(dest, "wb") as f:
            shutil.copyfileobj(exported, f, 1 << 20)

    try:
        result = measure(step, ctx["params"]["iters"], count, warmup=0)
        assert os.path.getsize(dest) == fx["size"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(dest)
    return mib_s(result, fx["size"])


def events(ctx):
    """pylxd's events(): a ws4py client; a subclass's received_message sees each message.
    It is driven by ws4py's once() (one read from the socket, as its run() loop does)."""
    import json

    from eventgen import Source, matches

    from pylxd.client import EventType, _WebsocketClient

    client, count = _client(ctx)
    fx = ctx["fixture"]
    seen = [0]

    class Counting(_WebsocketClient):
        def received_message(self, message):
            seen[0] += matches(json.loads(message.data.decode("utf-8")), fx["profile"])

    ws = client.events(websocket_client=Counting, event_types={EventType.Lifecycle})
    # pylxd 2.4.2 leaves the client's project out of the events URL: add it.
    ws.resource += "&project=" + fx["project"]
    ws.connect()
    source = Source(ctx)

    def step(_):
        seen[0] = 0
        source.fire()
        while seen[0] < source.count:
            if not ws.once():
                raise RuntimeError("the event stream ended")
        source.done()

    try:
        return ms(measure(step, ctx["params"]["iters"], count))
    finally:
        source.close()
        ws.close()


def launch16(ctx):
    """Concurrently: a thread each, sharing the one Client (requests' session)."""
    from concurrent.futures import ThreadPoolExecutor

    from floor import launch_names, remove_launched

    client, count = _client(ctx)

    def launch(name):
        c = client.containers.create({"name": name, **BUSYBOX}, wait=True)
        c.start(wait=True)

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
            step, iters, count, teardown=lambda i: remove_launched(ctx, launch_names(ctx, i))
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
