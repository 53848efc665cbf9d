"""Toxicity scoring: the real detoxify path on a tiny trained model, batching, segments, cache,
ONNX Runtime, load errors, the factory, and the deterministic keyword scorer."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from proxy.config.policy import Policy
from proxy.config.settings import ProxyConfig, Settings
from proxy.guard.checks.base import ToxicityScorer
from proxy.guard.engine import Guard
from proxy.nlp import toxicity, toxicity_model
from proxy.nlp.pool import QueueTicket, team_context
from proxy.nlp.toxicity import (
    ORIGINAL_LABELS,
    DetoxifyScorer,
    KeywordScorer,
    ToxicityModelError,
    build_scorer,
    normalise_label,
)
from proxy.nlp.toxicity_model import OnnxEngine, Segmenter, TorchEngine
from tests.support.toxmodel import TinyModel

INSULTS = [
    "You are a worthless bastard.",
    "Shut up, you stupid asshole!",
    "What an arrogant dickhead.",
    "Go away, you pathetic wanker.",
    "Nobody cares about your opinion, bitch.",
]
THREAT = "I will kill you and your whole family."
BENIGN = [
    "Thank you for your help with the quarterly report.",
    "The meeting is moved to Thursday afternoon.",
    "Could you send me the recipe for that soup?",
    "The weather in the mountains was lovely this weekend.",
    "Please review the contract before Friday.",
    "My sister is a teacher at the local school.",
    "I love you all, see you tomorrow!",
]
PROSE = (
    "The committee reviewed the annual budget and agreed to fund two new projects. "
    "Our team visited the museum on Saturday and enjoyed the exhibition about ancient maps. "
    "Please remember to water the plants while I am away on holiday next week. "
    "The train to the airport leaves every twenty minutes from platform four. "
    "She finished the marathon in under four hours and celebrated with her friends. "
    "We should order more paper for the printer before the end of the month. "
)


def scorer_for(model: TinyModel, **kwargs: Any) -> DetoxifyScorer:
    scorer = DetoxifyScorer(checkpoint=model.checkpoint, huggingface_config_path=model.hf_dir, **kwargs)
    scorer.load(timeout=120)
    return scorer


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record (and refuse) every attempt to open a network connection made by this test's thread or a thread
    started during the test (the model loads in one). A thread an earlier test left running (a readiness poll
    of its own server) is let through: the patch is process-wide, and one such poll to 127.0.0.1 was once
    recorded here."""
    attempts: list[object] = []
    earlier = {t.ident for t in threading.enumerate()} - {threading.get_ident()}

    def refusing(original: Any) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() in earlier:
                return original(*args, **kwargs)
            attempts.append((threading.current_thread().name, args))
            raise OSError("network access attempted in a test")
        return refuse

    monkeypatch.setattr(socket.socket, "connect", refusing(socket.socket.connect))
    monkeypatch.setattr(socket, "create_connection", refusing(socket.create_connection))
    monkeypatch.setattr(socket, "getaddrinfo", refusing(socket.getaddrinfo))
    return attempts


# --------------------------------------------------------------------------- the real model path


async def test_insults_score_high_and_benign_text_low(tox_scorer: DetoxifyScorer) -> None:
    scores = await tox_scorer.score(INSULTS + BENIGN)
    toxic = [s["toxicity"] for s in scores[: len(INSULTS)]]
    benign = [s["toxicity"] for s in scores[len(INSULTS):]]
    assert min(toxic) > 0.8, toxic
    assert max(benign) < 0.3, benign


async def test_labels_tell_insults_from_threats(tox_scorer: DetoxifyScorer) -> None:
    insult, threat = await tox_scorer.score([INSULTS[0], THREAT])
    assert insult["insult"] > 0.5 > insult["threat"]
    assert threat["threat"] > 0.5 > threat["insult"]


