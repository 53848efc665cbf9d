"""A name's parts under the field names of other languages (keys37, atk37 F14, F06, F23).

- **Keys** (`key_names`): the value of a key that names a surname or a given name in the commonest languages other
  than English (`sobrenome`, `primer_apellido`, `фамилия`, `nama_belakang`, `氏名`, `성명`, `họ_tên`...) is PERSON
  when it is in a name's shape (`proxy.nlp.name_keys.name_shaped`, any script; capitalised in a script with case;
  not the field's own label, `{"nom": "Nom", "prenom": "Prénom"}` of a locale file): JSON, YAML,
  `key: value`, `key=value` (a query's `&`), XML elements (`<nom>Faure</nom>`) and a CSV/TSV/Markdown header's
  column (`фамилия,имя,город`). A short key that names other things too (French `nom`, `prénom`, `nome`, `nombre`,
  `имя`, `姓`/`名`, `성`/`이름`, `họ`/`tên`, Turkish `ad`, and `fn`/`ln`) does so only beside its partner: another
  key of its language in the same object or row whose value is in a name's shape too (`{"prénom":"Élodie",
  "nom":"Faure"}`, `姓,名,都市`); `{"nom": "Produit A", "prix": 12}`, `商品名,価格`, a lone `名` and JS `fn=` stay.
  `fn`/`ln` need a listed name among the pair's values (`proxy.nlp.name_keys`' "loose" keys).
- **Tool calls' arguments** (`document_names`): the same keys over a JSON document decoded into its values
  (`proxy.guard.keyed.name_part_candidates`), an object being a run of keys none repeats.
- **A people column's CJK cells** (`people_cjk_cells`): under a header that names a person (`name`, `customer`:
  `proxy.nlp.tables.column_kind` "people") whose column holds a found name already, each cell of two to four
  Han characters or Hangul syllables (a space between a Japanese surname and given name) is PERSON, whatever row.

Found last (after the rules that drop a URL's or a table's words), so they stand. A phone column under a header of
these languages (`電話`, `携帯`, `手机`, `연락처`, `الهاتف`, `फ़ोन`) is `proxy.nlp.intl29`'s (its phone words). Pure
functions, CPU only; each scan gated by a substring test (a short key only before a key's separator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from proxy.nlp.comma33 import _replaced
from proxy.nlp.name_keys import _KEYED, _QUOTED, _object, name_shaped
from proxy.nlp.tables import NAME_PARTS

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["document_names", "key_names", "people_cjk_cells", "with_keys37"]

Result = tuple[str, int, int, float]

# Per language: keys that name a surname or a given name alone (a value in a name's shape under one is that part),
# and keys that do so only beside another key of their language (folded: lower case, no `_`, `-`, `.`, space or
# apostrophe: `nom_de_famille` is `nomdefamille`, `ім'я` is `імя`).
_LANGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "fr": (frozenset({"nomdefamille", "nomdenaissance", "nomdusage", "nomdejeunefille"}),
           frozenset({"nom", "prénom", "prenom", "prénoms", "prenoms"})),
    "es": (frozenset({"primerapellido", "segundoapellido", "apellidopaterno", "apellidomaterno", "apellido",
                      "apellidos"}),
           frozenset({"nombre", "nombres"})),
    "pt": (frozenset({"sobrenome", "sobrenomes", "apelido", "apelidos", "primeironome", "últimonome", "ultimonome"}),
           frozenset({"nome", "nomes"})),
    "it": (frozenset({"cognome"}), frozenset({"nome"})),
    "ru": (frozenset({"фамилия", "отчество"}), frozenset({"имя"})),
    "uk": (frozenset({"прізвище", "побатькові"}), frozenset({"імя"})),
    "id": (frozenset({"namadepan", "namabelakang", "namatengah"}), frozenset({"nama"})),
    "ja": (frozenset({"氏名", "フリガナ", "ふりがな", "姓名", "名字", "苗字", "氏名カナ", "セイ", "メイ"}),
           frozenset({"姓", "名", "氏", "名前"})),
    "zh": (frozenset({"姓名", "姓氏", "名字"}), frozenset({"姓", "名"})),
    "ko": (frozenset({"성명", "성씨"}), frozenset({"성", "이름"})),
    "vi": (frozenset({"hotên", "họtên", "họvàtên", "hovaten"}), frozenset({"họ", "tên"})),
    "tr": (frozenset({"soyad", "soyadı", "soyadi"}), frozenset({"ad", "adı", "adi", "isim"})),
    "en": (frozenset(), frozenset({"fn", "ln"})),
}
_STRONG = frozenset().union(*(s for s, _ in _LANGS.values()))
_KEYS = _STRONG.union(*(p for _, p in _LANGS.values()))
_GROUP = {k: lang for lang, (s, p) in _LANGS.items() for k in s | p}
_LOOSE = frozenset({"fn", "ln"})  # a listed name among the pair's values (a function's `fn`, a logarithm's `ln`)
_FOLD = re.compile(r"[\s_.'’ʼ-]+")
# A cheap gate: a stem of the keys (a short key only before a key's separator), or a native key's letters.
_HINT = re.compile(r"(?i)nom|apell|sobren|apelid|cognom|nama|soyad|h[oọ][ _]?(?:v[aà][ _])?t[eê]n"
                   r"|(?<!\w)(?:ad[ıi]?|isim|h[oọ]|t[eê]n|fn|ln)[\"']?[ \t]*[:=\uff1a,;\t|<>]")
_NATIVE = ("фамил", "Фамил", "имя", "Имя", "ИМЯ", "отчеств", "Отчеств", "прізвищ", "Прізвищ", "ім", "Ім", "姓", "名",
           "氏", "フリガナ", "ふりがな", "セイ", "メイ", "성", "이름")
_XML = re.compile(r"<([^\W\d_][\w.-]{0,30})>[ \t]*([^<>\n]{1,80}?)[ \t]*</\1>")
_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der",
                        "den", "ter", "bin", "ibn", "e", "y"})
# A field's label in a locale file or a form (`"last_name": "Surname"`) is no name.
_LABELS = NAME_PARTS | {"name", "fullname", "firstname", "lastname", "givenname", "familyname", "middlename",
                        "nombrecompleto", "nomcomplet", "nomecompleto", "namalengkap", "фио", "полноеимя"}
_NO_NAME = frozenset({"unknown", "none", "null", "nil", "n/a", "na", "tbd", "true", "false", "yes", "no", "test",
                      "inconnu", "desconocido", "неизвестно", "不明", "なし", "无"})


def _fold(key: str) -> str:
    return _FOLD.sub("", key.lower())


def _value_ok(value: str) -> bool:
    """A name's part in shape: one to three words of letters, capitalised in a script with case (Latin, Cyrillic:
    `Faure`, `KUZNETSOV`; not `produit`, `не указано`), no filler."""
    value = value.strip()
    if not value or not name_shaped(value) or value.lower() in _NO_NAME or len(value) > 40 \
            or _fold(value) in _KEYS or _fold(value) in _LABELS:
        return False  # (a form's or a locale file's label: `{"nom": "Nom", "prenom": "Prénom"}`)
    words = [w for w in re.split(r"[ -]", value) if w]
    return words[-1][0].isupper() and all(w[0].isupper() or w[0].lower() == w[0].upper() or w in _PARTICLES
                                          for w in words) or words[0][0].lower() == words[0][0].upper()


def _accepted(items: list[tuple[str, int, int, object]], value: Callable[[int, int], str],
              names: NameLists | None) -> list[tuple[int, int]]:
    """The items (folded key, start, end, its object or row; `value(start, end)` its text) that are a name's part:
    a strong key's value, or a paired key's beside another key of its language in the same object with a value in
    a name's shape (`fn`/`ln`: a listed name among the pair's values; without `names`, those are left out)."""
    ok = [(k, a, b, o) for k, a, b, o in items if _value_ok(value(a, b))]
    out: list[tuple[int, int]] = []
    for k, a, b, o in ok:
        if k not in _STRONG:
            partners = [(a2, b2) for k2, a2, b2, o2 in ok if o2 == o and k2 != k and _GROUP[k2] == _GROUP[k]]
            if not partners:
                continue
            if k in _LOOSE and (names is None or not any(_listed(names, value(x, y)) for x, y in [(a, b), *partners])):
                continue
        out.append((a, b))
    return out


def _listed(names: NameLists, value: str) -> bool:
    return all(names.is_name(w) or names.is_any_first(w) for w in re.split(r"[ '’-]", value) if w)


def key_names(chunk: str, names: NameLists) -> list[tuple[int, int]]:
    """Spans of `chunk` under a name part's key of another language (the module's docstring)."""
    if _HINT.search(chunk) is None and not any(k in chunk for k in _NATIVE):
        return []
    items: list[tuple[str, int, int, object]] = []
    if ":" in chunk or "=" in chunk or "\uff1a" in chunk:
        for m in _KEYED.finditer(chunk):
            key = _fold(m.group(1))
            if key not in _KEYS:
                continue
            obj = _object(chunk, m.start())
            if m.group(2) is not None:
                items += [(key, *q.span(1), obj) for q in _QUOTED.finditer(chunk, m.start(2), m.end(2))]
            else:
                g = next(g for g in (3, 4, 5) if m.group(g) is not None)
                items.append((key, *m.span(g), obj))
    if "</" in chunk:
        for m in _XML.finditer(chunk):
            key = _fold(m.group(1))
            if key in _KEYS:
                items.append((key, *m.span(2), _object(chunk, m.start())))
    if "\n" in chunk:
        from proxy.nlp.tables import column_cells

        rows: dict[int, list[tuple[str, int, int]]] = {}
        for a, b, header in column_cells(chunk, single=False, any_script=True):
            key = _fold(header)
            if key in _KEYS:
                rows.setdefault(chunk.rfind("\n", 0, a), []).append((key, a, b))
        items += [(k, a, b, ("row", row)) for row, cells in rows.items() for k, a, b in cells]
    return _accepted(items, lambda a, b: chunk[a:b], names) if items else []


def document_names(texts: Sequence[str], document: Sequence[tuple[int, str]]) -> list[int]:
    """Text indices of the values of `document` (a JSON document decoded into its texts, keys right before their
    values: a tool call's arguments, `proxy.guard.keyed.name_part_candidates`) under a name part's key of another
    language, as `key_names` reads the same JSON as text; an object is a run of keys none repeats (the next
    record of an array starts at a repeated key). Cheap, no name list read (`fn`/`ln` are `proxy.nlp.name_keys`')."""
    items: list[tuple[str, int, int, object]] = []
    key: str | None = None
    record, seen = 0, set[str]()
    for i, kind in document:
        if i >= len(texts):
            continue
        if kind == "key":
            key = _fold(texts[i])
            if key in seen:
                record, seen = record + 1, set()
            seen.add(key)
        elif key is not None and key in _KEYS and key not in _LOOSE:
            items.append((key, i, i + 1, record))
    return [a for a, _ in _accepted(items, lambda a, b: texts[a], None)] if items else []


# A person's name in Han characters or Hangul: two to four, or a Japanese surname and given name apart.
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}[ \u3000][\u4e00-\u9fff]{1,3}|[\uac00-\ud7af]{2,4}")


def people_cjk_cells(chunk: str, found: list[Result]) -> list[tuple[int, int]]:
    """Spans of the CJK names in a people column that holds a found name already (the module's docstring)."""
    if "\n" not in chunk or re.search(r"[\u4e00-\u9fff\uac00-\ud7af]", chunk) is None:
        return []
    from proxy.nlp.tables import column_cells, column_kind

    columns: dict[str, list[tuple[int, int]]] = {}
    for a, b, header in column_cells(chunk, single=False):
        if column_kind(header) == "people":
            columns.setdefault(header, []).append((a, b))
    out: list[tuple[int, int]] = []
    for cells in columns.values():
        if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for a, b in cells for r in found):
            continue
        out += [(a, b) for a, b in cells if _CJK_NAME.fullmatch(chunk, a, b)]
    return out


def with_keys37(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the name parts under other languages' keys and a people column's CJK names as PERSON, where no
    PERSON covers them."""
    spans = key_names(chunk, names) + people_cjk_cells(chunk, found)
    added = [("PERSON", a, b, 0.85) for a, b in dict.fromkeys(spans)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    return _replaced(found, added)
