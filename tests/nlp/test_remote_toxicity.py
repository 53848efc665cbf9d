"""`models.toxicity.backend: remote` against a real Open Inference Protocol (KServe v2) server: MLServer
running the tiny model's exported ONNX graph (tests/support/inference_server.py), started once for this
module. Scores equal the local ONNX backend's; a batch is one infer call; timeouts, retries, a server
that is down; the Triton repository matches the graph; and the proxy end to end with the openai SDK.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import yaml

from proxy.config.settings import ConfigErrors, load_proxy_config, load_settings
from proxy.nlp.remote_toxicity import (
    RemoteToxicityScorer,
    ToxicityServerError,
    main,
    split_credentials,
    write_model_repository,
)
from proxy.nlp.toxicity import ORIGINAL_LABELS, DetoxifyScorer, build_scorer
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.inference_server import InferenceServer, mlserver_binary
from tests.support.procs import free_port
from tests.support.toxmodel import TRAIN_TOKENS, TinyModel

INSULTS = ["You are a worthless bastard.", "Shut up, you stupid asshole!", "Go away, you pathetic wanker."]
BENIGN = ["Thank you for your help with the quarterly report.", "The meeting is moved to Thursday afternoon.",
          "Could you send me the recipe for that soup?"]
PROSE = ("The committee reviewed the annual budget and agreed to fund two new projects. "
         "Please remember to water the plants while I am away on holiday next week. ") * 4


@pytest.fixture(scope="module")
def repository(tox_model: TinyModel, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    """The tiny model exported as the proxy's export command writes it: (graph, labels)."""
    return write_model_repository(tmp_path_factory.mktemp("repository"), checkpoint=tox_model.checkpoint,
                                  huggingface_config_path=tox_model.hf_dir, gpu=False)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InferenceServer]:
    binary = mlserver_binary()  # first: skip (or fail under CI) before exporting anything
    graph, _ = request.getfixturevalue("repository")
    srv = InferenceServer(binary, graph, tmp_path_factory.mktemp("mlserver")).start()
    yield srv
    srv.stop()


@pytest.fixture
def mlserver(server: InferenceServer) -> InferenceServer:
    server.reset()
    return server


def remote(model: TinyModel, url: str, **kwargs: Any) -> RemoteToxicityScorer:
    kwargs.setdefault("segment_tokens", TRAIN_TOKENS)  # the tiny model was trained on 64-token windows
    return RemoteToxicityScorer(url, huggingface_config_path=model.hf_dir, **kwargs)


def dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # nothing listens there


# --------------------------------------------------------------------------- scores and batching


async def test_scores_equal_the_local_onnx_backend(tox_model: TinyModel, mlserver: InferenceServer,
                                                   tmp_path: Path) -> None:
    texts = [*INSULTS, *BENIGN, PROSE, PROSE + INSULTS[0]]  # the long ones span several segments
    local = DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tox_model.hf_dir,
                           backend="onnx", onnx_dir=tmp_path, segment_tokens=TRAIN_TOKENS)
    scorer = remote(tox_model, mlserver.url)
    try:
        await local.wait_ready()
        await scorer.wait_ready()
        want = await local.score(texts)
        got = await scorer.score(texts)
    finally:
        local.close()
        await scorer.aclose()
    assert scorer.labels == local.labels == ORIGINAL_LABELS
    for g, w in zip(got, want, strict=True):
        assert g.keys() == w.keys()
        assert max(abs(g[k] - w[k]) for k in g) < 1e-4
    assert min(s["toxicity"] for s in got[:3]) > 0.8 > 0.2 > max(s["toxicity"] for s in got[3:7])
    # An insult at the end of a long text is in its last segment only, and found there (a text scores its worst
    # segment). The tiny model's weights differ with the CPU's float rounding over its 800 steps: on one machine
    # this segment, the insult with the prose before it, scores above 0.8, on another 0.65; the prose alone 0.01.
    assert got[7]["toxicity"] > 0.5 and got[7]["toxicity"] > 20 * got[6]["toxicity"], \
        "an insult at the end of a long text: its last segment"
    assert sum(c["rows"] for c in mlserver.calls()) == scorer.stats.segments_scored > len(texts)