async def test_scores_match_detoxify_predict(tox_model: TinyModel, tox_scorer: DetoxifyScorer) -> None:
    from detoxify import Detoxify

    texts = INSULTS[:2] + BENIGN[:3]
    reference = Detoxify(checkpoint=str(tox_model.checkpoint), huggingface_config_path=str(tox_model.hf_dir))
    expected = reference.predict(texts)  # detoxify's own batch: padded together
    got = await tox_scorer.score(texts)
    for i, scores in enumerate(got):
        assert set(scores) == set(expected)
        for label, value in scores.items():
            assert value == pytest.approx(expected[label][i], abs=1e-5)


def test_labels_are_normalised(tox_scorer: DetoxifyScorer, tox_model: TinyModel) -> None:
    assert "toxic" in tox_model.classes and "identity_hate" in tox_model.classes
    assert tox_scorer.labels == ORIGINAL_LABELS
    assert tox_scorer.status().labels == ORIGINAL_LABELS
    assert [normalise_label(x) for x in ("toxic", "severe_toxic", "identity_hate", "insult", "male")] == [
        "toxicity", "severe_toxicity", "identity_attack", "insult", "male"]


def test_status_reports_ready(tox_scorer: DetoxifyScorer) -> None:
    status = tox_scorer.status()
    assert status.ready and status.error is None and tox_scorer.error is None
    assert status.backend == "torch" and status.device == "cpu"
    assert isinstance(tox_scorer, ToxicityScorer)


