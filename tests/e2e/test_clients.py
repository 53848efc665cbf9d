"""Slow, stalled, vanishing and too many clients, against a real `serve` process (raw sockets)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mock
from tests.support.procs import ProxyProcess

NO_CHECKS = "name: default\n"
HEAD = ("POST /v1/chat/completions HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\n"
        "Content-Length: {n}\r\n\r\n")
BODY = b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello there"}]}'


@pytest.fixture(scope="module")
def served(mock_server: Mock, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyProcess]:
    folder: Path = tmp_path_factory.mktemp("clients")
    proc = ProxyProcess(folder, mock_server.url, files={"policies/default.yaml": NO_CHECKS},
                        proxy_yaml={"server": {"header_timeout_s": 2, "body_timeout_s": 1, "body_total_s": 4,
                                               "max_connections": 8},
                                    "decision_log": {"fsync": "always"}})
    try:
        yield proc.start(ready_within=120)
    finally:
        proc.kill()


def connect(p: ProxyProcess) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", p.port), timeout=10)
    return s


def read_all(s: socket.socket, within: float = 10.0) -> tuple[bytes, float]:
    """Everything until the server closes; and how long that took."""
    started = time.monotonic()
    s.settimeout(within)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data, time.monotonic() - started
        data += chunk


def wait_record(p: ProxyProcess, pred: Any, within: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for rec in p.records():
            if pred(rec):
                return rec
        time.sleep(0.1)
    raise AssertionError("no such decision record")


def test_stalled_bodies_are_answered_408_and_closed(served: ProxyProcess, mock: Mock) -> None:
    socks = [connect(served) for _ in range(6)]
    for s in socks:
        s.sendall(HEAD.format(n=len(BODY)).encode() + BODY[:10])  # and then nothing
    for s in socks:
        data, took = read_all(s)
        assert data.startswith(b"HTTP/1.1 408"), data[:200]
        assert b"server.body_timeout_s" in data
        assert took < 6
        s.close()
    assert not mock.state.requests
    rec = wait_record(served, lambda r: r["status"] == 408)
    assert rec["error"] == "request_timeout"


def test_a_trickled_body_is_cut_at_its_total_time(served: ProxyProcess) -> None:
    s = connect(served)
    s.sendall(HEAD.format(n=len(BODY)).encode())
    started = time.monotonic()
    with pytest.raises(OSError):  # noqa: PT012 - the server closes while we are still sending
        for b in BODY:
            s.sendall(bytes([b]))
            time.sleep(0.3)  # never idle for 1 s, but 80 bytes take 24 s
    data, _ = read_all(s)
    assert data.startswith(b"HTTP/1.1 408") and b"server.body_total_s" in data
    assert time.monotonic() - started < 10
    s.close()


def test_incomplete_headers_are_closed_after_the_header_timeout(served: ProxyProcess) -> None:
    s = connect(served)
    s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: proxy\r\n")  # no blank line: headers never end
    data, took = read_all(s)
    assert data == b"" and 1.5 < took < 6
    s.close()


def test_connections_beyond_the_limit_get_503_at_once(served: ProxyProcess) -> None:
    held = [connect(served) for _ in range(8)]
    try:
        time.sleep(0.2)
        extra = connect(served)
        data, took = read_all(extra, within=5)
        assert data.startswith(b"HTTP/1.1 503") and took < 1.5
        extra.close()
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    s = connect(served)  # below the limit again
    s.sendall(HEAD.format(n=len(BODY)).encode() + BODY)
    s.settimeout(10)
    assert s.recv(100).startswith(b"HTTP/1.1 200")
    s.close()


def test_a_client_leaving_mid_upload_is_a_499_record_without_a_traceback(served: ProxyProcess, mock: Mock) -> None:
    s = connect(served)
    s.sendall(HEAD.format(n=len(BODY)).encode() + BODY[:20])
    time.sleep(0.2)
    s.close()
    rec = wait_record(served, lambda r: r["status"] == 499)
    assert rec["error"] == "client_closed_request" and rec["client_disconnected"] is True
    time.sleep(0.5)
    statuses = [r.get("status") for r in served.records()]
    assert statuses.count(499) == 1 and 500 not in statuses
    assert not mock.state.requests
    log = served.stderr()
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]