async def test_a_batch_of_texts_is_one_infer_call(tox_model: TinyModel, mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, max_wait_ms=50)
    try:
        await scorer.wait_ready()
        await scorer.score([f"the report number {i} is ready for review" for i in range(8)])
        assert mlserver.calls() == [{"rows": 8, "width": 16}]  # padded to the 16-token bucket
        mlserver.reset()
        # Eight callers at once: their texts are gathered into one call too.
        await asyncio.gather(*(scorer.score([f"the invoice number {i} arrived late"]) for i in range(8)))
        assert mlserver.calls() == [{"rows": 8, "width": 16}]
        mlserver.reset()
        again = await scorer.score(["the invoice number 3 arrived late"])  # scored once: from the cache
        assert mlserver.calls() == [] and again[0]["toxicity"] < 0.5
    finally:
        await scorer.aclose()


async def test_tokenizing_runs_off_the_event_loop(tox_model: TinyModel, mlserver: InferenceServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    prepare = RemoteToxicityScorer._prepare

    def spy(self: RemoteToxicityScorer, *args: Any) -> Any:
        threads.append(threading.current_thread())
        return prepare(self, *args)

    monkeypatch.setattr(RemoteToxicityScorer, "_prepare", spy)
    scorer = remote(tox_model, mlserver.url)
    try:
        await scorer.score(["is this tokenized on the loop"])
    finally:
        await scorer.aclose()
    assert threads and all(t is not threading.current_thread() for t in threads)


# --------------------------------------------------------------------------- failures


async def test_a_slow_server_times_out(tox_model: TinyModel, mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, timeout_s=0.5, retries=2)
    try:
        await scorer.wait_ready()
        mlserver.delay(3)
        started = time.monotonic()
        with pytest.raises(ToxicityServerError, match=r"^toxicity server: timed out after 0.5 s$"):
            await scorer.score(["is the server slow today"])
        assert time.monotonic() - started < 1.5
        assert len(mlserver.calls()) == 1, "a timeout is not retried: its time is spent"
        assert scorer.status().ready, "a slow server is not a down one"
    finally:
        await scorer.aclose()


async def test_5xx_answers_are_retried(tox_model: TinyModel, mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, retries=2, timeout_s=10)
    try:
        await scorer.wait_ready()
        mlserver.fail_next(2)
        (scores,) = await scorer.score(["please try that again"])
        assert scores["toxicity"] < 0.5
        assert len(mlserver.calls()) == 3 and scorer.stats.retries == 2
        mlserver.reset()
        mlserver.fail_next(5)
        with pytest.raises(ToxicityServerError, match=r"^toxicity server: HTTP 503 \(after 3 attempts\)$"):
            await scorer.score(["and this one fails"])
        assert len(mlserver.calls()) == 3
        assert scorer.status().ready, "a server that answers is not down"
    finally:
        await scorer.aclose()


async def test_refused_connections_are_retried_then_the_server_checked(tox_model: TinyModel,
                                                                       mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, retries=2, probe_down_s=0.1)
    try:
        await scorer.wait_ready()
        scorer._infer_url = f"{dead_url()}/v2/models/detoxify/infer"  # the server vanishes, for infer calls only
        refused = r"^toxicity server: ClientConnector\w*Error \(after 3 attempts\)$"
        with pytest.raises(ToxicityServerError, match=refused):
            await scorer.score(["is anybody there"])
        assert scorer.stats.infer_calls == 3 and scorer.stats.retries == 2
        deadline = time.monotonic() + 10
        while not scorer.status().ready:  # checked again at once: its health and metadata still answer
            assert time.monotonic() < deadline, scorer.status()
            await asyncio.sleep(0.05)
    finally:
        await scorer.aclose()


async def test_server_down_fails_fast_and_says_so(tox_model: TinyModel) -> None:
    url = dead_url()
    scorer = remote(tox_model, url.replace("http://", "http://user:s3cret@"), probe_down_s=60)
    try:
        with pytest.raises(ToxicityServerError, match=r"^toxicity server: not reachable \(\w+\)$"):
            await scorer.wait_ready()
        status = scorer.status()
        assert status.state == "error" and status.error is not None
        assert url.removeprefix("http://") in status.error and "s3cret" not in status.error
        started = time.monotonic()
        with pytest.raises(ToxicityServerError, match="not reachable"):
            await scorer.score(["hello there"])
        assert time.monotonic() - started < 0.5, "no timeout to wait for: the server is known to be down"
    finally:
        await scorer.aclose()


async def test_a_model_with_other_labels_is_refused(tox_model: TinyModel, mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, labels=[*ORIGINAL_LABELS, "sexual_explicit"])
    try:
        with pytest.raises(ToxicityServerError, match="gives 6 scores per text but 7 labels are expected"):
            await scorer.wait_ready()
    finally:
        await scorer.aclose()
    assert mlserver.calls() == []


async def test_an_unknown_model_name_says_what_to_set(tox_model: TinyModel, mlserver: InferenceServer) -> None:
    scorer = remote(tox_model, mlserver.url, model_name="toxic-bert")
    try:
        with pytest.raises(ToxicityServerError, match=r"no model 'toxic-bert' \(HTTP 404\).*toxicity.model_name"):
            await scorer.wait_ready()
    finally:
        await scorer.aclose()


# --------------------------------------------------------------------------- Triton layout, config


def test_triton_repository_matches_the_graph(repository: tuple[Path, tuple[str, ...]]) -> None:
    import onnx

    graph_path, labels = repository
    graph = onnx.load(str(graph_path)).graph
    folder = graph_path.parent.parent
    config = (folder / "config.pbtxt").read_text()
    declared = re.findall(r'\{ name: "(\w+)", data_type: (TYPE_\w+), dims: \[ ([-\d]+) \]', config)
    int64, fp32 = onnx.TensorProto.INT64, onnx.TensorProto.FLOAT
    assert [i.type.tensor_type.elem_type for i in graph.input] == [int64] * len(graph.input)
    assert declared[:-1] == [(i.name, "TYPE_INT64", "-1") for i in graph.input]
    (output,) = graph.output
    dims = output.type.tensor_type.shape.dim
    assert output.type.tensor_type.elem_type == fp32 and len(dims) == 2 and dims[0].dim_param
    assert declared[-1] == (output.name, "TYPE_FP32", str(dims[1].dim_value)) == ("logits", "TYPE_FP32", "6")
    assert (folder / "labels.txt").read_text().splitlines() == list(labels) == list(ORIGINAL_LABELS)
    assert 'name: "detoxify"' in config and "max_batch_size: 64" in config and "dynamic_batching {" in config
    assert graph_path == folder / "1" / "model.onnx"


def test_export_cli_says_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "repo"), "--checkpoint", str(tmp_path / "missing.ckpt")]) == 1
    assert "models.toxicity.checkpoint: no such file" in capsys.readouterr().out
    assert not (tmp_path / "repo").exists()


