"""The A/B tree loading shared by `bench/opcodes_per_request.py`, `bench/instructions_per_request.py` and
`bench/calls_per_request.py`: one mock provider (recording off), then one proxy per source tree
(`name: default` policy, decision log on, the tree's `proxy/` first on `PYTHONPATH`), started one after the
other in a subfolder `t<i>` of the run's temporary folder.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from overhead import PATH, Server, Servers, bin_path, free_port, http, proxy_yaml, servers  # noqa: E402


@dataclass
class Tree:
    """One started proxy of a source tree: its server, the file its tool writes, and the chat URL."""

    server: Server
    out: Path
    url: str


@dataclass
class Bench:
    """The running mock provider and the servers group proxies of the trees are started in."""

    tmp: Path
    group: Servers
    mock_port: int

    def start(self, i: int, tree: str, out_name: str, launch: Callable[[Path, list[str]], list[str]],
              env: dict[str, str] | None = None, timeout: float = 60.0) -> Tree:
        """Start the proxy of `tree` (the `i`th) and wait until it is ready. `launch(out, serve)` is the
        command line that runs `serve` (the `serve ...` arguments) and writes to `out`."""
        sub = self.tmp / f"t{i}"
        sub.mkdir()
        port, out = free_port(), sub / out_name
        serve = ["serve", "--config", str(proxy_yaml(sub, self.mock_port)), "--port", str(port),
                 "--log-level", "WARNING"]
        server = self.group.start(f"proxy-{i}", launch(out, serve), port,
                                  env={**os.environ, "PYTHONPATH": str(Path(tree).resolve()), **(env or {})})
        self.group.wait_ready(server, "/readyz", timeout=timeout)
        return Tree(server, out, server.url + PATH)


@contextmanager
def mock_bench(prefix: str) -> Iterator[Bench]:
    """A temporary folder, a servers group and a ready mock provider that records nothing."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp_name, servers(Path(tmp_name)) as group:
        mock_port = free_port()
        mock = group.start("mock", [bin_path("guardrail-proxy"), "mock-upstream", "--port", str(mock_port)], mock_port)
        group.wait_ready(mock, "/v1/models")
        http("POST", mock.url + "/_mock/config", json.dumps({"record": False}).encode())
        yield Bench(Path(tmp_name), group, mock_port)


def child_launch(script: str, tree: str) -> Callable[[Path, list[str]], list[str]]:
    """The command line that runs `script --child TREE OUT serve ...` (a tool's own instrumented proxy)."""
    return lambda out, serve: [sys.executable, script, "--child", str(Path(tree).resolve()), str(out), *serve]


def serve_child(tree: str, argv: list[str]) -> None:
    """In the `--child` process, once the tool's instrumentation is set: run `guardrail-proxy` of `tree`."""
    sys.path.insert(0, tree)
    from proxy.cli.main import main as proxy_main

    sys.argv = ["guardrail-proxy", *argv]
    proxy_main()


def wait_file(path: Path, tries: int, settle: float) -> None:
    """Wait up to `tries` tenths of a second for `path` to appear, then `settle` seconds for it to be written."""
    for _ in range(tries):
        if path.exists():
            break
        time.sleep(0.1)
    time.sleep(settle)
