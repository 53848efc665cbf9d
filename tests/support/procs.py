"""A real `guardrail-proxy serve` process for tests that need one (signals, worker processes, logs)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from proxy.config.keys import generate_key, hash_key
from tests.support.jsonl import complete_records


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc), grandchildren included."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] == "Z":
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


class ProxyProcess:
    """`python -m proxy serve` in `folder`, in front of `upstream`; stderr goes to `folder/stderr.log`."""

    def __init__(self, folder: Path, upstream: str, *, proxy_yaml: dict[str, Any] | None = None,
                 teams: list[str] | dict[str, dict[str, Any]] | None = None, files: dict[str, str] | None = None,
                 args: list[str] | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.keys: dict[str, str] = {}
        cfg: dict[str, Any] = {
            "listen": {"host": "127.0.0.1", "port": self.port},
            "providers": {"openai": {"base_url": f"{upstream}/v1"}, "anthropic": {"base_url": upstream}},
            "models": {"pii": {"workers": 1}, "toxicity": {"model": "keywords"}},
        }
        for key, value in (proxy_yaml or {}).items():
            if isinstance(value, dict) and isinstance(cfg.get(key), dict):
                cfg[key] = {**cfg[key], **value}
            else:
                cfg[key] = value
        (folder / "proxy.yaml").write_text(yaml.safe_dump(cfg))
        if teams is not None:
            doc: dict[str, Any] = {"teams": {}}
            specs = teams if isinstance(teams, dict) else dict.fromkeys(teams, {})
            for name, spec in specs.items():
                self.keys[name] = generate_key()
                doc["teams"][name] = {"keys": [hash_key(self.keys[name])], **spec}
            (folder / "teams.yaml").write_text(yaml.safe_dump(doc))
        for rel, text in (files or {}).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text)
        self.args = args or []
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr_path = folder / "stderr.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, ready_within: float = 180.0) -> ProxyProcess:
        env = {**os.environ, "GUARDRAIL_CONFIG": "", "OPENAI_API_KEY": "sk-test", "ANTHROPIC_API_KEY": "sk-test"}
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "proxy", "serve", "--config",
                                          str(self.folder / "proxy.yaml"), *self.args],
                                         cwd=self.folder, env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the proxy exited: {self.stderr()[-2000:]}"
            body = self.readyz()
            if body is not None and body.get("ready"):
                return self
            time.sleep(0.25)
        raise AssertionError(f"the proxy did not get ready: {self.readyz()}")

    def readyz(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as r:
                return dict(json.loads(r.read()))
        except urllib.error.HTTPError as err:
            return dict(json.loads(err.read()))
        except OSError:
            return None

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def records(self) -> list[dict[str, Any]]:
        return complete_records(self.folder / ".guardrail" / "decisions.jsonl")

    def stop(self, sig: int = signal.SIGTERM, within: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(within)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise

    def kill(self) -> None:
        """Cleanup after a failed test: the process and everything below it."""
        if self.proc is None:
            return
        for pid in descendants(self.proc.pid) | {self.proc.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.proc.wait(10)