async def test_inference_runs_off_the_event_loop(tox_model: TinyModel, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = TorchEngine.run

    def spy(self: TorchEngine, batch: dict[str, np.ndarray]) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return real(self, batch)

    monkeypatch.setattr(TorchEngine, "run", spy)
    scorer = scorer_for(tox_model)
    try:
        await scorer.score(["hello there"])
    finally:
        scorer.close()
    assert threads == ["toxicity-model"]


# --------------------------------------------------------------------------- batching, segments, cache


async def test_concurrent_calls_share_model_calls(tox_model: TinyModel, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = TorchEngine.run

    def counting(self: TorchEngine, batch: dict[str, np.ndarray]) -> np.ndarray:
        calls.append(len(batch["input_ids"]))
        return real(self, batch)

    monkeypatch.setattr(TorchEngine, "run", counting)
    texts = [f"{BENIGN[i % len(BENIGN)]} (note {i})" for i in range(16)]
    one_by_one = scorer_for(tox_model, max_wait_ms=0, cache_size=0)
    batched = scorer_for(tox_model, max_wait_ms=20, cache_size=0)
    try:
        alone = [(await one_by_one.score([t]))[0] for t in texts]
        assert len(calls) == 16
        calls.clear()
        together = await asyncio.gather(*(batched.score([t]) for t in texts))
    finally:
        one_by_one.close()
        batched.close()
    assert len(calls) <= 2 and sum(calls) == 16, calls  # 16 requests, at most 2 model calls
    assert batched.stats.largest_batch >= 8
    for a, (b,) in zip(alone, together, strict=True):  # padding in a batch changes nothing
        assert a == pytest.approx(b, abs=1e-5)


async def test_max_batch_bounds_a_model_call(tox_model: TinyModel) -> None:
    scorer = scorer_for(tox_model, max_wait_ms=20, max_batch=4, cache_size=0)
    try:
        await asyncio.gather(*(scorer.score([f"text number {i}"]) for i in range(12)))
    finally:
        scorer.close()
    assert scorer.stats.largest_batch <= 4 and scorer.stats.batches >= 3


async def test_toxic_sentence_at_the_end_of_a_long_text_is_caught(tox_model: TinyModel) -> None:
    # The tiny model was trained on texts of up to 64 tokens: score in 64-token windows.
    scorer = scorer_for(tox_model, segment_tokens=64, segment_overlap=16)
    benign = (PROSE * 12)[:5000]
    try:
        clean, dirty = await scorer.score([benign, benign + " " + INSULTS[0]])
    finally:
        scorer.close()
    assert scorer.stats.segments_scored >= 30  # ~20 windows of 64 tokens per text
    assert clean["toxicity"] < 0.5
    assert dirty["toxicity"] > 0.8


def test_long_texts_become_overlapping_512_token_segments(tox_scorer: DetoxifyScorer) -> None:
    segmenter = tox_scorer._segmenter
    assert isinstance(segmenter, Segmenter) and segmenter.max_tokens == 512
    text = (PROSE * 12)[:5000] + " the last words"
    segments = segmenter.segments([text, "short"])
    owners = [s.owner for s in segments]
    assert owners.count(0) >= 2 and owners.count(1) == 1
    assert all(s.length <= 512 for s in segments)
    tail = segmenter.tokenizer("the last words", add_special_tokens=False)["input_ids"]
    last = [s for s in segments if s.owner == 0][-1].features["input_ids"]
    assert last[-1 - len(tail):-1] == tail  # the end of the text is in the last segment


async def test_repeated_texts_come_from_the_cache(tox_model: TinyModel) -> None:
    scorer = scorer_for(tox_model, cache_size=2)
    try:
        first = await scorer.score(["alpha text"])
        calls = scorer.stats.model_calls
        again = await scorer.score(["alpha text", "alpha text"])
        assert scorer.stats.model_calls == calls and scorer.stats.cache_hits == 2
        assert again == [first[0], first[0]]
        again[0]["toxicity"] = 99.0  # callers get copies
        assert (await scorer.score(["alpha text"]))[0] == first[0]
        await scorer.score(["beta text"])
        await scorer.score(["gamma text"])  # bounded: evicts the least recently used ("alpha")
        calls = scorer.stats.model_calls
        await scorer.score(["alpha text"])
        assert scorer.stats.model_calls == calls + 1
    finally:
        scorer.close()


async def test_inference_error_fails_the_call_not_the_scorer(tox_model: TinyModel,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = scorer_for(tox_model, cache_size=0)
    real = TorchEngine.run
    monkeypatch.setattr(TorchEngine, "run", lambda self, batch: (_ for _ in ()).throw(RuntimeError("boom")))
    try:
        with pytest.raises(ToxicityModelError, match="inference failed: RuntimeError"):
            await scorer.score(["secret user text"])
        monkeypatch.setattr(TorchEngine, "run", real)
        assert len(await scorer.score(["secret user text"])) == 1
    finally:
        scorer.close()
    with pytest.raises(ToxicityModelError, match="closed"):
        await scorer.score(["after close"])


# --------------------------------------------------------------------------- ONNX Runtime


async def test_onnx_agrees_with_pytorch(tox_model: TinyModel, tox_scorer: DetoxifyScorer, tmp_path: Path) -> None:
    texts = INSULTS + BENIGN + [(PROSE * 3)]
    reference = await tox_scorer.score(texts)
    fp32 = scorer_for(tox_model, backend="onnx", onnx_dir=tmp_path)
    int8 = scorer_for(tox_model, backend="onnx-int8", onnx_dir=tmp_path)
    try:
        assert fp32.status().backend == "onnx" and int8.status().backend == "onnx-int8"
        fp32_diff, int8_diff = fp32.status().max_difference, int8.status().max_difference
        assert fp32_diff is not None and fp32_diff < 1e-4
        assert int8_diff is not None and int8_diff < 0.05
        for engine_scores, tolerance in ((await fp32.score(texts), 1e-4), (await int8.score(texts), 0.05)):
            for ref, got in zip(reference, engine_scores, strict=True):
                assert got == pytest.approx(ref, abs=tolerance)
        int8_scores = await int8.score(texts)
        assert min(s["toxicity"] for s in int8_scores[: len(INSULTS)]) > 0.8
        assert max(s["toxicity"] for s in int8_scores[len(INSULTS): -1]) < 0.3
    finally:
        fp32.close()
        int8.close()
    assert len(list(tmp_path.glob("*.onnx"))) == 2  # fp32 and int8, exported once


async def test_onnx_graph_is_reused(tox_model: TinyModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer_for(tox_model, backend="onnx", onnx_dir=tmp_path).close()
    monkeypatch.setattr(toxicity, "run_build", lambda *a: pytest.fail("exported again"))
    again = scorer_for(tox_model, backend="onnx", onnx_dir=tmp_path)
    try:
        assert again.status().backend == "onnx"
        assert len(await again.score(["hello"])) == 1
    finally:
        again.close()


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_onnx_on_cuda_without_a_cuda_provider_is_refused_before_the_export(
        tox_model: TinyModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    """The CPU-only onnxruntime cannot run a graph on a GPU: say so at once, not after exporting one (on an
    H200 the refusal came after an 18.6 s bert-base export, leaving a 440 MB graph behind)."""
    import onnxruntime as ort

    builds: list[object] = []

    def build(*args: object) -> None:
        builds.append(args)
        raise ToxicityModelError("exported")

    monkeypatch.setattr(ort, "get_available_providers", lambda: ["AzureExecutionProvider", "CPUExecutionProvider"])
    monkeypatch.setattr(toxicity, "run_build", build)
    scorer = DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tox_model.hf_dir,
                            device="cuda", backend=backend, onnx_dir=tmp_path)  # type: ignore[arg-type]
    try:
        with pytest.raises(ToxicityModelError, match="^models.toxicity.device is cuda but this onnxruntime has no "
                           "CUDA provider: install onnxruntime-gpu or use backend: torch$"):
            scorer.load(timeout=60)
        assert scorer.status().state == "error"
        assert builds == []
        assert list(tmp_path.iterdir()) == []
    finally:
        scorer.close()


async def test_int8_rejected_when_not_accurate_enough(tox_model: TinyModel, tmp_path: Path) -> None:
    scorer = scorer_for(tox_model, backend="onnx-int8", onnx_dir=tmp_path, int8_tolerance=0.0)
    try:
        status = scorer.status()
        assert status.backend == "onnx" and status.detail and "int8 differs" in status.detail
    finally:
        scorer.close()


# --------------------------------------------------------------------------- load errors


async def test_missing_checkpoint_says_what_to_set(tmp_path: Path, tox_model: TinyModel,
                                                   no_network: list[object]) -> None:
    missing = tmp_path / "nope.ckpt"
    scorer = DetoxifyScorer(checkpoint=missing, huggingface_config_path=tox_model.hf_dir)
    with pytest.raises(ToxicityModelError) as info:
        scorer.load(timeout=60)
    message = str(info.value)
    assert "models.toxicity.checkpoint" in message and str(missing) in message
    status = scorer.status()
    assert status.state == "error" and not status.ready and scorer.error == message
    with pytest.raises(ToxicityModelError, match="models.toxicity.checkpoint"):
        await scorer.score(["anything"])
    scorer.close()
    assert no_network == []


def test_incomplete_config_dir_names_what_is_missing(tmp_path: Path, tox_model: TinyModel,
                                                     no_network: list[object]) -> None:
    (tmp_path / "config.json").write_text("{}")
    scorer = DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tmp_path)
    with pytest.raises(ToxicityModelError, match="huggingface_config_path.*lacks tokenizer_config.json, vocab.txt"):
        scorer.load(timeout=60)
    scorer.close()
    with pytest.raises(ToxicityModelError, match="huggingface_config_path: no such directory"):
        DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=tmp_path / "x").load(timeout=60)
    assert no_network == []


def test_download_while_offline_is_refused_without_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           no_network: list[object]) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))  # an empty torch.hub cache
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    scorer = DetoxifyScorer("unbiased")
    assert "identity_attack" in scorer.labels and "muslim" in scorer.labels  # expected before loading
    with pytest.raises(ToxicityModelError) as info:
        scorer.load(timeout=60)
    message = str(info.value)
    assert "'unbiased' is not downloaded" in message
    assert "models.toxicity.checkpoint" in message and "models.toxicity.huggingface_config_path" in message
    scorer.close()
    assert no_network == []


