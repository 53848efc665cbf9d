"""Every field of a request body, as the providers publish it: walked from OpenAI's OpenAPI spec and from
the request types of the official `openai` and `anthropic` SDKs.

`Leaf` is one field a client can fill: its path (`messages[].content[].text`: `[]` an array item, `{}`
a value of a map whose keys the client chooses, `*` any JSON under a free-form object), what it holds
(`string`, `number`, `any`) and, for an enumerated string, its values. `Step.consts` holds the
single-valued (discriminator) fields of the object a step goes through (`type: "text"`, `role:
"user"`), so `witness()` can build the smallest body that reaches the leaf the way a client would.

Unions are walked branch by branch; a schema met again inside itself (recursive filters, nested
JSON schemas) is cut there, as its fields were walked on the way in.
"""

from __future__ import annotations

import collections.abc
import functools
import os
import pickle
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# ------------------------------------------------------------------------------------------- leaves


@dataclass(frozen=True)
class Step:
    op: str                      # "prop" | "item" | "map"
    name: str = ""
    consts: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Leaf:
    steps: tuple[Step, ...]
    type: str                    # "string" | "number" | "any"
    enum: tuple[Any, ...] | None = None
    source: str = field(default="", compare=False)

    @property
    def path(self) -> str:
        """As `proxy.providers.inventory` writes paths: `<t>` after a step reaching an object of type t."""
        return path_of(self.steps)


def path_of(steps: tuple[Step, ...]) -> str:
    out = ""
    for i, step in enumerate(steps):
        if step.op == "prop":
            out += ("." if out else "") + step.name
        elif step.op == "item":
            out += "[]"
        else:
            out += "{}"
        if i + 1 < len(steps):
            kind = dict(steps[i + 1].consts).get("type")
            if isinstance(kind, str):
                out += f"<{kind}>"
    return out


def witness(leaf: Leaf, value: Any, key: str = "leaf_key") -> dict[str, Any]:
    """The smallest body with `value` at the leaf, every object on the way carrying its discriminators;
    `key` names the entry of each map on the way."""
    root: dict[str, Any] = {}
    holder: Any = root
    for i, step in enumerate(leaf.steps):
        last = i == len(leaf.steps) - 1
        if step.op in ("prop", "map"):
            assert isinstance(holder, dict)
            for name, const in step.consts:
                holder.setdefault(name, const)
            name = step.name if step.op == "prop" else key
            if last:
                holder[name] = value
            else:
                holder[name] = {} if leaf.steps[i + 1].op != "item" else []
                holder = holder[name]
        else:
            assert isinstance(holder, list)
            if last:
                holder.append(value)
            else:
                holder.append({} if leaf.steps[i + 1].op != "item" else [])
                holder = holder[-1]
    return root


# ------------------------------------------------------------------------------------------ OpenAPI

OPENAPI_ROUTES = {
    "chat": "/chat/completions",
    "completions": "/completions",
    "embeddings": "/embeddings",
    "responses": "/responses",
}


@functools.lru_cache(maxsize=2)
def load_openapi(path: Path) -> dict[str, Any]:
    """The spec (2.8 MB of YAML, ~2 s to parse: cached next to it in the temp folder by mtime)."""
    import tempfile

    cache = Path(tempfile.gettempdir()) / f"gp-openapi-{path.stat().st_mtime_ns}-{path.stat().st_size}.pickle"
    if cache.exists():
        with cache.open("rb") as fh:
            spec: dict[str, Any] = pickle.load(fh)
        return spec
    with path.open() as fh:
        spec = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # (parallel workers: each writes its own, the last rename wins)
    with tmp.open("wb") as fh:
        pickle.dump(spec, fh)
    tmp.replace(cache)
    return spec


def openapi_leaves(spec: dict[str, Any], route: str) -> list[Leaf]:
    """Every field of the JSON request body of `POST {route}`."""
    schemas = spec["components"]["schemas"]
    body = spec["paths"][route]["post"]["requestBody"]["content"]["application/json"]["schema"]
    out: list[Leaf] = []
    _oa_walk(schemas, body, (), (), out, ())
    return _dedupe(out, "openapi")


