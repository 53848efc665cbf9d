"""YAML config files with line numbers: parse, validate with pydantic, `FILE:LINE: path: message` errors.

Shared by every file the proxy reads (proxy.yaml, teams.yaml, budgets.yaml, policies/*.yaml). YAML
is parsed with a side table of line numbers (path -> line) so a pydantic error can be pointed at the
line that caused it. Messages name the expected type, never the value: a value may be a secret.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

ROOT = "(root)"

Loc = tuple[str, ...]
M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every config model: unknown keys are errors, no type coercion, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------------- errors


class ConfigError(Exception):
    """One problem in one file, at one line. `str()` is `FILE:LINE: path: message`."""

    def __init__(self, file: str, line: int, path: str, message: str) -> None:
        # One error, one line: whatever a key or value in the file held, it is escaped here.
        self.file, self.line, self.path, self.message = file, line, _one_line(path), _one_line(message)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class ConfigErrors(Exception):
    """All the problems found in one load; `str()` is one line per error."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to cwd when under it, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


# A mapping key that looks like a credential is never echoed back.
_SECRET_LIKE = re.compile(r"^(gp|sk)-")


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _one_line(text: str) -> str:
    """`text` with non-printable characters (line breaks among them) escaped."""
    return text if text.isprintable() else "".join(c if c.isprintable() else _escape(c) for c in text)


def _safe(part: object) -> str:
    """A key as shown in a field path: never a credential, at most 64 characters, and quoted with its
    whitespace and control characters escaped when it has any (or is empty), so a path is one word."""
    text = str(part)
    if _SECRET_LIKE.match(text):
        return "<redacted>"
    if len(text) > 64:
        text = text[:64] + "..."
    if text and text.isprintable() and not any(c.isspace() for c in text):
        return text
    return '"' + "".join(c if c.isprintable() and not c.isspace() else _escape(c) for c in text) + '"'


def format_path(loc: Sequence[object]) -> str:
    return ".".join(_safe(p) for p in loc) or ROOT


# --------------------------------------------------------------------------- YAML with lines


@dataclass(frozen=True)
class YamlDoc:
    """A parsed file: its data and the 1-based line of every key and list item."""

    file: str
    data: Any
    lines: dict[Loc, int]

    def line_for(self, loc: Sequence[object]) -> int:
        """Line of `loc`, or of its nearest ancestor (a missing key points at its parent)."""
        key = tuple(str(p) for p in loc)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, loc: Sequence[object], message: str) -> ConfigError:
        return ConfigError(self.file, self.line_for(loc), format_path(loc), message)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse one file; raises ConfigErrors (missing, unreadable, bad YAML)."""
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigErrors([ConfigError(file, 1, ROOT, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"not UTF-8 text: {exc.reason}")]) from None
    except OSError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(text, file)


# `[` and `{` nested deeper than this are refused as "nested too deeply" when scanned: PyYAML's scanner keeps one
# possible simple key per open flow collection and walks them all at every token, so a line of 3,000 `[` took
# ~7 s of one core (a broken policy's reload, under load over 10 s); a real config nests a few levels.
MAX_FLOW_DEPTH = 64


class _Loader(yaml.SafeLoader):
    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 - PyYAML's name
        if self.flow_level >= MAX_FLOW_DEPTH:
            raise RecursionError  # as deeper block nesting ends (the composer recurses): "nested too deeply"
        super().fetch_flow_collection_start(TokenClass)


def parse_yaml(text: str, file: str) -> YamlDoc:
    loader: yaml.SafeLoader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        lines: dict[Loc, int] = {(): node.start_mark.line + 1 if node is not None else 1}
        duplicates: list[ConfigError] = []
        if node is not None:
            # Index before constructing: construction flattens merge keys in place.
            _index(node, (), lines, duplicates, file, set())
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # A scanner's context (where the quote or key began) is the line to fix; a parser's
        # context is the enclosing block, so its problem mark is the better pointer.
        mark = exc.problem_mark or exc.context_mark
        if isinstance(exc, yaml.scanner.ScannerError) and exc.context_mark is not None:
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = ", ".join(p for p in (exc.context, exc.problem) if p) or "syntax error"
        raise ConfigErrors([ConfigError(file, line, ROOT, f"invalid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"invalid YAML: unacceptable character #x{exc.character:04x}"
        raise ConfigErrors([ConfigError(file, line, ROOT, message)]) from None
    except yaml.YAMLError as exc:
        raise ConfigErrors([ConfigError(file, 1, ROOT, f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise ConfigErrors([ConfigError(file, 1, ROOT, "invalid YAML: nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if duplicates:
        raise ConfigErrors(duplicates)
    return YamlDoc(file, data, lines)


def _index(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], errors: list[ConfigError], file: str,
    visited: set[int],
) -> None:
    # Each node once: an aliased node keeps the lines of its first use, and an alias bomb
    # or a recursive alias costs nothing.
    if id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = key_node.start_mark.line + 1
            if name in seen and name != "<<":
                message = f"duplicate key (first on line {seen[name]})"
                errors.append(ConfigError(file, line, format_path(loc + (name,)), message))
            seen.setdefault(name, line)
            lines.setdefault(loc + (name,), line)
            _index(value_node, loc + (name,), lines, errors, file, visited)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault(loc + (str(i),), item.start_mark.line + 1)
            _index(item, loc + (str(i),), lines, errors, file, visited)


# --------------------------------------------------------------------------- validation


def validate_doc(doc: YamlDoc, model: type[M], context: dict[str, Any] | None = None) -> M:
    """Validate a parsed file against `model` (`context`: what its validators may read of other files); an empty
    file means all defaults."""
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        raise ConfigErrors([doc.error((), f"expected a mapping at the top level, got {_kind(data)}")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = [_convert(doc, model, e) for e in exc.errors(include_url=False)]
        raise ConfigErrors(sorted(errors, key=lambda e: e.line)) from None


_EXPECTED = {
    "model_type": "a mapping", "dict_type": "a mapping", "list_type": "a list",
    "string_type": "a string", "int_type": "an integer", "float_type": "a number",
    "bool_type": "true or false",
}


def _convert(doc: YamlDoc, model: type[BaseModel], err: Any) -> ConfigError:
    loc = tuple(p for p in err["loc"] if p != "[key]")  # a bad mapping key: point at the key
    kind = err["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = f" (allowed: {', '.join(owner.model_fields)})" if owner else ""
        message = f"unknown key '{_safe(loc[-1])}'{allowed}"
    elif kind == "missing":
        message = "required key missing"
    elif kind in _EXPECTED:  # the type, never the value: it may be a secret
        message = f"expected {_EXPECTED[kind]}, got {_kind(err['input'])}"
    else:
        message = err["msg"]
    return doc.error(loc, message)


def _kind(value: object) -> str:
    for tp, name in ((type(None), "null"), (bool, "a boolean"), (int, "an integer"),
                     (float, "a number"), (str, "a string"), (list, "a list"), (dict, "a mapping")):
        if isinstance(value, tp):
            return name
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: Sequence[object]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, for the 'allowed:' hint."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if str(part) not in tp.model_fields:
                return None
            tp = tp.model_fields[str(part)].annotation
        elif get_origin(tp) in (dict, list):
            tp = get_args(tp)[-1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp


def pattern_check(pattern: str, kind: str, message: str) -> AfterValidator:
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise PydanticCustomError(kind, message)
        return value

    return AfterValidator(check)