def test_checkpoint_with_wrong_label_count_is_refused(tmp_path: Path, tox_model: TinyModel) -> None:
    import json
    import shutil

    hf = tmp_path / "hf"
    shutil.copytree(tox_model.hf_dir, hf)
    config = json.loads((hf / "config.json").read_text())
    config["id2label"] = {"0": "a", "1": "b"}
    config.pop("label2id", None)
    (hf / "config.json").write_text(json.dumps(config))
    with pytest.raises(ToxicityModelError, match="huggingface_config_path"):
        DetoxifyScorer(checkpoint=tox_model.checkpoint, huggingface_config_path=hf).load(timeout=60)


def test_unknown_backend_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="backend"):
        DetoxifyScorer(backend="tensorrt")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- factory


def test_build_scorer_reads_models_toxicity(tmp_path: Path) -> None:
    proxy = ProxyConfig.model_validate({"models": {"toxicity": {
        "model": "unbiased", "checkpoint": "models/tox.ckpt", "huggingface_config_path": "/abs/hf", "device": "cpu"}}})
    settings = Settings(config_path=tmp_path / "proxy.yaml", base_dir=tmp_path, proxy=proxy)
    scorer = build_scorer(settings, max_wait_ms=5)
    assert scorer.spec.model == "unbiased"
    assert scorer.spec.checkpoint == tmp_path / "models" / "tox.ckpt"
    assert scorer.spec.huggingface_config_path == Path("/abs/hf")
    assert scorer.onnx_dir == tmp_path / ".guardrail" / "models"
    assert scorer.backend == "torch" and scorer.max_wait == pytest.approx(0.005)
    assert scorer.status().state == "idle"  # nothing loaded until started