def _oa_resolve(schemas: dict[str, Any], node: dict[str, Any], refs: tuple[str, ...],
                ) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in refs:
            return None  # recursion: walked on the way in
        refs = (*refs, name)
        node = schemas[name]
    return node, refs


def _oa_variants(schemas: dict[str, Any], node: dict[str, Any], refs: tuple[str, ...],
                 ) -> list[tuple[dict[str, Any], tuple[str, ...]]]:
    """The union branches of a schema, each with allOf merged into one object schema."""
    resolved = _oa_resolve(schemas, node, refs)
    if resolved is None:
        return []
    node, refs = resolved
    for key in ("anyOf", "oneOf"):
        if key in node:
            rest = {k: v for k, v in node.items() if k != key}
            out = []
            for branch in node[key]:
                for variant, vrefs in _oa_variants(schemas, branch, refs):
                    out.extend(_oa_variants(schemas, _merge(rest, variant), vrefs) if rest.get("allOf") else
                               [(_merge(rest, variant), vrefs)])
            return out
    if "allOf" in node:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        combos: list[tuple[dict[str, Any], tuple[str, ...]]] = [(merged, refs)]
        for part in node["allOf"]:
            new = []
            for base, brefs in combos:
                for variant, vrefs in _oa_variants(schemas, part, brefs):
                    new.append((_merge(base, variant), vrefs))
            combos = new
        return combos
    return [(node, refs)]


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if key == "properties":
            out["properties"] = {**a.get("properties", {}), **value}
        elif key == "required":
            out["required"] = [*a.get("required", []), *value]
        elif key not in out or key in ("type",):
            out[key] = value
    return out


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("type")
    if isinstance(t, list):
        return set(t)
    if isinstance(t, str):
        return {t}
    if "properties" in node or "additionalProperties" in node:
        return {"object"}
    if "items" in node:
        return {"array"}
    if "enum" in node or "const" in node:
        return {"string"} if all(isinstance(v, str) for v in node.get("enum", [node.get("const")])) else set()
    return set()


def _single(node: dict[str, Any], schemas: dict[str, Any]) -> Any:
    resolved = _oa_resolve(schemas, node, ())
    if resolved is None:
        return None
    node = resolved[0]
    if "const" in node:
        return node["const"]
    enum = node.get("enum")
    if isinstance(enum, list) and len([v for v in enum if v is not None]) == 1:
        return next(v for v in enum if v is not None)
    return None


def _oa_walk(schemas: dict[str, Any], node: dict[str, Any], steps: tuple[Step, ...], refs: tuple[str, ...],
             out: list[Leaf], seen_objects: tuple[int, ...]) -> None:
    if len(steps) > 24:
        return
    for variant, vrefs in _oa_variants(schemas, node, refs):
        kinds = _types(variant)
        if not kinds and not variant:
            out.append(Leaf(steps, "any"))  # `{}`: any JSON
        if "string" in kinds:
            enum = variant.get("enum", [variant["const"]] if "const" in variant else None)
            out.append(Leaf(steps, "string", tuple(v for v in enum if v is not None) if enum else None))
        if kinds & {"number", "integer"}:
            out.append(Leaf(steps, "number"))
        if "array" in kinds and isinstance(variant.get("items"), dict):
            _oa_walk(schemas, variant["items"], (*steps, Step("item")), vrefs, out, seen_objects)
        if "object" in kinds:
            props: dict[str, Any] = variant.get("properties") or {}
            consts = tuple((name, c) for name, sub in props.items()
                           if name in ("type", "role", "object") and (c := _single(sub, schemas)) is not None)
            for name, sub in props.items():
                _oa_walk(schemas, sub, (*steps, Step("prop", name, consts)), vrefs, out, seen_objects)
            extra = variant.get("additionalProperties")
            if extra is True or (not props and extra is None and "additionalProperties" not in variant
                                 and variant.get("type") == "object"):
                out.append(Leaf((*steps, Step("map", consts=consts)), "any"))
            elif isinstance(extra, dict):
                if extra:
                    _oa_walk(schemas, extra, (*steps, Step("map", consts=consts)), vrefs, out, seen_objects)
                else:
                    out.append(Leaf((*steps, Step("map", consts=consts)), "any"))


