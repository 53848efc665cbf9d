"""An MLServer runtime that runs an ONNX graph with ONNX Runtime (MLServer ships none of its own).

Loaded by MLServer (`tests/support/inference_server.py` starts it from its own venv, `.venv-mlserver`),
never by the proxy's tests directly: it imports only numpy, onnxruntime and mlserver. Like Triton, it
describes the graph's real inputs and outputs in the model metadata (`GET /v2/models/{name}`).

Hooks for the tests, files in the folder named by the model's `parameters.extra.control`:
- `delay_s`: seconds to wait before answering each infer call (the timeout test);
- `fail`: a number N; the next N infer calls answer 503 (the retry test);
- `calls.jsonl`: one line per infer call received, `{"rows": R, "width": W}` (the batching tests).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from mlserver import MLModel
from mlserver.codecs import NumpyCodec
from mlserver.errors import MLServerError
from mlserver.types import InferenceRequest, InferenceResponse, MetadataTensor
from mlserver.utils import get_model_uri

_TYPES = {"tensor(int64)": "INT64", "tensor(int32)": "INT32", "tensor(float)": "FP32"}


class OnnxGraph(MLModel):
    async def load(self) -> bool:
        path = await get_model_uri(self._settings)
        extra: dict[str, Any] = dict(self._settings.parameters.extra or {}) if self._settings.parameters else {}
        options = ort.SessionOptions()
        options.intra_op_num_threads = int(extra.get("threads", 1))
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # as the proxy's OnnxEngine
        self.session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        self.control = Path(extra["control"]) if extra.get("control") else None
        self._settings.inputs = [
            MetadataTensor(name=i.name, datatype=_TYPES[i.type], shape=[-1 if not isinstance(d, int) else d
                                                                       for d in i.shape])
            for i in self.session.get_inputs()]
        self._settings.outputs = [
            MetadataTensor(name=o.name, datatype=_TYPES[o.type], shape=[-1 if not isinstance(d, int) else d
                                                                       for d in o.shape])
            for o in self.session.get_outputs()]
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        feeds = {i.name: NumpyCodec.decode_input(i).astype(np.int64) for i in payload.inputs}
        rows, width = feeds["input_ids"].shape
        if self.control is not None:
            with open(self.control / "calls.jsonl", "a") as f:
                f.write(json.dumps({"rows": int(rows), "width": int(width)}) + "\n")
            fail = self.control / "fail"
            if fail.is_file() and int(fail.read_text() or 0) > 0:
                fail.write_text(str(int(fail.read_text()) - 1))
                raise MLServerError("injected failure", status_code=503)
            delay = self.control / "delay_s"
            if delay.is_file():
                await asyncio.sleep(float(delay.read_text()))
        (logits,) = self.session.run(["logits"], feeds)
        return InferenceResponse(model_name=self.name, outputs=[NumpyCodec.encode_output("logits", logits)])