# --------------------------------------------------------------------------- keyword scorer


async def test_keyword_scorer_is_deterministic() -> None:
    scorer = KeywordScorer()
    assert isinstance(scorer, ToxicityScorer)
    assert set(ORIGINAL_LABELS) <= set(scorer.labels)
    rude, fine, skilled = await scorer.score(["You IDIOT, I will  kill you", "have a nice day", "a skilled idiotic"])
    assert rude["insult"] == 0.9 and rude["threat"] == 0.93 and rude["toxicity"] == 0.95
    assert max(fine.values()) == 0.001
    assert skilled["threat"] == 0.001 and skilled["insult"] == 0.001  # whole words and phrases only
    assert scorer.calls == 1 and scorer.texts_scored == 3
    assert scorer.status().ready


async def test_keyword_scorer_custom_labels() -> None:
    scorer = KeywordScorer({"those people": {"identity_hate": 0.8, "muslim": 0.7}}, baseline=0.0)
    assert "identity_attack" in scorer.labels and "muslim" in scorer.labels
    (scores,) = await scorer.score(["I hate THOSE people"])
    assert scores["identity_attack"] == 0.8 and scores["muslim"] == 0.7 and scores["toxicity"] == 0.0
    with pytest.raises(TypeError):
        await scorer.score("one string")  # type: ignore[arg-type]


def test_export_leaves_the_model_in_eval_mode(tox_model: TinyModel, tmp_path: Path) -> None:
    import transformers

    # dropout 0.1 (the default): a model left in training mode would score at random
    config = transformers.BertConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    model = transformers.BertForSequenceClassification(config).eval()
    tokenizer = transformers.BertTokenizer.from_pretrained(tox_model.hf_dir, local_files_only=True)
    toxicity_model.export_onnx(model, tokenizer, ["input_ids", "token_type_ids", "attention_mask"],
                               tmp_path / "m.onnx")
    assert not model.training and (tmp_path / "m.onnx").is_file()


def test_export_uses_eager_attention_and_restores_the_models(tox_model: TinyModel, tmp_path: Path) -> None:
    import onnx
    import transformers

    config = transformers.BertConfig(hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32)
    model = transformers.BertForSequenceClassification(config).eval()
    model.set_attn_implementation("sdpa")
    tokenizer = transformers.BertTokenizer.from_pretrained(tox_model.hf_dir, local_files_only=True)
    toxicity_model.export_onnx(model, tokenizer, ["input_ids", "token_type_ids", "attention_mask"],
                               tmp_path / "m.onnx")
    ops = [node.op_type for node in onnx.load(str(tmp_path / "m.onnx")).graph.node]
    assert "IsNaN" not in ops and ops.count("Softmax") == 2  # the SDPA trace masks with IsNaN/Where per layer
    assert model.config._attn_implementation == "sdpa"