def _dedupe(leaves: list[Leaf], source: str) -> list[Leaf]:
    seen: dict[tuple[tuple[Step, ...], str], Leaf] = {}
    for leaf in leaves:
        key = (leaf.steps, leaf.type)
        if key in seen:
            old = seen[key]
            if old.enum is not None and leaf.enum is not None:
                seen[key] = Leaf(leaf.steps, leaf.type, tuple(dict.fromkeys((*old.enum, *leaf.enum))), source)
            elif leaf.enum is None:
                seen[key] = Leaf(leaf.steps, leaf.type, None, source)
            continue
        seen[key] = Leaf(leaf.steps, leaf.type, leaf.enum, source)
    return list(seen.values())


# --------------------------------------------------------------------------------------------- SDKs


def sdk_params() -> dict[str, list[Any]]:
    """Per route kind, the request TypedDicts of the installed SDKs (Anthropic: the GA and beta types)."""
    from anthropic.types import message_count_tokens_params as a_count
    from anthropic.types import message_create_params as a_create
    from anthropic.types.beta import message_count_tokens_params as b_count
    from anthropic.types.beta import message_create_params as b_create
    from openai.types import completion_create_params, embedding_create_params
    from openai.types.chat import completion_create_params as chat_params
    from openai.types.responses import response_create_params

    return {
        "chat": [chat_params.CompletionCreateParamsBase],
        "completions": [completion_create_params.CompletionCreateParamsBase],
        "embeddings": [embedding_create_params.EmbeddingCreateParams],
        "responses": [response_create_params.ResponseCreateParamsBase],
        "messages": [a_create.MessageCreateParamsBase, b_create.MessageCreateParamsBase],
        "count_tokens": [a_count.MessageCountTokensParams, b_count.MessageCountTokensParams],
    }


def sdk_leaves(params: type) -> list[Leaf]:
    out: list[Leaf] = []
    _sdk_walk(params, (), out, ())
    return _dedupe(out, f"{params.__module__}.{params.__qualname__}")


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__annotations__") and \
        hasattr(tp, "__total__")