def test_credentials_in_the_url_become_basic_auth() -> None:
    assert split_credentials("https://u%40x:p%3Aw@triton:8000/kserve") == (
        "https://triton:8000/kserve", {"authorization": "Basic dUB4OnA6dw=="})  # base64("u@x:p:w")
    assert split_credentials("http://triton:8000") == ("http://triton:8000", {})
    scorer = RemoteToxicityScorer("https://u:secret@triton:8000/")
    assert scorer.url == "https://triton:8000" and scorer.where == "https://triton:8000"
    assert "secret" not in repr(scorer.status())


@pytest.mark.parametrize(("text", "error"), [
    ("models:\n  pii: {workers: 0}\n  toxicity:\n    backend: remote\n",
     "proxy.yaml:3: models.toxicity: url is required with backend: remote (the inference server, e.g. "
     "http://triton:8000)"),
    ("models:\n  toxicity: {url: 'http://triton:8000'}\n",
     "proxy.yaml:2: models.toxicity: url and labels apply to backend: remote only"),
    ("models:\n  toxicity: {backend: remote, url: 'triton:8000'}\n",
     "proxy.yaml:2: models.toxicity.url: expected an http:// or https:// URL"),
])
def test_remote_keys_are_checked(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "proxy.yaml"
    path.write_text(text)
    with pytest.raises(ConfigErrors) as info:
        load_proxy_config(path)
    assert str(info.value) == f"{path}:{error.split(':', 1)[1]}"


def test_build_scorer_reads_the_remote_keys(tmp_path: Path) -> None:
    (tmp_path / "proxy.yaml").write_text(yaml.safe_dump({"models": {"toxicity": {
        "model": "unbiased", "backend": "remote", "url": "http://triton:8000/", "model_name": "toxic",
        "huggingface_config_path": "models/roberta", "timeout_s": 0.7, "retries": 4,
        "labels": ["toxic", "insult"]}}}))
    scorer = build_scorer(load_settings(tmp_path / "proxy.yaml", env={}))
    assert isinstance(scorer, RemoteToxicityScorer)
    assert (scorer.url, scorer.model_name, scorer.timeout_s, scorer.retries) == ("http://triton:8000", "toxic", 0.7, 4)
    assert scorer.huggingface_config_path == tmp_path / "models" / "roberta"
    assert scorer.labels == ("toxicity", "insult")  # normalised as detoxify's
    assert scorer.status().state == "idle", "nothing loaded or asked before start()"


# --------------------------------------------------------------------------- through the proxy


def _proxy(factory: ProxyFactory, model: TinyModel, url: str, on_error: str) -> Proxy:
    return factory({"models": {"pii": {"workers": 0}, "toxicity": {
        "backend": "remote", "url": url, "huggingface_config_path": str(model.hf_dir), "timeout_s": 5, "retries": 1}}},
        files={"policies/default.yaml": yaml.safe_dump({
            "name": "default", "on_error": on_error,
            "input": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}}}})})