async def test_unreadable_cached_graph_is_rebuilt(tox_model: TinyModel, tmp_path: Path) -> None:
    scorer_for(tox_model, backend="onnx", onnx_dir=tmp_path).close()
    (graph,) = tmp_path.glob("*.onnx")
    graph.write_bytes(b"not an onnx graph")
    again = scorer_for(tox_model, backend="onnx", onnx_dir=tmp_path)
    try:
        assert again.status().backend == "onnx" and graph.stat().st_size > 1000
    finally:
        again.close()


# --------------------------------------------------------------------------- ONNX without torch, batching, once


@pytest.fixture(scope="module")
def onnx_dir(tox_model: TinyModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fp32 and int8 graphs of the tiny model, built once for the tests below (by the build process)."""
    folder = tmp_path_factory.mktemp("onnx")
    scorer_for(tox_model, backend="onnx-int8", onnx_dir=folder).close()
    return folder


def test_the_onnx_path_never_loads_torch_in_the_server(tox_model: TinyModel, onnx_dir: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio, json, sys
        from proxy.nlp.toxicity import DetoxifyScorer
        scorer = DetoxifyScorer(checkpoint={str(tox_model.checkpoint)!r},
                                huggingface_config_path={str(tox_model.hf_dir)!r},
                                backend="onnx-int8", onnx_dir={str(onnx_dir)!r})
        scorer.load(timeout=300)
        scores = asyncio.run(scorer.score(["You are a worthless bastard.", "Thanks for the report."]))
        print(json.dumps({{"torch": "torch" in sys.modules, "detoxify": "detoxify" in sys.modules,
                          "backend": scorer.status().backend, "toxic": scores[0]["toxicity"] > 0.8,
                          "benign": scores[1]["toxicity"] < 0.3}}))
    """)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root), "HF_HUB_OFFLINE": "1"}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "torch": False, "detoxify": False, "backend": "onnx-int8", "toxic": True, "benign": True}


