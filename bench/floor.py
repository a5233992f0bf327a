"""The floor: a minimal raw LXD/Incus client, the least work a client can do.

One kept-alive http.client connection over the unix socket; exec websockets through the
`websockets` library (imported only when used, so the driver and the pylxd child, which run
without it, can use the HTTP half). The driver also uses it for set-up and clean-up.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import urllib.parse

CHUNK = 1 << 20  # 1 MiB reads and writes for bodies, as the clients under test use


class UnixHTTPConnection(http.client.HTTPConnection):
    """http.client over AF_UNIX: only connect() differs."""

    def __init__(self, path: str, timeout: float = 120) -> None:
        # blocksize: how much of a file body http.client reads per send (default 8 KiB).
        super().__init__("lxd", timeout=timeout, blocksize=CHUNK)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class APIError(Exception):
    pass


class Floor:
    """Raw requests; ``requests`` counts HTTP requests plus websocket handshakes."""

    def __init__(self, socket_path: str, server: str = "lxd", project: str | None = None) -> None:
        self.socket_path = socket_path
        self.conn = UnixHTTPConnection(socket_path)
        self.requests = 0
        self.header = "X-Incus-" if server == "incus" else "X-LXD-"  # file metadata headers
        # Every request then names the project (the server ignores it where it does not apply).
        self.query = f"project={urllib.parse.quote(project)}" if project else ""

    def close(self) -> None:
        self.conn.close()

    # -- HTTP -------------------------------------------------------------------------
    def open(self, method: str, path: str, body=None, headers=None) -> http.client.HTTPResponse:
        """Send a request; the caller reads the response (fully, to keep the connection)."""
        self.requests += 1
        if self.query:
            path += ("&" if "?" in path else "?") + self.query
        self.conn.request(method, path, body=body, headers=headers or {})
        return self.conn.getresponse()

    def call(self, method: str, path: str, body=None) -> dict:
        """A JSON request; returns the decoded envelope, raises on an error reply."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else None
        resp = self.open(method, path, data, headers)
        reply = json.loads(resp.read())
        if resp.status >= 400 or reply.get("type") == "error":
            raise APIError(f"{method} {path}: {resp.status} {reply.get('error')}")
        return reply

    def wait(self, reply: dict) -> dict:
        """Wait for the operation an async reply started; return the finished operation."""
        op = self.call("GET", f"{reply['operation']}/wait?timeout=120")["metadata"]
        if op.get("status_code") != 200:
            raise APIError(f"operation {op.get('id')}: {op.get('status')} {op.get('err')}")
        return op

    # -- instances (set-up, clean-up and the lifecycle scenario) ----------------------
    def create(self, name: str, alias: str = "busybox", wait: bool = True) -> dict:
        body = {"name": name, "source": {"type": "image", "alias": alias}}
        reply = self.call("POST", "/1.0/instances", body)
        return self.wait(reply) if wait else reply

    def create_many(self, names: list[str], alias: str = "busybox") -> None:
        """Start every creation, then wait for each: the server works on them together."""
        for op in [self.create(name, alias, wait=False) for name in names]:
            self.wait(op)

    def state(self, name: str, action: str, wait: bool = True) -> dict:
        body = {"action": action, "timeout": 30, "force": True}
        reply = self.call("PUT", f"/1.0/instances/{name}/state", body)
        return self.wait(reply) if wait else reply

    def delete(self, name: str) -> None:
        self.wait(self.call("DELETE", f"/1.0/instances/{name}"))

    def remove_many(self, names: list[str]) -> list[str]:
        """Best-effort clean-up (stopping what runs); returns the names that could not go."""
        running = {
            i["name"]
            for i in self.call("GET", "/1.0/instances?recursion=1")["metadata"]
            if i["status"] != "Stopped"
        }
        failed = []
        stops = []  # all asked for first, then waited: the server stops them side by side
        for name in running & set(names):
            try:
                stops.append(self.state(name, "stop", wait=False))
            except (APIError, OSError, http.client.HTTPException):
                self.conn.close()  # a broken connection reconnects on the next request
        for op in stops:
            try:
                self.wait(op)
            except (APIError, OSError, http.client.HTTPException):
                self.conn.close()
        ops = []
        for name in names:
            try:
                ops.append((name, self.call("DELETE", f"/1.0/instances/{name}")))
            except (APIError, OSError, http.client.HTTPException):
                self.conn.close()
                failed.append(name)
        for name, op in ops:
            try:
                self.wait(op)
            except (APIError, OSError, http.client.HTTPException):
                self.conn.close()
                failed.append(name)
        return failed

    def names(self) -> list[str]:
        urls = self.call("GET", "/1.0/instances")["metadata"]
        return [urllib.parse.unquote(u.rsplit("/", 1)[1]) for u in urls]

    # -- projects (an isolated set of instances for the list scenario) -------------------
    def create_project(self, name: str, profiles: bool = False) -> None:
        """A project sharing the default project's images, profiles and volumes (with
        ``profiles``, profiles of its own: its profile events then name it)."""
        features = ("images", "profiles", "storage.volumes")
        config = {f"features.{feature}": "false" for feature in features}
        if profiles:
            config["features.profiles"] = "true"
        self.call("POST", "/1.0/projects", {"name": name, "config": config})

    def projects(self) -> list[str]:
        urls = self.call("GET", "/1.0/projects")["metadata"]
        return [urllib.parse.unquote(u.rsplit("/", 1)[1]) for u in urls]

    def delete_project(self, name: str) -> None:
        self.call("DELETE", f"/1.0/projects/{name}")

    # -- images and profiles (the image and events scenarios) ------------------------
    def upload_image(self, local: str) -> str:
        """POST a unified image tarball as the body, streamed from the file; waits for the
        operation and returns the new image's fingerprint."""
        with open(local, "rb") as f:
            headers = {
                "Content-Type": "application/octet-stream",
                "Content-Length": str(os.fstat(f.fileno()).st_size),
            }
            resp = self.open("POST", "/1.0/images", f, headers)
            reply = json.loads(resp.read())
        if resp.status >= 400 or reply.get("type") == "error":
            raise APIError(f"upload {local}: {resp.status} {reply.get('error')}")
        return self.wait(reply)["metadata"]["fingerprint"]

    def export_image(self, fingerprint: str, local: str) -> int:
        """GET an image's export into a local file in 1 MiB reads; returns the byte count."""
        return self._download(f"/1.0/images/{fingerprint}/export", local)

    def delete_image(self, fingerprint: str) -> None:
        self.wait(self.call("DELETE", f"/1.0/images/{fingerprint}"))

    def images_named(self, prefix: str) -> list[str]:
        """The fingerprints of the images whose ``name`` property starts with ``prefix``."""
        images = self.call("GET", "/1.0/images?recursion=1")["metadata"]
        return [
            i["fingerprint"]
            for i in images
            if str((i.get("properties") or {}).get("name", "")).startswith(prefix)
        ]

    def profiles(self) -> list[str]:
        urls = self.call("GET", "/1.0/profiles")["metadata"]
        return [urllib.parse.unquote(u.rsplit("/", 1)[1].split("?")[0]) for u in urls]

    # -- files ------------------------------------------------------------------------
    @staticmethod
    def _file_path(name: str, path: str) -> str:
        return f"/1.0/instances/{name}/files?path={urllib.parse.quote(path, safe='/')}"

    def put_file(self, name: str, path: str, local: str) -> None:
        """POST the local file as the body (http.client streams a file object)."""
        with open(local, "rb") as f:
            headers = {
                "Content-Type": "application/octet-stream",
                "Content-Length": str(os.fstat(f.fileno()).st_size),
                self.header + "type": "file",
                self.header + "write": "overwrite",
            }
            resp = self.open("POST", self._file_path(name, path), f, headers)
            body = resp.read()
        if resp.status != 200:
            raise APIError(f"put {path}: {resp.status} {body[:200]!r}")

    def file_size(self, name: str, path: str) -> int:
        """A file's size from the Content-Length of a GET whose body is not read."""
        resp = self.open("GET", self._file_path(name, path))
        size = int(resp.getheader("Content-Length") or -1)
        self.conn.close()  # drop the unread body; the next request reconnects
        return size

    def get_file(self, name: str, path: str, local: str) -> int:
        """GET a file into a local file in 1 MiB reads; returns the byte count."""
        return self._download(self._file_path(name, path), local)

    def _download(self, url: str, local: str) -> int:
        resp = self.open("GET", url)
        if resp.status != 200:
            raise APIError(f"GET {url}: {resp.status} {resp.read()[:200]!r}")
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        total = 0
        with open(local, "wb") as f:
            while n := resp.readinto(buf):
                f.write(view[:n])
                total += n
        return total

    # -- exec -------------------------------------------------------------------------
    def execute(self, name: str, command: list[str], on_stdout=None) -> tuple[int, bytes, bytes]:
        """POST exec, attach the four websockets, send EOF on stdin, read stdout and stderr
        until closed, then /wait for the exit code. ``on_stdout`` gets each chunk instead of
        it being collected."""
        from websockets.exceptions import ConnectionClosed
        from websockets.sync.client import unix_connect

        body = {
            "command": command,
            "environment": {},
            "wait-for-websocket": True,
            "interactive": False,
        }
        reply = self.call("POST", f"/1.0/instances/{name}/exec", body)
        fds = reply["metadata"]["metadata"]["fds"]
        base = f"ws://lxd{reply['operation']}/websocket?secret="
        socks = {}
        try:
            # The command starts once all four are attached. legacy=True: a plain connection,
            # not a context manager (websockets 17 warns otherwise).
            for fd in ("control", "0", "1", "2"):
                self.requests += 1
                socks[fd] = unix_connect(
                    self.socket_path,
                    base + fds[fd],
                    max_size=None,
                    compression=None,
                    legacy=True,
                )
            # An empty text message is EOF on stdin (the server may have closed stdin already
            # if the command ended first).
            with contextlib.suppress(ConnectionClosed):
                socks["0"].send("")
            outputs = []
            for fd, handler in (("1", on_stdout), ("2", None)):
                parts = []
                try:
                    for message in socks[fd]:
                        if not message:
                            break  # the server's end-of-stream marker
                        if handler is None:
                            parts.append(message)
                        else:
                            handler(message)
                except ConnectionClosed:
                    pass
                outputs.append(b"".join(parts))
            op = self.wait(reply)
        finally:
            for fd in ("0", "1", "2", "control"):  # control last: closing it ends the command
                if fd in socks:
                    socks[fd].close()
        return op["metadata"]["return"], outputs[0], outputs[1]