def test_the_proxy_screens_with_the_server(mock: Mock, proxy_factory: ProxyFactory, tox_model: TinyModel,
                                           mlserver: InferenceServer) -> None:
    p = _proxy(proxy_factory, tox_model, mlserver.url, "block")
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk", max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Please review the contract."}])
    assert raw.parse().choices[0].message.content == "You said: Please review the contract."
    rec = p.record_for(raw.headers["x-guardrail-request-id"])
    (check,) = [c for c in rec["checks"] if c["check"] == "toxicity"]
    assert check["action"] == "allow" and check["scores"]["toxicity"] < 0.8
    assert mlserver.calls(), "scored by the server"
    mock.state.reset()
    with pytest.raises(openai.BadRequestError) as exc:
        client.chat.completions.create(model="gpt-4o-mini",
                                       messages=[{"role": "user", "content": "You are a worthless bastard."}])
    assert exc.value.body["code"] == "content_blocked" and "toxicity" in exc.value.body["message"]
    assert mock.state.requests == []


@pytest.mark.parametrize("on_error", ["block", "allow"])
def test_server_down_follows_on_error(mock: Mock, proxy_factory: ProxyFactory, tox_model: TinyModel,
                                      on_error: str) -> None:
    p = _proxy(proxy_factory, tox_model, dead_url(), on_error)
    client = openai.OpenAI(base_url=f"{p.url}/v1", api_key="sk", max_retries=0)
    messages = [{"role": "user", "content": "Is the toxicity server up?"}]
    if on_error == "block":
        with pytest.raises(openai.InternalServerError) as exc:
            client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        assert exc.value.status_code == 503 and exc.value.body["code"] == "guardrail_unavailable"
        assert "toxicity server: not reachable" in exc.value.body["message"]
        assert "127.0.0.1" not in exc.value.body["message"], "clients are not told where the server is"
        assert mock.state.requests == [], "fails closed"
        request_id = exc.value.response.headers["x-guardrail-request-id"]
    else:
        raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        assert raw.parse().choices[0].message.content == "You said: Is the toxicity server up?"
        request_id = raw.headers["x-guardrail-request-id"]
    rec = p.record_for(request_id)
    (check,) = [c for c in rec["checks"] if c["check"] == "toxicity"]
    assert check["action"] == "error" and check["on_error"] == on_error
    assert check["error"].startswith("toxicity server: not reachable")
    try:  # /readyz names the server and why; not ready where a policy would block
        with urllib.request.urlopen(f"{p.url}/readyz", timeout=5) as answer:
            status, ready = answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        status, ready = err.code, json.loads(err.read())
    toxicity = ready["checks"]["toxicity"]
    assert toxicity["state"] == "error" and toxicity["backend"] == "remote"
    assert "127.0.0.1" in toxicity["error"] and "not reachable" in toxicity["error"]
    assert (status, ready["ready"]) == ((503, False) if on_error == "block" else (200, True))
