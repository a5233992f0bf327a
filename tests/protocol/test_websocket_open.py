"""The sync websocket client's opening, which both faces use (the asyncio face reads exec
output with it in a thread): over TLS its reading thread must not read while the opening
thread writes the request. The order is seen on a recording socket."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest
from websockets.client import ClientProtocol
from websockets.uri import parse_uri

from pylxd._sync.face import websocket_connection_class


class RecordingSocket:
    """A socket that notes each ``recv`` and ``sendall`` as it is called."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def recv(self, size: int) -> bytes:
        with self.lock:
            self.calls.append("recv")
        return self.sock.recv(size)

    def sendall(self, data: bytes) -> None:
        with self.lock:
            self.calls.append("send")
        self.sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def test_reading_waits_for_the_handshake_request() -> None:
    ours, peer = socket.socketpair()
    recording = RecordingSocket(ours)
    peer.sendall(b"H")  # something to read at once, which a reader that did not wait would take
    connection = websocket_connection_class()(recording, ClientProtocol(parse_uri("ws://lxd/")))
    try:
        connection.recv_events_thread.join(0.2)
        assert recording.calls == []  # nothing read before the request went out
        with pytest.raises(TimeoutError):  # the peer never answers the request
            connection.handshake(timeout=0.2)
        assert recording.calls[:2] == ["send", "recv"]
        assert peer.recv(4096).startswith(b"GET / HTTP/1.1\r\n")
    finally:
        connection.close_socket()
        connection.recv_events_thread.join(5)
        peer.close()
    assert not connection.recv_events_thread.is_alive()


def test_a_connection_closed_before_its_handshake_ends_its_thread() -> None:
    ours, peer = socket.socketpair()
    connection = websocket_connection_class()(ours, ClientProtocol(parse_uri("ws://lxd/")))
    connection.close_socket()  # as connect() does when the handshake fails before sending
    connection.recv_events_thread.join(5)
    peer.close()
    assert not connection.recv_events_thread.is_alive()
