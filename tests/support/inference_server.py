"""A real Open Inference Protocol (KServe v2) server for the remote toxicity backend's tests: MLServer.

MLServer lives in a venv of its own, `.venv-mlserver` (`make mlserver`; `make dev` and CI make it):
it needs protobuf and fastapi versions the proxy's venv must not be moved to. It runs the exported ONNX
graph with `tests/support/mlserver_runtime.py` (ONNX Runtime). Missing locally, the tests that need it
skip; missing where `CI` or `GUARDRAIL_TEST_MLSERVER` is set, they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.support.fixtures import in_ci
from tests.support.procs import free_port

ROOT = Path(__file__).resolve().parents[2]
MLSERVER_ENV = "GUARDRAIL_TEST_MLSERVER"  # the mlserver executable; set by .ci/run


def mlserver_binary() -> Path:
    """The mlserver executable, or skip (locally) / fail (CI) the test."""
    named = os.environ.get(MLSERVER_ENV)
    path = Path(named) if named else ROOT / ".venv-mlserver" / "bin" / "mlserver"
    if path.is_file():
        return path
    message = f"MLServer not installed at {path} (`make mlserver` installs it in .venv-mlserver)"
    if named is not None or in_ci():
        pytest.fail(f"{message}; CI runs must have it", pytrace=False)
    pytest.skip(message)


class InferenceServer:
    """`mlserver start` serving `graph` as `model_name` on free ports; test hooks in `control`."""

    def __init__(self, binary: Path, graph: Path, folder: Path, model_name: str = "detoxify", threads: int = 1) -> None:
        self.binary = binary.absolute()
        self.folder = folder
        self.model_name = model_name
        self.port = free_port()
        self.control = folder / "control"
        self.control.mkdir(parents=True, exist_ok=True)
        server = folder / "server"
        (server / model_name).mkdir(parents=True, exist_ok=True)
        (server / "settings.json").write_text(json.dumps({
            "http_port": self.port, "grpc_port": free_port(), "metrics_port": free_port(),
            "metrics_endpoint": None, "parallel_workers": 0, "debug": False}))
        (server / model_name / "model-settings.json").write_text(json.dumps({
            "name": model_name, "implementation": "tests.support.mlserver_runtime.OnnxGraph",
            "parameters": {"uri": str(graph), "extra": {"control": str(self.control), "threads": threads}}}))
        self.server_dir = server
        self.log_path = folder / "mlserver.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_within: float = 120.0) -> InferenceServer:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([str(self.binary), "start", str(self.server_dir)], cwd=self.folder,
                                         env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"mlserver exited: {self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/v2/models/{self.model_name}/ready", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (OSError, urllib.error.HTTPError):
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"mlserver did not get ready: {self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # ---- test hooks (read by the runtime on each infer call)

    def calls(self) -> list[dict[str, Any]]:
        """Infer calls received since `reset()`: `{"rows": R, "width": W}` each."""
        path = self.control / "calls.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    def reset(self) -> None:
        for name in ("calls.jsonl", "delay_s", "fail"):
            (self.control / name).unlink(missing_ok=True)

    def delay(self, seconds: float) -> None:
        (self.control / "delay_s").write_text(str(seconds))

    def fail_next(self, n: int) -> None:
        """The next `n` infer calls answer 503."""
        (self.control / "fail").write_text(str(n))

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
