"""A fault-injecting proxy between a client and a real daemon's unix socket.

The proxy listens on plain TCP on a loopback address (the client uses an ``http://``
endpoint): a TCP connection can be reset, a unix socket cannot.

Requests pass through untouched; the response to the first request that matches an armed fault
is damaged in the chosen way. Faults: ``reset`` (part of the body, then a TCP reset),
``truncate`` (part of the body, then a clean close), ``corrupt`` (the body's first byte
replaced, length kept), ``status500`` (the server's answer replaced by a non-JSON 500),
``stall`` (nothing forwarded until the client gives up), ``ws-close`` (a websocket closed after
its first bytes).
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
from dataclasses import dataclass, field

REQUEST = re.compile(rb"^(GET|POST|PUT|DELETE|PATCH|HEAD) (\S+) HTTP/1\.1\r\n", re.M)
FAULTS = ("reset", "truncate", "corrupt", "status500", "stall", "ws-close")


@dataclass
class Armed:
    fault: str
    method: str
    path_part: str
    skip: int  # matching requests to let through first
    fired: threading.Event = field(default_factory=threading.Event)


class FaultProxy:
    def __init__(self, target: str, host: str = "127.0.3.2") -> None:
        self.target = target
        self._armed: Armed | None = None
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind((host, 0))
        self.endpoint = f"http://{host}:{self._listener.getsockname()[1]}"
        self._listener.listen(64)
        self._closing = False
        self._connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, fault: str, method: str, path_part: str, nth: int = 1) -> Armed:
        """Damage the response to the ``nth`` next ``method`` request whose path contains
        ``path_part``."""
        assert fault in FAULTS
        armed = Armed(fault, method, path_part, nth - 1)
        with self._lock:
            self._armed = armed
        return armed

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        for conn in list(self._connections):
            with contextlib.suppress(OSError):
                conn.close()

    # -- plumbing ---------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.target)
            self._connections += [client, server]
            state = {"fault": None}
            threading.Thread(
                target=self._upstream, args=(client, server, state), daemon=True
            ).start()
            threading.Thread(
                target=self._downstream, args=(server, client, state), daemon=True
            ).start()

    def _upstream(self, client: socket.socket, server: socket.socket, state: dict) -> None:
        try:
            while data := client.recv(65536):
                for m in REQUEST.finditer(data):
                    with self._lock:
                        armed = self._armed
                        if (
                            armed
                            and not armed.fired.is_set()
                            and m.group(1).decode() == armed.method
                            and armed.path_part in m.group(2).decode()
                        ):
                            if armed.skip:  # not this one yet: an earlier match
                                armed.skip -= 1
                                continue
                            armed.fired.set()
                            state["fault"] = armed.fault
                            self._armed = None
                server.sendall(data)
        except OSError:
            pass
        finally:
            _shut(server)

    def _downstream(self, server: socket.socket, client: socket.socket, state: dict) -> None:
        sent_body = 0
        in_body = False
        try:
            while data := server.recv(65536):
                fault = state["fault"]
                if fault is None:
                    client.sendall(data)
                    continue
                if fault == "stall":
                    continue  # swallow everything: the client's timeout must fire
                if fault == "status500":
                    client.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 14"
                        b"\r\nConnection: close\r\n\r\nproxy exploded"
                    )
                    _reset(client)
                    return
                if not in_body:
                    head_end = data.find(b"\r\n\r\n")
                    if head_end < 0:
                        client.sendall(data)
                        continue
                    head, data = data[: head_end + 4], data[head_end + 4 :]
                    client.sendall(head)
                    in_body = True
                    if not data:
                        continue
                if fault == "corrupt":  # the body's first byte, wherever it arrives
                    client.sendall(b"#" + data[1:])
                    state["fault"] = None
                    continue
                if fault in ("reset", "truncate", "ws-close"):
                    keep = max(0, 8 - sent_body)
                    client.sendall(data[:keep])
                    sent_body += min(keep, len(data))
                    if sent_body >= 8 or fault != "ws-close":
                        if fault == "truncate":
                            _shut(client)
                            client.close()
                        else:
                            _reset(client)
                        return
                else:
                    client.sendall(data)
        except OSError:
            pass
        finally:
            _shut(client)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _reset(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0) rather than a clean FIN. The read side is shut first:
    that wakes the thread blocked reading this socket, so the close really happens now."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
        sock.close()