@functools.cache
def _td_fields(td: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(td, include_extras=True)
    out = []
    for name, tp in hints.items():
        wire = name
        base = tp
        while True:
            origin = typing.get_origin(base)
            if origin is typing.Annotated:
                for meta in base.__metadata__:
                    alias = getattr(meta, "alias", None)
                    if isinstance(alias, str):
                        wire = alias
                base = typing.get_args(base)[0]
            elif origin in (typing.Required, typing.NotRequired) or \
                    getattr(origin, "__name__", "") in ("Required", "NotRequired", "ReadOnly"):
                base = typing.get_args(base)[0]
            else:
                break
        out.append((wire, base))
    return tuple(out)


def _literal_values(tp: Any) -> list[Any] | None:
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    return None


def _branches(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        out = []
        for arg in typing.get_args(tp):
            out.extend(_branches(arg))
        return out
    if origin is typing.Annotated:
        return _branches(typing.get_args(tp)[0])
    if isinstance(tp, typing.TypeAliasType if hasattr(typing, "TypeAliasType") else ()):  # type: ignore[arg-type]
        return _branches(tp.__value__)
    return [tp]


_SEQUENCES = {list, tuple, set, frozenset, collections.abc.Iterable, collections.abc.Sequence,
              collections.abc.Collection}
_MAPS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}


def _sdk_walk(tp: Any, steps: tuple[Step, ...], out: list[Leaf], stack: tuple[type, ...]) -> None:
    if len(steps) > 24:
        return
    for branch in _branches(tp):
        if branch is type(None):
            continue
        literal = _literal_values(branch)
        if literal is not None:
            strings = tuple(v for v in literal if isinstance(v, str))
            if strings:
                out.append(Leaf(steps, "string", strings))
            continue
        if branch is str:
            out.append(Leaf(steps, "string"))
            continue
        if branch in (int, float):
            out.append(Leaf(steps, "number"))
            continue
        if branch in (bool, bytes) or branch is typing.IO:
            continue
        if branch is object or branch is typing.Any:
            out.append(Leaf(steps, "any"))
            continue
        if _is_typeddict(branch):
            if branch in stack:
                continue
            fields = _td_fields(branch)
            consts = []
            for name, ftp in fields:
                values = [v for b in _branches(ftp) for v in (_literal_values(b) or [])]
                if name in ("type", "role") and len(values) == 1:
                    consts.append((name, values[0]))
            for name, ftp in fields:
                _sdk_walk(ftp, (*steps, Step("prop", name, tuple(consts))), out, (*stack, branch))
            continue
        origin = typing.get_origin(branch)
        args = typing.get_args(branch)
        name = getattr(branch, "__name__", "") or getattr(origin, "__name__", "")
        if origin in _SEQUENCES or name == "SequenceNotStr":
            if args:
                _sdk_walk(args[0], (*steps, Step("item")), out, stack)
            continue
        if origin in _MAPS:
            if len(args) == 2:
                _sdk_walk(args[1], (*steps, Step("map")), out, stack)
            else:
                out.append(Leaf((*steps, Step("map")), "any"))
            continue
        if branch in (dict, collections.abc.Mapping):
            out.append(Leaf((*steps, Step("map")), "any"))
            continue
        # File uploads and other types a JSON body cannot carry
        continue


# ---------------------------------------------------------------------------------------- vocabulary

SPEC_PARTS = ("wire", "openai-python", "openapi.transformed.yml")


def all_leaves(spec: dict[str, Any] | None) -> dict[str, list[Leaf]]:
    """Per route kind, the leaves of the spec (when given) and of the SDK types."""
    out: dict[str, list[Leaf]] = {}
    for kind, params in sdk_params().items():
        leaves = [leaf for p in params for leaf in sdk_leaves(p)]
        if spec is not None and kind in OPENAPI_ROUTES:
            leaves += openapi_leaves(spec, OPENAPI_ROUTES[kind])
        out[kind] = leaves
    return out


def enum_words(leaves: dict[str, list[Leaf]]) -> set[str]:
    """Every enumerated string value of a request field (roles, part types, modes ...)."""
    return {v for per_kind in leaves.values() for leaf in per_kind if leaf.enum for v in leaf.enum
            if isinstance(v, str)}


def field_names(leaves: dict[str, list[Leaf]]) -> set[str]:
    """Every property name on the way to a request field (`messages`, `role`, `temperature` ...)."""
    return {step.name for per_kind in leaves.values() for leaf in per_kind for step in leaf.steps
            if step.op == "prop" and step.name}


def _frozenset_lines(name: str, words: set[str]) -> list[str]:
    lines = [f"{name}: frozenset[str] = frozenset({{"]
    line = "   "
    for word in sorted(words):
        item = f" {word!r},"
        if len(line) + len(item) > 110:
            lines.append(line)
            line = "   "
        line += item
    lines.append(line)
    lines.append("})")
    return lines


def write_vocabulary(words: set[str], path: Path, names: set[str] | None = None) -> None:
    lines = ['"""API words: every enumerated string value of a request field, in the providers\' published schemas.',
             "",
             "Generated by `python -m tests.support.schemas` from OpenAI's OpenAPI spec and the request types of the",
             "installed `openai` and `anthropic` SDKs; `tests/providers/test_inventory.py` fails when it is out of",
             "date. A string that is exactly one of these words is a fixed word of the API, not user text: the",
             'field sweep (`proxy.providers.inventory`) leaves it alone."""',
             "",
             ""]
    lines += _frozenset_lines("VOCABULARY", words)
    if names is not None:
        lines += ["", "# Every property name of a request field, on any route: an object key that is one of these",
                  "# is the API's own word; any other key a client sends is screened as text",
                  "# (`proxy.providers.inventory.field_texts`)."]
        lines += _frozenset_lines("FIELD_NAMES", names)
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    from tests.support.fixtures import FIXTURES

    spec_path = FIXTURES.joinpath(*SPEC_PARTS)
    found = all_leaves(load_openapi(spec_path))
    words = enum_words(found)
    target = Path(__file__).resolve().parents[2] / "proxy" / "providers" / "vocabulary.py"
    write_vocabulary(words, target, field_names(found))
    print(f"{len(words)} words -> {target}")