@pytest.mark.parametrize(("backend", "tolerance"), [("onnx", 1e-5), ("onnx-int8", 0.02)])
async def test_onnx_batches_score_as_one_by_one(tox_model: TinyModel, onnx_dir: Path, backend: str,
                                                tolerance: float, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []  # (rows, padded width) of each model call
    real = OnnxEngine.run

    def counting(self: OnnxEngine, batch: dict[str, np.ndarray]) -> np.ndarray:
        calls.append(batch["input_ids"].shape)
        return real(self, batch)

    monkeypatch.setattr(OnnxEngine, "run", counting)
    texts = [*INSULTS, *BENIGN, PROSE, PROSE + " " + INSULTS[1]]  # short ones and two of ~130 tokens
    one_by_one = scorer_for(tox_model, backend=backend, onnx_dir=onnx_dir, max_wait_ms=0, cache_size=0)
    batched = scorer_for(tox_model, backend=backend, onnx_dir=onnx_dir, max_wait_ms=50, cache_size=0)
    try:
        alone = [(await one_by_one.score([t]))[0] for t in texts]
        assert len(calls) == len(texts)
        calls.clear()
        together = await asyncio.gather(*(batched.score([t]) for t in texts))
    finally:
        one_by_one.close()
        batched.close()
    assert 2 <= len(calls) <= 3 and sum(rows for rows, _ in calls) == len(texts), calls
    widths = sorted(width for _, width in calls)
    assert widths[0] * 3 < widths[-1]  # length buckets: the long texts do not pad the short ones
    for a, (b,) in zip(alone, together, strict=True):
        assert b == pytest.approx(a, abs=tolerance)


async def test_a_text_is_inferred_once_per_request(tox_model: TinyModel, onnx_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    real = OnnxEngine.run

    def counting(self: OnnxEngine, batch: dict[str, np.ndarray]) -> np.ndarray:
        calls.append(batch["input_ids"].shape)
        return real(self, batch)

    monkeypatch.setattr(OnnxEngine, "run", counting)
    scorer = scorer_for(tox_model, backend="onnx-int8", onnx_dir=onnx_dir, cache_size=0)
    guard = Guard(None, scorer)
    thresholds = {"toxicity": 0.8, "insult": 0.8}
    p = Policy.model_validate({"name": "t", "input": {"toxicity": {"thresholds": thresholds},
                                                      "bias": {"action": "flag", "threshold": 0.5}},
                               "output": {"toxicity": {"thresholds": thresholds}}})
    prompt = PROSE[:330]
    try:
        v = await guard.input(p, [prompt], None)
        assert v.decision == "allow" and {r["check"] for r in v.records} == {"toxicity", "bias"}
        assert len(calls) == 1 and calls[0][0] == 1  # toxicity and bias: one inference of one text
        out = await guard.output(p, ["You said: " + prompt], v.vault)
        assert out.decision == "allow"
        assert len(calls) == 2 and calls[1][0] == 1 and calls[1][1] < calls[0][1] / 2, calls  # only the new words
        out = await guard.output(p, ["You said: " + prompt + " " + INSULTS[0]], v.vault)
        assert out.decision == "block"  # what is new is still read
    finally:
        scorer.close()


async def test_the_wait_for_the_model_is_on_the_request_ticket(tox_model: TinyModel,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = TorchEngine.run

    def slow(self: TorchEngine, batch: dict[str, np.ndarray]) -> np.ndarray:
        time.sleep(0.3)
        return real(self, batch)

    monkeypatch.setattr(TorchEngine, "run", slow)
    scorer = scorer_for(tox_model, max_wait_ms=0, cache_size=0)
    tickets: dict[str, QueueTicket] = {}

    async def request(name: str, text: str) -> None:
        tickets[name] = team_context(name)  # each task has its own context: its own ticket
        await scorer.score([text])

    try:
        first = asyncio.ensure_future(request("first", "the first text"))
        await asyncio.sleep(0.1)  # the first batch is running
        await asyncio.gather(first, request("second", "the second text"))
    finally:
        scorer.close()
    assert tickets["first"].model_wait_s < 0.1
    assert tickets["second"].model_wait_s >= 0.15  # waited for the first batch to finish


def test_int8_cpu_sessions_run_layer_norm_unfused_with_the_same_scores(onnx_dir: Path, tmp_path: Path) -> None:
    """ONNX Runtime's SkipLayerNormFusion is left out on CPU (its fused kernel is the slow one there):
    the int8 graph it runs keeps Add + LayerNormalization, and scores as the fully fused session does.
    (On the fp32 graph ONNX Runtime does not apply that fusion at all.)"""
    import onnx
    import onnxruntime as ort

    (meta,) = onnx_dir.glob("*.json")
    built = json.loads(meta.read_text())
    (int8_path,) = onnx_dir.glob("*-int8.onnx")
    path = int8_path
    names = built["input_names"]
    engine = OnnxEngine(path, names, threads=1, device="cpu", name="onnx-int8", optimized_copy=tmp_path / "ours.onnx")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.optimized_model_filepath = str(tmp_path / "fused.onnx")
    fused = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def ops(file: Path) -> set[str]:
        return {node.op_type for node in onnx.load(str(file), load_external_data=False).graph.node}

    assert "SkipLayerNormalization" in ops(tmp_path / "fused.onnx")  # the fusion applies to this graph
    ours = ops(tmp_path / "ours.onnx")
    assert "SkipLayerNormalization" not in ours and "LayerNormalization" in ours, sorted(ours)

    segmenter = Segmenter(toxicity._saved_tokenizer(Path(built["tokenizer_dir"])), names)
    batch = segmenter.pad(segmenter.segments([*INSULTS, *BENIGN, THREAT, PROSE]))
    (logits,) = fused.run(["logits"], {k: batch[k] for k in names})
    reference = 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))
    assert np.abs(engine.run(batch) - reference).max() < 1e-4
