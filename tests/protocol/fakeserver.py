"""A scripted HTTP server on a unix socket, for replies a real daemon will not produce.

Each route maps (method, path) to a list of replies served in turn (the last one repeats).
Requests are recorded so tests can check what the client sent.
"""

from __future__ import annotations

import json
import socketserver
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # a dict is sent as JSON; bytes as they are
    headers: dict[str, str] = field(default_factory=dict)
    declared_length: int | None = None  # a larger Content-Length: the body ends too soon


def sync(metadata: Any, status: int = 200, **headers: str) -> Reply:
    body = {"type": "sync", "status": "Success", "status_code": 200, "metadata": metadata}
    return Reply(status, body, headers)


def error(code: int, message: str) -> Reply:
    return Reply(code, {"type": "error", "error": message, "error_code": code})


def operation(op_id: str, **fields: Any) -> dict[str, Any]:
    op = {
        "id": op_id,
        "class": "task",
        "description": "Fake",
        "status": "Running",
        "status_code": 103,
        "err": "",
        "metadata": None,
        "resources": {},
        "may_cancel": False,
    }
    op.update(fields)
    return op


SERVER_INFO = {
    "api_extensions": ["instances", "resources"],
    "auth": "trusted",
    "environment": {"server": "lxd", "server_version": "5.0.2", "server_clustered": False},
}


class FakeServer:
    def __init__(self, folder: Path) -> None:
        self.socket = str(folder / "fake.socket")
        self.routes: dict[tuple[str, str], list[Reply]] = {("GET", "/1.0"): [sync(SERVER_INFO)]}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urlsplit(self.path).path
                server.requests.append((self.command, self.path, dict(self.headers), body))
                queue = server.routes.get((self.command, path))
                reply = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
                if reply is None:
                    reply = error(404, f"fake: no route for {self.command} {path}")
                data = reply.body
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(reply.declared_length or len(raw)))
                self.end_headers()
                self.wfile.write(raw)
                if reply.declared_length:
                    self.wfile.flush()
                    self.close_connection = True

            do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _serve

            def address_string(self) -> str:
                return "fake"

            def log_message(self, *args: Any) -> None:
                pass

        self._server = socketserver.ThreadingUnixStreamServer(self.socket, Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )

    def route(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[(method, path)] = list(replies)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