def remote_size(ctx: dict) -> int:
    """The size of the file a transfer scenario wrote in the instance (a separate connection)."""
    f = Floor(ctx["socket"], ctx["server"])
    try:
        return f.file_size(ctx["fixture"]["instance"], ctx["fixture"]["remote"])
    finally:
        f.close()


def remove_image(ctx: dict, fingerprint: str) -> None:
    """Delete the image an upload made, if it is there (untimed; a separate connection)."""
    f = Floor(ctx["socket"], ctx["server"])
    try:
        if fingerprint in {u.rsplit("/", 1)[1] for u in f.call("GET", "/1.0/images")["metadata"]}:
            f.delete_image(fingerprint)
    finally:
        f.close()


def launch_names(ctx: dict, i: int) -> list[str]:
    """The instances step ``i`` of a launch scenario makes: one for a warm-up (i < 0, which
    pays the first-use costs: connections, lazy imports), else the scenario's count."""
    if i < 0:
        return [f"{ctx['prefix']}-w{-i}"]
    return [f"{ctx['prefix']}-{i}-{k:02d}" for k in range(ctx["params"]["instances"])]


def remove_launched(ctx: dict, names: list[str]) -> None:
    """Stop and delete the instances a launch made (untimed; a separate connection)."""
    f = Floor(ctx["socket"], ctx["server"], ctx["fixture"].get("project"))
    try:
        existing = set(f.names())
        failed = f.remove_many([n for n in names if n in existing])
        if failed:
            raise APIError(f"could not remove {failed}")
    finally:
        f.close()
