"""The PII check: Presidio spans (from `PiiAnalyzer`, cached per text) filtered by a policy's rule.

The rule decides which entity types count (`entities` plus `per_entity` keys), the score floor
(`min_score`), values never reported (`allow`, compared case-insensitively, as written or normalised)
and the action per type. Spans are found in each text's normalised view and come in the text's own
offsets (`proxy.nlp.normalize`). A value split across two texts of the request (content parts,
messages) is found in the joints between them (`proxy.guard.joined`): structured types only, and only
at cuts where the end of one text and the start of the next could be halves of one value (`value_near`),
and not where a value found whole in one text only runs on into an ordinary word or a short number beside it
(`neighbour_word`: `hello world` + `john.smith@acme.com`); so is one split across the values of one JSON
object or array (`{"a": 4111, "b": 1111, ...}`). A value whose key names its type is also read after that
type's context word (`{"phone": 6175550143}` reads `phone: 6175550143`, `proxy.guard.keyed`), and so is a value
under a table column's header or after a list's label that names its type (`| phone |`, `Phones: A, B, ...`).
Overlapping spans are merged into one finding covering both (a URL inside an e-mail address, a
phone pattern inside a card number): the type of the higher-scored one, the strongest action.
On output, spans that touch one of the request's placeholders or synthesized values, or that are values
the client sent itself (restored answers), are left alone; with answers restored, each text is also read as the
client gets it (`composed`, structured types): a value the model composed around a restored value
(`<PERSON_1>.<PERSON_2>@acme.com` reads `Jane.Smith@acme.com`) is the model's own, its placeholders included;
read with the input's readings (no HTML comments, spelled addresses) and across neighbouring texts of one answer
(`restored_joints`: `Mail <PERSON_1>` + `@acme.com`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from proxy.config.policy import InputRules, OutputRules, PiiRule
from proxy.guard import context24, dict44, operators, parts26, perf45, turn47
from proxy.guard.addresses24 import address_reading
from proxy.guard.checks.base import CheckContext, CheckError, Finding, Inspection
from proxy.guard.decision import Decision, strongest
from proxy.guard.fields24 import first_last_candidates, first_last_values
from proxy.guard.join39 import turn_joints
from proxy.guard.join43 import counted_once, needs_counting  # (join43: a value given in parts counts once)
from proxy.guard.joined import (
    ANSWER_FIELDS,
    DIRECT,
    JOINT_STARTS,
    Field,
    Join,
    Joint,
    JointMemo,
    Sibling,
    escape_cut,
    joints,
    json_fields,
    json_value_joints,
    key_words,
    on_fields,
    sibling_joints,
)
from proxy.guard.json46 import content_hint, content_joints  # JSON in content and answers, in a JSON string (json46)
from proxy.guard.keyed import (
    GROUP_ENTITIES,
    KEYED_ENTITIES,
    Keyed,
    json_like,
    keyed_values,
    labelled_values,
    name_part_candidates,
    name_part_values,
    valid_loose,
)
from proxy.guard.split26 import json_message_values
from proxy.guard.splitkeys import split_across
from proxy.guard.tool26 import readings as call_readings
from proxy.guard.vault import Vault, crosses_restored, restored_views
from proxy.nlp import key46
from proxy.nlp.caps39 import batch_names
from proxy.nlp.companies import product_value
from proxy.nlp.cued_values import person_key_readings
from proxy.nlp.normalize import (
    NOT_CONNECTORS,
    View,
    emphasis_across,
    markup_open,
    normalize,
    spelled_addresses,
    uncommented,
)
from proxy.nlp.out42 import with_tails  # (out42)
from proxy.nlp.pii import PiiAnalyzer, PiiUnavailable, Span
from proxy.nlp.pii_types import NER_ENTITIES
from proxy.nlp.places import place_value
from proxy.nlp.plain_words import month_value
from proxy.nlp.segment import listed_word, ordinary_word, split_words


class PiiCheck:
    name: ClassVar[str] = "pii"

    def __init__(self, analyzer: PiiAnalyzer | None) -> None:
        self.analyzer = analyzer
        self.near = NearCache()
        self.memo = JointMemo()  # the joints of the texts a conversation resends

    def applies(self, rules: InputRules | OutputRules) -> bool:
        return rules.pii is not None

    async def inspect(self, texts: Sequence[str], ctx: CheckContext) -> Inspection:
        rule = ctx.rules.pii
        assert rule is not None
        if self.analyzer is None:
            raise CheckError("PII analyzer not loaded")
        entities = rule.checked_entities()
        # Values split across texts: the joints where a value may continue, for the types a pattern finds
        # (names are found by the NER model in each text).
        across = [e for e in entities if e not in NER_ENTITIES]
        found_joints: list[Joint] = []
        siblings = 0  # found_joints[siblings:] are across the values of one JSON document
        # A value read with the key that names its type (`{"phone": 6175550143}`: `proxy.guard.keyed`).
        keyed_entities = GROUP_ENTITIES.intersection(entities)
        keyed: list[Keyed] = []
        # The values of a request's JSON texts (a tool's output sent as JSON) and of an answer's tool results sent as
        # JSON as texts of their own, read joined directly as the values of tool-call arguments are
        # (`json_value_joints`, `with_fields`).
        fields: list[Field] = []
        direct: list[Joint] = []
        if across and ctx.joined and (len(texts) > 1 or ctx.json_texts or (texts and json_like(texts[0]))
                                      or content_hint(texts)):  # JSON in prose (json46)
            def cuts() -> tuple[list[Joint], list[Joint], list[Keyed], list[Field], list[Joint]]:
                # Across texts, and across the values of one JSON object or array (`{"a": 4111, "b": 1111}`).
                values = json_fields(texts, ctx.json_texts, None if ctx.phase == "input" else ANSWER_FIELDS)
                return (joints(texts, JOINT_REACH, self.near, ctx.joinable, JOINT_STARTS, ids=True, memo=self.memo)
                        if len(texts) > 1 else [],
                        sibling_joints(texts, ctx.documents, ctx.json_texts, JOINT_REACH, self.near)
                        + content_joints(texts, ctx.json_texts, JOINT_REACH, self.near),  # JSON in content (json46)
                        keyed_values(texts, ctx.documents, ctx.json_texts, keyed_entities, ctx.groups)
                        + json_message_values(texts, ctx.json_texts, keyed_entities)  # a JSON message (split26)
                        # a JSON document over texts joined directly, or inside prose (`proxy.guard.splitkeys`)
                        + split_across(texts, ctx.joinable, ctx.json_texts, keyed_entities)
                        if keyed_entities else [],
                        values,
                        json_value_joints(texts, values, JOINT_REACH, self.near, JOINT_STARTS) if values else [])

            if len(texts) <= 32 and not ctx.documents and not ctx.json_texts \
                    and not (content_hint(texts) and sum(map(len, texts)) > operators.INLINE_CHARS):  # (json46)
                between, within, keyed, fields, direct = cuts()  # less than a thread hop costs
            else:
                between, within, keyed, fields, direct = await operators.run(cuts)
            between += turn_joints(texts, ctx.roles) if ctx.phase == "input" else []  # over questions (join39)
            between += dict44.dictated_joints(texts, ctx.roles) if ctx.phase == "input" else []  # (dict44)
            found_joints, siblings = between + within, len(between)
        elif across and ctx.joined and keyed_entities and len(texts) == 1 and '":' in texts[0]:
            keyed = split_across(texts, ctx.joinable, ctx.json_texts, keyed_entities)  # JSON in prose alone (fields24)
        if across and keyed_entities and any(map(key46.hint, texts)):  # keyed parts in YAML, XML, tables (key46)
            keyed = keyed + await operators.run(lambda: key46.keyed_readings(texts, keyed_entities),
                                                sum(map(len, texts)))
        if keyed_entities & KEYED_ENTITIES and texts:
            # Values under a table column's header or after a list's label that names their type (`| phone |`,
            # `Phones: A, B, ... F`): read after the type's context word too, however far from it (atk14 B H4).
            keyed = keyed + await operators.run(lambda: labelled_values(texts, keyed_entities, ctx.shown),
                                                sum(len(t) for t in texts))
            keyed = keyed + call_readings(texts, ctx, keyed_entities)  # a call's values read with its name (tool26)
            if ctx.phase == "output" and ctx.prose is not None and "PHONE_NUMBER" in keyed_entities:
                from proxy.nlp.phone33 import data_phones  # `finish_reason: "stop 6175550143"` (phone33, atk31 F12)

                keyed = keyed + [Keyed(i, a, b, "PHONE_NUMBER", False, f"phone: {texts[i][a:b]}")
                                 for i, a, b in data_phones(texts, ctx.prose)]
        # An answer read as the client gets it, restored: a value the model composed around a restored value
        # (`<PERSON_1>.<PERSON_2>@acme.com`, `617-<PHONE_NUMBER_1>`) is one only there (`composed`).
        # Neighbouring texts of one answer are read restored together too, as the plain reading joins them (atk11 A
        # M3: `Mail <PERSON_1>` + `@acme.com now.`, `Call 617-` + `<PHONE_NUMBER_1> now.`: `restored_joints`).
        restored: list[tuple[int, View, list[tuple[int, int]]]] = []
        joined_restored: list[tuple[Joint, list[tuple[int, int]]]] = []
        if across and ctx.restored and ctx.vault is not None and ctx.phase == "output":
            vault, near, together = ctx.vault, self.near, ctx.joined and len(texts) > 1
            joinable = rendered_joins(texts, ctx.joinable, ctx.prose)

            def read() -> tuple[list[_Restored], list[tuple[Joint, list[tuple[int, int]]]]]:
                views = restored_views(texts, vault)
                return views, restored_joints(texts, views, near, joinable) if together and views else []

            restored, joined_restored = await operators.run(read, sum(len(t) for t in texts))
        shown_as = context24.views(texts, ctx)  # short replies with their question's context, joined names (atk24a)
        if across and ctx.joined and ctx.phase == "input":  # pieces the provider holds (turn47, atk46 F05)
            found_joints, siblings = turn47.with_continued(found_joints, siblings, texts, ctx.roles)
        carried = parts26.carries(texts, ctx.shown) if ctx.shown else []  # a label ending a part, the next's value
        try:
            spans, joint_spans, keyed_spans, restored_spans, joined_spans = await asyncio.gather(
                self.analyzer.analyze([*(shown_as.texts if shown_as else texts), *(c.text for c in carried)], entities),
                self.analyzer.analyze([j.text for j in found_joints + direct], across) if found_joints or direct
                else _none(),
                self.analyzer.analyze([k.text for k in keyed], sorted(keyed_entities)) if keyed else _none(),
                self.analyzer.analyze([view.text for _, view, _ in restored], across) if restored else _none(),
                self.analyzer.analyze([j.text for j, _ in joined_restored], across) if joined_restored else _none())
        except PiiUnavailable as exc:
            raise CheckError(str(exc)) from None
        spans, carried_spans = spans[:len(texts)], spans[len(texts):]
        spans = shown_as.back(spans) if shown_as else spans
        joint_spans, direct_spans = joint_spans[:len(found_joints)], joint_spans[len(found_joints):]
        found_spans = with_keyed(spans, keyed, keyed_spans) if keyed else spans
        found_spans = parts26.with_carries(found_spans, carried, carried_spans) if carried else found_spans
        if ctx.documents and ("PERSON" in entities or "IP_ADDRESS" in entities):
            named = field_keys(texts, ctx.documents)
            if "PERSON" in entities:
                # A value under a first- or last-name key is a part of a name, as in JSON written as text (atk17 M5).
                candidates = name_part_candidates(texts, ctx.documents)
                pairs = first_last_candidates(texts, ctx.documents)  # `{"first": "Bill", "last": "White"}` (fields24)
                parts = await operators.run(lambda: name_part_values(texts, candidates)
                                            + first_last_values(texts, pairs)) if candidates or pairs else []
                if parts:
                    found_spans = [list(found) for found in found_spans]
                    for i in parts:
                        if not any(s.entity == "PERSON" and s.start <= 0 and len(texts[i]) <= s.end
                                   for s in found_spans[i]):
                            found_spans[i].append(Span("PERSON", 0, len(texts[i]), 0.85))
                # A name under a key that names a person, read as the same JSON written as text (names20: `{"name":
                # "Takeshi Honda"}`, a brand as the surname, went up whole as a tool call's argument).
                people = person_key_readings(texts, ctx.documents)
                if people:
                    try:
                        readings = await self.analyzer.analyze([text for _, text, _ in people], ["PERSON"])
                    except PiiUnavailable as exc:
                        raise CheckError(str(exc)) from None
                    found_spans = [list(found) for found in found_spans]
                    for (i, _, at), as_json in zip(people, readings, strict=True):
                        whole = [s.score for s in as_json if s.entity == "PERSON" and s.start <= at
                                 and at + len(texts[i]) <= s.end]
                        if whole and not any(s.entity == "PERSON" and s.start <= 0 and len(texts[i]) <= s.end
                                             for s in found_spans[i]):
                            found_spans[i].append(Span("PERSON", 0, len(texts[i]), max(whole)))
                found_spans = places_under_keys(texts, found_spans, named)
            if "IP_ADDRESS" in entities:
                found_spans = numbers_under_keys(texts, found_spans, named)
        if "PERSON" in entities and ctx.phase == "input" and len(texts) > 1:
            # A name found in one text at its mentions in the request's other texts (later22, atk20 M2).
            found_spans = await self._mentions(texts, found_spans, rule, ctx.documents)
        if "PERSON" in entities and ctx.phase == "input" and (items := batch_names(texts, found_spans)) is not None:
            found_spans = items  # a batch's one-word items that are names (caps39, atk38 F10: `["Nakashima", ...]`)
        if "US_SSN" in entities:  # an SSN's digits wherever the request repeats them, in any order (misc37)
            from proxy.nlp.misc37 import ssn_echoes

            found_spans = ssn_echoes(texts, found_spans, rule.min_score)
        if ctx.phase == "output":  # the e-mail address or card an answer's text ends inside (out42, atk42 F07)
            found_spans = with_tails(texts, found_spans, ctx.prose, entities)
        # (`with_joints` reads only what crosses a cut: a value inside one text, `Call +1 212-555-0143.` before each
        # cut of a resent conversation, is no work for it, nor a reason for a thread hop)
        kept = [[x for x in found if joint.crosses(x.start, x.end)] if n < siblings
                else [x for x in found if _sibling_value(joint, x)]
                for n, (joint, found) in enumerate(zip(found_joints, joint_spans, strict=True))]
        kept = dict44.through_assistant(found_joints, kept, texts, ctx.roles)  # (dict44, atk43 F05)
        # Read across the values of a request's JSON text: kept as across the fields of tool-call arguments are, each
        # value a text of its own (`with_fields`), with the direct readings of its values.
        field_joints, field_spans = list(direct), [list(found) for found in direct_spans]
        if fields:
            starts = [(i, a) for i, a, _, _, _ in fields]
            for n in range(siblings, len(found_joints)):
                if kept[n] and (moved := on_fields(found_joints[n], texts, fields, starts)) is not None:
                    field_joints.append(moved)
                    field_spans.append(kept[n])
                    kept[n] = []
        fixed: list[tuple[int, int, int]] = []  # pieces of values that cover an id (`Joint.fixed`): blocked
        if any(kept):  # a value found across a cut: `neighbour_word` may parse phone numbers (~1 ms each)
            loose = field_values(ctx.documents, ctx.joinable, ctx.json_texts)
            named = field_keys(texts, ctx.documents)
            per_text = await operators.run(lambda: with_joints(found_spans, found_joints, kept, rule, fixed, loose,
                                                               named))
        else:
            per_text = with_joints(found_spans, found_joints, kept, rule, fixed)
        if any(field_spans):
            loose = field_values(ctx.documents, ctx.joinable, ctx.json_texts)
            per_text = await operators.run(lambda: with_fields(texts, found_spans, per_text, fields, field_joints,
                                                               field_spans, rule, loose))
        extra: list[list[Span]] = [[] for _ in texts]
        if restored and ctx.vault is not None:
            extra = composed(len(texts), restored, restored_spans, rule, ctx.vault)
            if joined_restored:
                views = {i: view for i, view, _ in restored}
                for i, more in enumerate(composed_across(len(texts), views, joined_restored, joined_spans, rule,
                                                         ctx.vault)):
                    extra[i] += more
        out = perf45.selected(texts, per_text, rule, ctx.vault if ctx.phase == "output" else None, extra, select)
        for i, start, end in fixed:  # a part of the value is in a field that cannot be rewritten: block
            out[i] = [dataclasses.replace(f, action=Decision.BLOCK) if f.action == Decision.REDACT and f.start < end
                      and start < f.end else f for f in out[i]]
        if any(needs_counting(found) for found in out):  # a value given in parts counts once (join43)
            out = await operators.run(lambda: counted_once(texts, out, _VALUES), sum(len(t) for t in texts))
        return Inspection(out)


    async def _mentions(self, texts: Sequence[str], spans: Sequence[Sequence[Span]], rule: PiiRule,
                        documents: Sequence[Sequence[Sibling]]) -> list[list[Span]]:
        """`spans` with the mentions of each text's names in the request's other texts (`proxy.nlp.mentions`)."""
        from proxy.nlp import memo31

        assert self.analyzer is not None
        if perf45.no_names(spans):  # no PERSON span: no name to carry, nothing found (perf45)
            return [list(found) for found in spans]
        allow = {a.strip().casefold() for a in rule.allow}

        def keep(i: int, s: Span) -> bool:
            return s.score >= rule.min_score and not _allowed(texts[i][s.start:s.end], allow)

        keep_key = (rule.min_score, frozenset(allow))

        def plan() -> tuple[list[tuple[int, tuple[tuple[str, float], ...]]], list[tuple[int, int, int, float]]]:
            # (memo31: each text's names and job kept across turns; `memo31.plain` without; intl25 for other scripts)
            return memo31.plan(texts, spans, keep, keep_key, documents)

        # In place when what the plan reads anew is small (a chat turn resends the conversation: the memo holds its
        # earlier texts, the new message is what it reads; a thread hop costs more than that, ~0.3 ms).
        chars = sum(len(t) for t in texts)
        if len(texts) <= _PLAN_INLINE_TEXTS and chars > operators.INLINE_CHARS:
            chars = memo31.unseen_chars(texts, keep_key)
        jobs, wholes = await operators.run(plan, chars)
        out = [list(found) for found in spans]
        if not jobs and not wholes:
            return out
        if jobs:
            try:
                found = await self.analyzer.mentions([(texts[i], tuple(spans[i]), names) for i, names in jobs])
            except PiiUnavailable as exc:
                raise CheckError(str(exc)) from None
            for (i, _), more in zip(jobs, found, strict=True):
                out[i].extend(more)
        for i, a, b, score in wholes:
            if not any(s.entity == "PERSON" and s.start <= a and b <= s.end for s in out[i]):
                out[i].append(Span("PERSON", a, b, score))
        return out


_PLAN_INLINE_TEXTS = 64  # more earlier texts than this: the plan's per-text look-ups alone are worth a thread


def with_fields(texts: Sequence[str], alone: Sequence[Sequence[Span]], per_text: list[list[Span]],
                fields: Sequence[Field], found_joints: Sequence[Joint], joint_spans: Sequence[Sequence[Span]],
                rule: PiiRule, loose: frozenset[int]) -> list[list[Span]]:
    """`per_text` plus what the readings of the JSON texts' values (`json_value_joints`, and `sibling_joints` put on
    the values, `on_fields`) find across their cuts, kept as `with_joints` keeps a value read across the fields of
    tool-call arguments: each value of `fields` a text of its own (its spans those of its JSON text inside it; the
    edge of a field and its key, `field_neighbour`, `value_word`), the pieces then put back in the JSON text's
    offsets."""
    n = len(texts)
    values = [[Span(s.entity, s.start - a, s.end - a, s.score) for s in alone[i] if a <= s.start and s.end <= b]
              for i, a, b, _, _ in fields]
    named = {n + k: key_words([key]) for k, (_, _, _, _, key) in enumerate(fields) if key is not None}
    found = with_joints([*alone, *values], found_joints, joint_spans, rule, None,
                        loose | set(range(n, n + len(fields))), named)
    out = [list(spans) for spans in per_text]
    for k, (i, a, _, _, _) in enumerate(fields):
        for s in found[n + k][len(values[k]):]:  # (`with_joints` adds the pieces after the value's own spans)
            out[i].append(dataclasses.replace(s, start=s.start + a, end=s.end + a))
    return out


@dataclass(frozen=True, slots=True)
class Piece(Span):
    """A piece of one value read over the cuts between texts or a document's fields (`with_joints`: `{"area": "617",
    "exchange": "555", "line": "0143"}`) or over a group's elements (`with_keyed`: `{"ssn": [536, 90, 4399]}`),
    redacted where its characters are: the pieces of one value share `value`, and the record counts the value once
    (`proxy.guard.checks.base.Finding.value`)."""

    value: int = 0


_VALUES = itertools.count(1)  # (`Piece.value`: unique within a check's call; `next` is atomic)


_Restored = tuple[int, View, list[tuple[int, int]]]  # (text index, restored view, where its restored values lie)


async def _none() -> list[tuple[Span, ...]]:
    return []


def composed(n: int, restored: Sequence[tuple[int, View, list[tuple[int, int]]]],
             found: Sequence[Sequence[Span]], rule: PiiRule, vault: Vault) -> list[list[Span]]:
    """Per text (of `n`), the values found in its restored view (`restored_views`) that the model composed around
    a restored value (issue 12, atk9 A-H1: `<PERSON_1>.<PERSON_2>@acme.com` reads `Jane.Smith@acme.com`, an
    address the client never sent; `617-<PHONE_NUMBER_1>` reads `617-555-0143`): each crosses a restored value's
    edge (`crosses_restored`: one entirely inside a restored value is the client's own) and is no value the client
    sent, allowed or under the rule's floor. In the text's offsets, the placeholders it reaches into whole: the
    model's value is rewritten whole, restored part included (`proxy.guard.rewrite`)."""
    wanted = set(rule.checked_entities())
    allow = {a.strip().casefold() for a in rule.allow}
    out: list[list[Span]] = [[] for _ in range(n)]
    for (i, view, own), read in zip(restored, found, strict=True):
        for s in (x for x in (address_reading(view.text, own, r) for r in read) if x is not None):  # restore24
            value = view.text[s.start:s.end]
            if s.entity in wanted and s.score >= rule.min_score and crosses_restored(view.text, own, s.start, s.end) \
                    and not vault.is_original(value) and not _allowed(value, allow) \
                    and not (s.entity == "PHONE_NUMBER" and _same_number(value, [
                        view.text[a:b] for a, b in own if s.start <= a and b <= s.end])) \
                    and not _word_before(view.text, own, s.start, s.end):
                start, end = view.span(s.start, s.end)
                out[i].append(Span(s.entity, start, end, s.score))
    return out


def rendered_joins(texts: Sequence[str], joinable: Sequence[Join] | None,
                   prose: Sequence[bool] | None) -> list[Join] | None:
    """How the restored reading joins an answer's `texts` (`restored_joints`): as the plain reading does, but a text
    the client sees nothing of is passed over, the texts on either side read together as the client reads them: an
    id or a name screened as data (`prose` False: a Responses item's `id`, which a provider other than OpenAI may
    write with a long run of digits) and a text of markup alone (`<base href=...>`, `<b>`, a comment), which the
    analyser reads as nothing. Both made the model's characters before them part of a value composed around a
    restored one: `msg_x 00000000000000000002` + `<base href=...>` + `jane.roe@example.net` read as one address, the
    `html` argument of a Responses function call came back as a new placeholder."""
    n = len(texts)
    hows: list[Join] = [True] * n if joinable is None else [joinable[i] if i < len(joinable) else False
                                                           for i in range(n)]
    out: list[Join] = []
    for i, (text, how) in enumerate(zip(texts, hows, strict=True)):
        unseen = (prose is not None and i < len(prose) and not prose[i]) or (
            "<" in text and _MARKUP_ONLY.fullmatch(text) is not None)
        out.append(None if unseen and how is not False else how)
    return out


# A text of HTML tags and comments alone (a placeholder is none: it shows the client's value).
_MARKUP_ONLY = re.compile(r"(?:\s|<!--[\s\S]*?-->|<(?![A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?>)/?[A-Za-z][^<>]*>)+")


def restored_joints(texts: Sequence[str], restored: Sequence[tuple[int, View, list[tuple[int, int]]]],
                    near: NearCache, joinable: Sequence[Join] | None) -> list[tuple[Joint, list[tuple[int, int]]]]:
    """The joints of `texts` restored (`restored_views`), as the plain reading joins the texts (`joints`), that hold
    a restored value: each with where its restored values lie in it (atk11 A M3: `Mail <PERSON_1>` + `@acme.com`)."""
    views = {i: (view, own) for i, view, own in restored}
    shown = [views[i][0].text if i in views else text for i, text in enumerate(texts)]
    out: list[tuple[Joint, list[tuple[int, int]]]] = []
    def cut(before: str, after: str) -> bool:
        # As `value_near`, and an address whose mailbox a sentence's full stop seems to end (`Mail Jane.` +
        # `Smith@acme.com`: the `@` is after the cut, none before it; `jane@x.com.` + `Thanks` stays apart).
        if near(before, after):
            return True
        tail, head = _token_end(_view(before)[-48:]), _token_start(_view(after)[:48])
        return len(tail) > 1 and tail.endswith(".") and "@" not in tail and "@" in head[1:]

    for joint in joints(shown, JOINT_REACH, cut, joinable):
        own: list[tuple[int, int]] = []
        for index, local, at, length in joint.pieces:
            for a, b in views[index][1] if index in views else ():
                lo, hi = max(a, local), min(b, local + length)
                if lo < hi:
                    own.append((at + lo - local, at + hi - local))
        if own:
            out.append((joint, own))
    return out


def composed_across(n: int, views: dict[int, View], found_joints: Sequence[tuple[Joint, list[tuple[int, int]]]],
                    found: Sequence[Sequence[Span]], rule: PiiRule, vault: Vault) -> list[list[Span]]:
    """Per text (of `n`), the values found across a cut of the restored texts (`restored_joints`) that the model
    composed around a restored value (`composed`'s tests), projected onto each text, in its own offsets."""
    wanted = set(rule.checked_entities())
    allow = {a.strip().casefold() for a in rule.allow}
    out: list[list[Span]] = [[] for _ in range(n)]
    for (joint, own), read in zip(found_joints, found, strict=True):
        for s in (x for x in (address_reading(joint.text, own, r) for r in read) if x is not None):  # restore24
            value = joint.text[s.start:s.end]
            if s.entity in wanted and s.score >= rule.min_score and joint.crosses(s.start, s.end) \
                    and crosses_restored(joint.text, own, s.start, s.end) \
                    and not vault.is_original(value) and not _allowed(value, allow) \
                    and not (s.entity == "PHONE_NUMBER" and _same_number(value, [
                        joint.text[a:b] for a, b in own if s.start <= a and b <= s.end])) \
                    and not _word_before(joint.text, own, s.start, s.end) \
                    and not _address_after_cut(joint, own, s.entity, s.start, s.end):
                for index, a, b in joint.project(s.start, s.end):
                    start, end = views[index].span(a, b) if index in views else (a, b)
                    out[index].append(Span(s.entity, start, end, s.score))
    return out


def places_under_keys(texts: Sequence[str], spans: Sequence[Sequence[Span]],
                      named: dict[int, frozenset[str]]) -> list[list[Span]]:
    """Each text's spans less a PERSON over a city alone under a key that names a place (issue 12, atk7 F7:
    `{"city": "Berlin"}`, `{"from": "Berlin", "to": "Munich"}`; `proxy.nlp.places.place_value`) or over a product
    alone under a key that names a kind of product (atk9 B-L2: `{"browser": "Safari"}`, `{"assistant": "Alexa"}`;
    `proxy.nlp.companies.product_value`) or over a month's abbreviation under a month's key (atk10 B-M6: `{"month":
    "Jan"}`; `proxy.nlp.plain_words.month_value`)."""
    out = []
    for i, found in enumerate(spans):
        keys = named.get(i)
        if keys and any(s.entity == "PERSON" for s in found) and (
                place_value(texts[i], keys) or product_value(texts[i], keys) or month_value(texts[i], keys)):
            out.append([s for s in found if s.entity != "PERSON"])
        else:
            out.append(list(found))
    return out


# Keys that name a dotted number that is no address (atk9 B-M2): a version, a section's, clause's or requirement's
# number, an object identifier (`{"version": "1.2.3.4"}`, `{"section": "3.2.1.4"}`, `{"oid": "2.5.4.3"}`), and a
# mask's key when the value is a mask, ones then zeros or the reverse (`{"netmask": "255.255.255.0"}`,
# `{"wildcard": "0.0.0.255"}`). As in text (`proxy.nlp.recognizers.numbered_not_address`).
_NUMBERING_KEYS = frozenset({"version", "versions", "ver", "release", "releases", "rev", "revision", "tag", "build",
                             "section", "sections", "sect", "clause", "clauses", "requirement", "requirements", "req",
                             "chapter", "paragraph", "para", "article", "figure", "fig", "item", "step", "question",
                             "appendix", "annex", "heading", "outline", "oid", "oids", "objectid"})
_MASK_KEYS = frozenset({"mask", "netmask", "subnetmask", "wildcard", "hostmask", "wildcardmask"})
_DOTTED_VALUE = re.compile(r"\s*[vV]?((?:[0-9]{1,3}\.){3}[0-9]{1,3})\s*")


def _mask(quad: str) -> bool:
    """Whether dotted quad `quad` is a subnet mask (ones, then zeros) or a wildcard mask (zeros, then ones)."""
    parts = [int(p) for p in quad.split(".")]
    if max(parts) > 255:
        return False
    x = int.from_bytes(bytes(parts), "big")
    inverse = ~x & 0xFFFFFFFF
    return inverse & (inverse + 1) == 0 or x & (x + 1) == 0


def numbers_under_keys(texts: Sequence[str], spans: Sequence[Sequence[Span]],
                       named: dict[int, frozenset[str]]) -> list[list[Span]]:
    """Each text's spans less an IP address over a dotted quad alone under a key that names a version, a section's
    number, an OID or a mask (see above)."""
    out = []
    for i, found in enumerate(spans):
        keys = named.get(i)
        m = _DOTTED_VALUE.fullmatch(texts[i]) if keys and any(s.entity == "IP_ADDRESS" for s in found) else None
        if keys and m is not None and (keys & _NUMBERING_KEYS or keys & _MASK_KEYS and _mask(m.group(1))):
            out.append([s for s in found if s.entity != "IP_ADDRESS"])
        else:
            out.append(list(found))
    return out


def with_keyed(spans: Sequence[Sequence[Span]], keyed: Sequence[Keyed],
               keyed_spans: Sequence[Sequence[Span]]) -> list[list[Span]]:
    """Each text's spans plus what the readings of its values after their keys' context words found of the
    type the key names inside the value (`proxy.guard.keyed`), in the text's offsets."""
    out = [list(found) for found in spans]
    for k, found in zip(keyed, keyed_spans, strict=True):
        if k.pieces:  # a group: a finding over the whole value is one in each element
            score = max((s.score for s in found if s.entity == k.entity and k.covers(s.start, s.end)), default=None)
            if score is not None:
                for i in {i for i, _, _ in k.pieces}:
                    out[i], score = _without_spanning(out[i], k, i, score)
                value = next(_VALUES)
                for i, a, b in k.pieces:
                    out[i].append(Piece(k.entity, a, b, score, value))
            continue
        # (a `+` the reading put before a value written without it, `WaId=4479...`: sms35; not in the text's offsets)
        lead = int(len(k.text) - k.offset == k.end - k.start + 1 and k.text[k.offset] == "+")
        if len(k.text) - k.offset - lead != k.end - k.start:  # a value read decoded (ZPL `^FH` escapes: call37)
            out[k.index].extend(Span(s.entity, k.start, k.end, s.score) for s in found
                                if s.entity == k.entity and k.covers(s.start, s.end))
            continue
        for s in found:
            if s.entity == k.entity and s.start >= k.offset and (not k.loose or valid_loose(k.text[s.start:s.end])):
                out[k.index].append(Span(s.entity, k.start + max(0, s.start - k.offset - lead),
                                         k.start + s.end - k.offset - lead, s.score))
    return out


def _without_spanning(found: list[Span], k: Keyed, i: int, score: float) -> tuple[list[Span], float]:
    """Text `i`'s spans less those of the group's type that run from one of its elements into another within the
    group (`{"ssn": [536, 90, 4399]}` read whole: `536, 90, 4399`), and the score its elements take (the highest):
    each element is its own finding, so the array keeps its length (atk14 B L2)."""
    pieces = [(a, b) for j, a, b in k.pieces if j == i]
    lo, hi = pieces[0][0], pieces[-1][1]
    kept: list[Span] = []
    for s in found:
        inside = lo - 1 <= s.start and s.end <= hi + 1  # (a string element's quotes)
        if s.entity == k.entity and inside and sum(1 for a, b in pieces if a < s.end and s.start < b) > 1:
            score = max(score, s.score)
        else:
            kept.append(s)
    return kept, score


JOINT_REACH = 100  # visible characters on each side of a cut: an IBAN with separators, most e-mails
_IBAN_LEFT = re.compile(r"[A-Z0-9][A-Z0-9 ._/-]{0,40}$")
_IBAN_RIGHT = re.compile(r"[A-Z0-9 ._/-]{0,40}")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{8,}")
_SEPARATORS = re.compile(r"[ ._/-]")
_AT_END = re.compile(r"[\[({<]\s*(?:a|at|d|do|dot|@|\.)?\s*[\])}>]?\s*$", re.IGNORECASE)  # "[at]", "[a", "("
_AT_START = re.compile(r"\s*[\[({<]?\s*(?:at|dot|@|\.)\s*[\])}>]", re.IGNORECASE)
# A phone word abbreviated with a point (`Тел.`, `Τηλ.`, `Tel.`, `טל.`, `Cel.`): to the windows a sentence end, to the
# phone recognizer the context word of the number after it (atk13 M3, `proxy.nlp.recognizers._PHONE_ABBREVIATION`).
_PHONE_ABBREVIATION_END = re.compile(r"(?i)(?<![^\W\d_])(?:tel|telp|tlp|tlf|tfno|fax|mob|ph|cel|hp|τηλ|κιν|тел|тлф|моб"
                                     r"|сот|טל)\.\s*$")
_NEEDS_VIEW = re.compile(r"[\\\[({<%&\x00-\x09\x0b\x0c\x0e-\x1f]|=[0-9A-F]{2}=[0-9A-F]{2}")  # (mime39: QP)
_ENCODED = re.compile(r"[%&\\]")  # what the view may decode (`_sibling_value`)
_MAIL = "._%+'-@"
_SEPARATOR = " ._/-"
_NUMBER_SEPARATOR = _SEPARATOR + "\t\r\n:,+|;"  # between a number's groups (the view folds the last seven too)


def _view(text: str) -> str:
    """The normalised view, skipped for plain ASCII (what the rules below read the same either way)."""
    return text if text.isascii() and not _NEEDS_VIEW.search(text) else normalize(text).text


# The characters of an address's token: letters and digits (`\w`: `str.isalnum` and `_`) and the rest of `_MAIL`.
_TOKEN = re.compile(r"[\w.%+'@-]*")


def _token_end(text: str) -> str:
    """The longest end of `text` made of `_TOKEN` characters (read backwards: one linear scan)."""
    m = _TOKEN.match(text[::-1])
    return m.group()[::-1] if m is not None else ""


def _token_start(text: str) -> str:
    """The longest start of `text` made of `_TOKEN` characters."""
    m = _TOKEN.match(text)
    return m.group() if m is not None else ""


def _iban_across(left: str, right: str) -> bool:
    """An IBAN's shape (country, check digits, 8+ more) in the upper-case groups that meet at the cut."""
    tail, head = _IBAN_LEFT.search(left[-41:]), _IBAN_RIGHT.match(right)
    if tail is None or head is None or not head.group().strip(_SEPARATOR):
        return False
    if tail.group().lower() == tail.group():
        return False  # no letter before the cut: no country code starts an IBAN there
    a, b = _SEPARATORS.sub("", tail.group()), _SEPARATORS.sub("", head.group())
    return any(m.start() < len(a) < m.end() for m in _IBAN_SHAPE.finditer(a + b))


def value_near(before: str, after: str) -> bool:
    """Whether a structured value (number, e-mail, IBAN, a literal escape) can run across a cut: what
    ends the text before and what starts the text after could be two halves of one (read normalised, with an
    escape the cut falls inside read as what it decodes to: `jane.doe&#6` + `4;example.com`, `escape_cut`; and
    read again without HTML comments, tags with attributes, tag characters, terminal escape sequences and empty
    Markdown links, as the analysis's second reading does: `mail jane.doe@<b class="x">acme` + `</b>.com`). Anything
    else (a sentence that ends, then a word) makes no joint: a chat turn costs nothing extra."""
    if _near(before, after):
        return True
    split = escape_cut(before, after)
    if split is not None and _near(*split):
        return True  # an escape cut in two, read as what it decodes to (`jane.doe%` + `40example.com`)
    if _DELIMITED.search(before, max(0, len(before) - 16)) or _DELIMITED.search(after, 0, 16):
        # Emphasis, strike-through or a code span closed right before the cut or opened right after it (`call
        # 617-**555**` + `-0143`, atk8 B M6): the ends read as rendered (`_view` skips plain ASCII).
        end, start = before[-160:], after[:160]
        rendered_end, rendered_start = normalize(end).text, normalize(start).text
        if (rendered_end, rendered_start) != (end, start) and _near(rendered_end, rendered_start):
            return True
    near_before, near_after = before[-_MARKUP_REACH:], after[:_MARKUP_REACH]
    if "<" in near_before or "<" in near_after or not (near_before.isascii() and near_after.isascii()) \
            or "\x1b" in near_before or "\x1b" in near_after or "[" in near_before or "[" in near_after \
            or "`" in near_before or "`" in near_after:
        # (non-ASCII: it may hold tag characters or a right-to-left override, which the second reading removes or
        # reverses: `jane@exam` + U+E0020 | `ple.org`; a terminal escape sequence, an empty Markdown link or a link's
        # syntax, which it removes: `jane.doe\x1b[1m` | `@example.com`, `617-555[]()` | `-0143`, `212-[555](x)` |
        # `-0199`)
        a, b = uncommented(before[-_MARKUP_REACH:]), uncommented(after[:_MARKUP_REACH])
        if a is not None or b is not None:
            return _near(a.text if a is not None else before, b.text if b is not None else after)
    return False


_MARKUP_REACH = 400  # characters read without markup on each side of a cut
_DELIMITED = re.compile(r"[*~`_]")  # Markdown delimiters (`proxy.nlp.normalize._emphasis`)


def _near(before: str, after: str) -> bool:
    left, right = _view(before)[-48:], _view(after)[:48]
    if not left.strip() or not right.strip():
        return False
    if left.endswith("\\") or _AT_START.match(right) or _AT_END.search(left[-12:]):
        return True  # an escape cut in two ("\\" + "n617..."), an `[at]` spelling at the cut
    if _PHONE_ABBREVIATION_END.search(left) and right.lstrip()[:1].isdigit():
        return True  # a phone word abbreviated with a point, its number after the cut (`Тел.` + ` 89261234455`)
    if markup_open(before) >= 0:
        return True  # an HTML comment or a tag open at the cut (`617-<!-- a. b` + ` -->555-0143`: read without it)
    if emphasis_across(before, after):
        return True  # emphasis around part of a value, cut inside it (`jane.doe@**acme` + `**.com`)
    lead = right.lstrip(_NUMBER_SEPARATOR + "(")
    gap = right[:len(right) - len(lead)]
    end = left.rstrip(_NUMBER_SEPARATOR)
    # Spaces or tabs only, up to 8 in all on both sides (`617    555` + `    0143`): the view folds such a run
    # inside a number to one space, as it does in one text.
    spaced = len(left) - len(end) + len(gap) <= 8 and not (left[len(end):] + gap).strip(" \t")
    if (gap.count(" ") <= 3 or spaced) and lead[:1].isdigit():  # a number may go on
        if (len(left) - len(end) <= 3 or spaced) and (end[-1:].isdigit() or end[-1:] == ")") \
                or left.rstrip()[-1:] in ("+", "("):
            return True
    if _spread_across(left, right):
        return True
    if _symbol_across(left, right):
        return True
    if _iban_across(left, right):
        return True
    if "dot" in (left + right).lower() and any(m.start() < len(left) < m.end()
                                               for m in spelled_addresses(left + right)):
        return True  # `jane at exa` + `mple dot com`
    tail, head = _token_end(left), _token_start(right)
    if tail and head and ("@" in tail or "@" in head):
        return not (tail.endswith(".") and head[:1].isupper())  # "...@x.com." then "Thanks"
    if "\n" in left[-12:] + right[:12]:  # an address broken over lines at its `@` (`jane.doe@` `\n\nacme.com`)
        tail, head = _token_end(left.rstrip(" \t\r\n")), _token_start(right.lstrip(" \t\r\n"))
        return bool(tail and head and (tail.endswith("@") or head.startswith("@")))
    return False


# Digit groups spread over lines, list markers or quotes (the view folds them: `617\n\n555`, `4111\r\n\r\n1111`,
# `- 617\n- 555`, `"617" "555"`): a cut in such a gap, longer than the three separators read above.
_SPREAD_LEFT = re.compile(r"[0-9][\"'`]?[ \t]{0,3}[-./_,:;|+]{0,4}[ \t]{0,3}(?:\r?\n[ \t]{0,8}){0,6}\Z")
_SPREAD_RIGHT = re.compile(r"[ \t\r\n]{0,24}(?:[-*+\u2022][ \t]+|[0-9]{1,3}[.)][ \t]+)?[\"'`]?[0-9]")


# Three digit groups or more kept apart by one same separator throughout, the cut at, beside or inside one of them
# (`card 4111~` + `1111~1111~1111`, `call 617#555` + `#0143`, `call 617x555x` + `0143`, `card 4111 and 1111 and` +
# ` 1111 and 1111`): the view folds such a run (`proxy.nlp.normalize`: any punctuation or symbol, spaces around it
# or not, a glued `x`, a short word between spaces; not one that makes a range, a choice or a ratio, `to`, `or`,
# `by`...), so a value may run across the cut (atk8 B H1: only `-`, `.`, `/`, `_`, spaces and the separators of
# `_NUMBER_SEPARATOR` were read at a cut, then symbols glued to the digits). Whether the run is a value (its
# shape, its checks) is the joined reading's to say, as in one text.
_RUN_SEPARATOR = r"[ \t]{0,2}[^\w\s]{1,3}[ \t]{0,2}|[xX]|,?[ \t]{1,2}[A-Za-z]{1,4}[ \t]{1,2}"
_SYMBOL_RUN = re.compile(rf"[0-9]+(?P<s>{_RUN_SEPARATOR})[0-9]+(?:(?P=s)[0-9]+)+")
_RUN_REACH = 9  # the longest separator: a digit lies this near the cut on each side of a run across it


def _connector(separator: str) -> bool:
    """A word that joins numbers into a range, a choice or a ratio, never a number's groups (`12 to 48`)."""
    return separator.strip(" \t,").lower() in NOT_CONNECTORS


def _symbol_across(left: str, right: str) -> bool:
    if not (any(c.isdigit() for c in left[-_RUN_REACH:]) and any(c.isdigit() for c in right[:_RUN_REACH])):
        return False
    tail, head = left[-40:], right[:40]
    return any(m.start() < len(tail) < m.end() and not _connector(m.group("s"))
               for m in _SYMBOL_RUN.finditer(tail + head))


# What may end what is known of such a run after a cut (`group_run_open`): its separator again, or any of the
# others, or the start of one (`4111 and 1111 an`, `617 x`); a group's digits before it (`_LAST_GROUP`: the last
# group before the cut).
_OPEN_RUN = re.compile(rf"[0-9]+(?:(?P<s>{_RUN_SEPARATOR})[0-9]+)*(?:(?P=s)|(?P<o>{_RUN_SEPARATOR})|,?[ \t]{{1,2}}"
                       r"[A-Za-z]{0,4}|,)?")
_LAST_GROUP = re.compile(rf"(?<![0-9])[0-9]+(?=[^0-9]{{0,{_RUN_REACH}}}\Z)")


def group_run_open(before: str, known: str) -> bool:
    """Whether digit groups kept apart by one same separator (`_symbol_across`) run from before a cut to the end of
    `known`, all that is known after it so far: the groups still to come may make a value across the cut
    (`card 4111 and ` | `1111 and`), so a stream window waits for them (`proxy.guard.windows.may_cut`)."""
    tail = before[-40:]
    last = _LAST_GROUP.search(tail)
    if last is None:
        return False
    m = _OPEN_RUN.fullmatch(tail + known, last.start())
    return m is not None and not any(m.group(g) and _connector(m.group(g)) for g in ("s", "o"))


def _spread_across(left: str, right: str) -> bool:
    gap = left[-24:]
    return bool(("\n" in gap or "\n" in right[:24] or "\"" in gap or "'" in gap or "`" in gap)
                and _SPREAD_LEFT.search(gap) and _SPREAD_RIGHT.match(right))


def _sibling_value(joint: Joint, span: Span) -> bool:
    """Whether a span found across the values of one JSON document is kept. Numbers side by side are common
    in tool arguments (coordinates, boxes, sizes, ports, ids) and many read as some value, so across values:
    - a card needs 15 digits or more, grouped as printed (4-4-4-4..., Amex 4-6-5: `{"a": 4111, "b": 1111,
      "c": 1111, "d": 1111}`), not `[5432, 443, 9090, 8000]`;
    - a phone number or an SSN needs its groups as strings (`{"a": "617", "b": "555", "c": "0143"}`: a JSON
      number cannot keep a leading zero, and `[210, 855, 2043]` is a box), or numbers among them when a key
      of the document names the type (`_KEY_CONTEXT`: `{"ssn": [412, 63, 7785]}`, `{"area": 617,
      "exchange": 555, "line": "0143"}`), a phone number valid in North America and grouped as one (3-3-4,
      a leading 1) or written with its `+` country code.
    Other types keep their own checks. The value is read in the normalised view (`617%2D555%2D0143` is 617-555-0143:
    an escape's digits are none of the value's)."""
    value = joint.text[span.start:span.end].strip()
    if _ENCODED.search(value) is not None:
        value = normalize(value).text.strip()
    digits, cuts = "", set()
    for c in value:
        if c.isdigit():
            digits += c
        elif digits:
            cuts.add(len(digits))
    if span.entity == "CREDIT_CARD":
        groups = {4, 10} if len(digits) == 15 else {4, 8, 12, 16}
        return len(digits) >= 15 and cuts <= groups
    if span.entity not in ("PHONE_NUMBER", "US_SSN"):
        return True
    if joint.has_number(span.start, span.end) and not _named_by_keys(joint.keys, span.entity):
        return False
    if span.entity == "US_SSN" or value.startswith("+"):
        return True
    if len(digits) == 11 and digits.startswith("1"):
        digits, cuts = digits[1:], {n - 1 for n in cuts if n > 1}
    return len(digits) == 10 and cuts <= {3, 6} and _nanp(digits)


# Words of a document's keys that say its numbers are an SSN or a phone number's groups (Presidio's context
# words for the two recognizers, without the generic "number" and "call"; a North American number's parts).
_KEY_CONTEXT = {"US_SSN": frozenset({"ssn", "ssns", "social", "ssid"}),
                "PHONE_NUMBER": frozenset({"phone", "telephone", "tel", "cell", "cellphone", "mobile", "fax"})}
_PHONE_PARTS = frozenset({"exchange", "subscriber", "line", "prefix"})


def _named_by_keys(keys: frozenset[str], entity: str) -> bool:
    """Whether the keys of a JSON document name `entity` (numbers side by side then read as one)."""
    if keys & _KEY_CONTEXT.get(entity, frozenset()):
        return True
    return entity == "PHONE_NUMBER" and "area" in keys and bool(keys & _PHONE_PARTS)


def _nanp(digits: str) -> bool:
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(digits, "US")))
    except phonenumbers.NumberParseException:
        return False


class NearCache:
    """`value_near` per cut, remembered: a resent conversation asks the same of every earlier cut each turn.
    Keyed by the process's string hash of the two sides (no text kept); bounded."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._seen: OrderedDict[int, bool] = OrderedDict()

    def __call__(self, before: str, after: str) -> bool:
        key = hash((before, after))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = value_near(before, after)
            if len(self._seen) > self.size:
                self._seen.popitem(last=False)
        return found


def with_joints(spans: Sequence[Sequence[Span]], found_joints: Sequence[Joint],
                joint_spans: Sequence[Sequence[Span]], rule: PiiRule,
                fixed: list[tuple[int, int, int]] | None = None,
                loose: frozenset[int] = frozenset(),
                named: dict[int, frozenset[str]] | None = None) -> list[list[Span]]:
    """Each text's spans plus the pieces of every joint span that crosses a cut (see `proxy.guard.joined`).

    The text's own spans stay: where a piece overlaps one (the first half of a card found as a phone
    number), `merge` makes one finding of both, typed by the better score, with the stronger action.
    A span that covers a part of a field read between two texts that cannot be rewritten (`Joint.fixed`: the
    id a tool result answers) cannot be redacted where its characters are: its pieces go to `fixed` too (the
    check blocks them)."""
    out = [list(found) for found in spans]
    allow = {a.strip().casefold() for a in rule.allow}
    kept: list[tuple[Joint, Span, list[tuple[int, int, int]]]] = []
    read: set[tuple[str, tuple[tuple[int, int, int], ...]]] = set()  # every value read across a cut, kept or not
    for joint, found in zip(found_joints, joint_spans, strict=True):
        for s in found:
            if joint.crosses(s.start, s.end) and not _allowed(joint.text[s.start:s.end], allow) \
                    and not _dated(joint, s) and not _versions(joint, s):
                pieces = joint.project(s.start, s.end)
                read.add((s.entity, tuple(pieces)))
                if not neighbour_word(joint, s, spans, rule.min_score, allow) \
                        and not value_word(joint, s, spans, rule.min_score, loose, named) \
                        and not whole_values(joint, s, spans, rule.min_score, allow) \
                        and not field_neighbour(joint, s, spans, rule.min_score, loose, named):
                    kept.append((joint, s, pieces))
    for joint, s, pieces in kept:
        # The same value also read from the start of the next text (`joints(starts=...)`), with a whole word
        # before it: that reading decides (`ok` + `jane.doe` + `@acme.com`; `hello` + `again` + `x@acme.io`).
        if len(pieces) > 2 and (s.entity, tuple(pieces[1:])) in read and _lead_word(joint, s, pieces):
            continue
        if joint.touches_fixed(s.start, s.end) and _after_id(joint, s, spans):
            continue
        value = next(_VALUES)
        for i, start, end in pieces:
            out[i].append(Piece(s.entity, start, end, s.score, value))
        if fixed is not None and joint.touches_fixed(s.start, s.end):
            fixed.extend(pieces)
    return out


# A date: year-month-day, day-month-year or month-day-year, with `-`, `/` or `.` (the same twice), or 8 digits
# year first (19xx, 20xx: no card number starts so, a 2-series Mastercard starts 2221-2720).
_DAY, _MONTH, _YEAR = r"(?:0?[1-9]|[12][0-9]|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:19|20)[0-9]{2}"
_DATE = re.compile(rf"(?<![0-9])(?:{_YEAR}([-/.]){_MONTH}\1{_DAY}|{_DAY}([-/.]){_MONTH}\2{_YEAR}|"
                   rf"{_MONTH}([-/.]){_DAY}\3{_YEAR}|{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))(?![0-9])",
                   re.ASCII)
_DATED = frozenset({"CREDIT_CARD", "PHONE_NUMBER", "US_SSN", "IBAN_CODE", "US_BANK_NUMBER"})


def _dated(joint: Joint, span: Span) -> bool:
    """Whether a number read across a cut holds a whole date in one of the texts it covers (`{"from":
    "2024-06-04", "to": "2025-04-01"}` reads `2024-06-042025-04-01`, Luhn-valid): a date range, no card,
    phone number or SSN. The date alone is no value either (checked in its own text)."""
    if span.entity not in _DATED:
        return False
    for _, _, at, length in joint.pieces:
        lo, hi = max(span.start, at), min(span.end, at + length)
        if lo < hi and _DATE.search(joint.text[lo:hi]) is not None:
            return True
    return False


# A whole version, as package managers and CI matrices write it: x.y.z (a fourth part, a pre-release or build tag
# too), after an optional range operator (`^`, `~`, `>=`, `==`, `v`): `^4.18.2`, `~4.17.21`, `18.2.0`, `v0.4.0`.
_WHOLE_VERSION = re.compile(r"\s*(?:[\^~<>=!]{1,2}\s*)?v?\d{1,6}(?:\.\d{1,6}){2,3}(?:[-+][0-9A-Za-z.-]{1,40})?\s*")
_VERSIONED = frozenset({"IP_ADDRESS", "PHONE_NUMBER"})
# Whole values the README names as no phone number, read the same way beside a version or each other (atk6 F3:
# `{"range": "30000-32767", "cidr": "10.96.0.0/12"}`): a port range, a network prefix.
_WHOLE_RANGE_OR_PREFIX = re.compile(r"\s*(?:\d{4,5}-\d{4,5}|\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})\s*")


def _versions(joint: Joint, span: Span) -> bool:
    """Whether an address or a phone number read across a cut only joins whole versions (issue 12, finding 10:
    `{"express": "^4.18.2", "pg": "8.11.3"}` reads `^4.18.2 8.11.3`, `{"react": "18.2.0", "react-dom": "18.2.0"}`):
    every text it covers is, whole, a version (`_WHOLE_VERSION`), a port range or a network prefix
    (`_WHOLE_RANGE_OR_PREFIX`: `30000-32767` beside `10.96.0.0/12`). A version is never half an address: a value
    that is only part of one (`192.168` + `10.77`, `192.168.1` + `0.77`) is still read across."""
    if span.entity not in _VERSIONED:
        return False
    covered = 0
    for _, _, at, length in joint.pieces:
        if at < span.end and span.start < at + length:
            if _WHOLE_VERSION.fullmatch(joint.text, at, at + length) is None \
                    and _WHOLE_RANGE_OR_PREFIX.fullmatch(joint.text, at, at + length) is None:
                return False
            covered += 1
    return covered >= 2


def _after_id(joint: Joint, span: Span, alone: Sequence[Sequence[Span]]) -> bool:
    """Whether a value read over an id (`Joint.fixed`) is a value the text after the id holds alone from its first
    character to where the span ends (`call_abc123` + `jane.doe@acme.com is the owner`): the id only runs into
    it; the value is redacted in its own text."""
    end = max(b for _, b in joint.fixed if b <= span.end) if any(b <= span.end for _, b in joint.fixed) else -1
    for index, local, at, length in joint.pieces:
        if at == end and local == 0:
            d = min(span.end, at + length) - at
            return any(x.entity == span.entity and x.start == 0 and x.end >= d for x in alone[index])
    return False


# Short words a text may be on its own that zxcvbn's lists lack (`ok`, `hi`): `_lead_word`.
_CHAT_WORDS = frozenset({"ok", "k", "hi", "hello", "yep", "thx", "ty", "yo", "pls", "hm", "hmm"})


def _cuts_word(word: str, head: str) -> bool:
    """Whether a cut between a word and the first letters of an address after it splits one word or name
    (`ja` + `ne.doe@`, `he` + `lpdesk@`, `sup` + `portdesk@`): the two read as a listed name or an ordinary word,
    or the likeliest words of both start with a listed word longer than `word` and the letters after it read as
    listed words too (fp37b: `do` + `ravi.shankar@` reads `dora v i`, no word cut in two). A one-letter head is a
    mailbox's initial (`it` + `o.adeyemi@`, `k` + `o.adeyemi@`), no part of a word."""
    if len(head) < 2:
        return False
    merged = word + head
    if _listed_name(merged) or ordinary_word(merged):
        return True
    first, *rest = split_words(merged[:64])
    return len(first) > len(word) and listed_word(first) and all(len(w) > 1 and listed_word(w) for w in rest)


def _lead_word(joint: Joint, span: Span, pieces: Sequence[tuple[int, int, int]]) -> bool:
    """Whether a value read over three texts or more starts with a whole text before it that only runs into it
    (joined directly: `ok` + `jane.doe` + `@acme.com` reads `okjane.doe@acme.com`), when the same value is also
    read from the next text's start (`jane.doe@acme.com`): that text is a whole ordinary word (or a short chat
    word, `ok`, `hi`), or, before a number, a number of up to 4 digits (`_number_before`). The word is then left
    as sent, as `neighbour_word` leaves one beside a value in the next text."""
    index, a, b = pieces[0]
    if a != 0 and not joint.text[span.start - 1:span.start].isspace():
        return False  # the value starts inside a word of the text before (`mail` + `ja` + `ne.doe@…`)
    lead = joint.text[span.start:span.start + b - a]
    rest = joint.text[span.start + b - a:span.end]
    if span.entity == "EMAIL_ADDRESS":
        word = lead[:-1] if lead.endswith(".") else lead
        return _LETTERS.fullmatch(word) is not None and (ordinary_word(word) or word.lower() in _CHAT_WORDS)
    if span.entity in ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN"):
        if span.entity == "CREDIT_CARD" and _card_grouping(lead + rest):
            return False
        return _number_before(lead, rest, [Span(span.entity, 0, 0, span.score)], span.entity == "CREDIT_CARD")
    return False


_LETTERS = re.compile(r"[A-Za-z]+")


def neighbour_word(joint: Joint, span: Span, alone: Sequence[Sequence[Span]], floor: float = 0.0,
                   allow: set[str] | None = None) -> bool:
    """Whether an e-mail found across a cut is an e-mail found whole in one text plus an ordinary word of the
    text beside it, read into it because the texts are joined with nothing between them (issue 12, a false
    positive): `hello world` + `john.smith@acme.com` reads `worldjohn.smith@acme.com`, `sales@uni.edu.` +
    `news today` reads `sales@uni.edu.news`; or a phone number read from a short number into a whole value
    (`room 12` + `412-63-7785`, `_number_before`), or a card read so with its digits grouped as no card is
    printed (`in 2024` + `412-63-7785` reads the Luhn-valid `2024412-63-7785`). That span is not kept: the
    value is redacted in its own text by its own span, and the word beside it is left as sent. For an
    e-mail, all of these must hold:
    - one cut: the span covers two texts, and the value found in one of them alone (scored at least `floor`,
      the rule's `min_score`, and not in its `allow` list: redacted there) starts (the text after the cut)
      or, an e-mail, ends (the text before it, then a `.` ending the text) exactly at the cut;
    - the other side's part is one whole word of 2 to 24 ASCII letters that zxcvbn lists as an ordinary English
      word, not a name (`proxy.nlp.segment.ordinary_word`: `world`, `it`, `contact`, not `jane`, `john`),
      or, before an e-mail, a whole number of 1 to 4 digits (`room 12`) when the address starts with a letter;
      a word before the address may end in a `.` (`contact.` + `info@acme.com`: a sentence ends there); or a
      compound of such words joined by `-` or `_`, its earlier parts maybe short numbers or 2-3-letter codes
      (`us-east`, `on-call`, `us-east-1`: `Deploy to us-east` + `ops@acme.io is on call`);
    - a word run into the address (no `.` at the cut) does not cut a word in two: the cut is where the likeliest
      split of the word and the address's first letters into words puts a space (`world|john`, `it|john`;
      not `ja|ne`, `sup|port`).
    What this leaves to a deliberate split (tests/guard/test_joined.py, bench/joint_fp.py): the one ordinary
    word (or up to 4 digits) that starts a local part, cut off whole (`support` + `desk@acme.io`, `support.` +
    `team@acme.io`, `12` + `ab@acme.io`), or an ordinary word that ends a domain after a `.` (`x@mail.google.` +
    `com`, if `com` were listed): never the rest of the address, and never a name or a part of a word."""
    if span.entity not in ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD"):
        return False
    pieces = joint.project(span.start, span.end)
    if len(pieces) > 2 and span.entity == "EMAIL_ADDRESS":
        return _whole_over_cuts(joint, span, pieces, [[x for x in found if x.score >= floor] for found in alone],
                                allow)
    if len(pieces) != 2:
        return False
    (left, a, b), (right, c, d) = pieces
    cut = span.start + (b - a)
    before, after = joint.text[span.start:cut], joint.text[cut:span.end]
    if allow and (_allowed(after, allow) or _allowed(before[:-1], allow)):
        return False  # the value alone is let through: `help` + `support@acme.io` is another address
    if span.entity != "EMAIL_ADDRESS":
        if span.entity == "CREDIT_CARD" and _card_grouping(before + after):
            return False  # digits a card's groups apart (or none): a card cut in two reads so
        return _number_before(before, after, [x for x in alone[right] if x.start == c and x.end >= d
                                              and x.score >= floor], span.entity == "CREDIT_CARD")
    if any(x.entity == "EMAIL_ADDRESS" and x.start == c and x.end == d and x.score >= floor for x in alone[right]):
        # The address is the text after the cut's own, from its first character: what is before is the word?
        word = before[:-1] if before.endswith(".") else before
        parts = _COMPOUND.split(word)
        if len(parts) > 1 and all(_ordinary_part(p, k == len(parts) - 1) for k, p in enumerate(parts)) \
                and not parts[0].isdigit() and word == before:
            # a compound of ordinary words, short lower-case codes and short numbers (`us-east`, `on-call`,
            # `us-east-1`): its hyphens show where its words end, and its last part ends at the cut
            return after[:1].isalpha()
        if _LETTERS.fullmatch(word) is not None and (ordinary_word(word) or word.lower() in _CHAT_WORDS):
            if word != before:
                return True
            head = _LETTERS.match(after)
            return head is not None and _splits_at(word, head.group())
        return word == before and word.isascii() and word.isdigit() and len(word) <= 4 and after[:1].isalpha()
    if before.endswith(".") and any(x.entity == "EMAIL_ADDRESS" and x.start == a and x.end == b - 1
                                    and x.score >= floor for x in alone[left]):
        # The address ends the text before the cut, then a `.`: what runs on after it is a word?
        return _LETTERS.fullmatch(after) is not None and ordinary_word(after)
    return False


def field_values(documents: Sequence[Sequence[Sibling]], joinable: Sequence[Join] | None,
                 json_texts: Sequence[int] | None = None) -> frozenset[int]:
    """The texts that are a JSON document's keys and values (tool-call arguments, tool inputs, maps, swept
    fields' arrays), JSON texts (streamed arguments: a cut between their values) or fields read alone that are
    also read with a message (`metadata`: `joined.DIRECT` pairs): where a cut is the edge of a field
    (`value_word`); and a text read joined right after one passed over (`joinable` None: a streamed tool call's
    values after its keys and brackets, `proxy.guard.windows`), a JSON value's start as in the whole answer (fp37b:
    `ok` + `{"email": "` + `ravi.shankar@...` is no `okravi.shankar@...`)."""
    out: set[int] = {i for i, how in enumerate(json_texts or ()) if how}
    if joinable is not None:
        out.update(i for i in range(1, len(joinable)) if joinable[i - 1] is None and joinable[i] is True)
    for document in documents:
        direct = bool(document) and all(kind == DIRECT for _, kind in document)
        out.update(i for i, _ in document
                   if not direct or joinable is not None and (i >= len(joinable) or joinable[i] is not True))
    return frozenset(out)


_WORD = re.compile(r"[A-Za-z0-9]{1,24}")


def field_keys(texts: Sequence[str], documents: Sequence[Sequence[Sibling]]) -> dict[int, frozenset[str]]:
    """The words of the key each value of a JSON map sits under (`proxy.guard.joined.key_words`), by the value's
    text index: `{"label": "bug", "reporter": "li.wei@acme.io"}` gives the value `bug` {label} and the address
    {reporter}."""
    out: dict[int, frozenset[str]] = {}
    for document in documents:
        key: frozenset[str] | None = None
        for i, kind in document:
            if kind == "key":
                key = key_words([texts[i]]) if i < len(texts) else None
            elif key is not None:
                out[i], key = key, None
    return out


def value_word(joint: Joint, span: Span, alone: Sequence[Sequence[Span]], floor: float,
               loose: frozenset[int], named: dict[int, frozenset[str]] | None = None) -> bool:
    """Whether an e-mail read across a cut at the edge of a field (`field_values`: one side a JSON value or key,
    or a field read alone) only runs a neighbouring word into an address or a domain (issue 12, false
    positives: `{"query": "status of ticket", "user": "ops@acme.io"}` read `ticketops@acme.io`; a `metadata`
    value `@example.com` read after the message `deploy now`). Not kept:
    - the value after the cut holds the address alone from its first character (or after a leading `.`), and
      the text before it in the reading (maybe then a `.`: `Quarterly numbers.`) is a number of up to 4 digits
      before a letter, or an ordinary English word (its plural, a short chat word) that is no listed first name
      or surname (`jane` + `.doe@example.com`, `jane.` + `doe@example.com` stay one address) and not the start
      of a word the cut splits (`ja` + `ne.doe@example.com`, `he` + `lpdesk@acme.io`, `sup` + `portdesk@...`
      stay), or a value of one short token before a mailbox that starts with a whole name or word (`v` +
      `mary.major@example.org`), or (`named`: `field_keys`) a whole listed word or label value (`bug`, `prod`,
      `eu`) under a key of another concept before an address under a key naming its role (`_role_keys`: `{"env":
      "prod", "owner": "sre.team@acme.io"}`; the cut splitting no listed word: `he` + `lpdesk@acme.io` stays);
    - the address's whole local part is one word of another text, an ordinary English word or a short chat
      word (`now`, `hi`, `thanks`, a key `notify`, `report.`), or of one or two letters (a key `b`), before a
      value that starts with its `@` (`@example.com`): a mailbox is seldom one (`jane.doe`, `jdoe` and names are
      still joined)."""
    if span.entity != "EMAIL_ADDRESS" or not loose:
        return False
    parts = [(index, local + max(span.start, at) - at, max(span.start, at) - span.start,
              joint.text[max(span.start, at):min(span.end, at + length)])
             for index, local, at, length in joint.pieces if max(span.start, at) < min(span.end, at + length)]
    if len(parts) < 2 or not any(index in loose for index, _, _, _ in parts):
        return False
    index, start, _, last = parts[-1]
    lead = 1 if last.startswith(".") else 0
    if any(x.entity == "EMAIL_ADDRESS" and x.start == start + lead and x.end == start + len(last)
           and x.score >= floor for x in alone[index]):
        before = parts[-2][3].strip()
        word = before.removesuffix(".")
        head = _LETTERS.match(last, lead)
        if not lead and _version_word(parts[-2][1], word):
            return True  # `new address v2` + `anna@acme.com (work)`: a version is no half of the mailbox
        if _WORD.fullmatch(word) is not None:
            if word.isdigit():
                return len(word) <= 4 and last[lead:lead + 1].isalpha()
            # a field's value beside an address under a key that names whose it is, the two keys different
            # concepts (`{"note": "ping", "cc": "qa@acme.io"}`, `{"env": "dev", "owner": "ops@acme.io"}`)
            labelled = word == before and not lead and parts[-2][1] == 0 and word.isalpha() and bool(named) \
                and _role_keys((named or {}).get(parts[-2][0], frozenset()), (named or {}).get(index, frozenset()))
            if labelled and word.lower() in _LABEL_VALUES:
                return True
            if _listed_name(word):
                return False
            if word == before and not lead and head is not None and word.isalpha() and _cuts_word(word, head.group()):
                return False  # a word cut in two (`ja` + `ne.doe@example.com`, `he` + `lpdesk@acme.io`)
            if ordinary_word(word) or word.lower() in _CHAT_WORDS or (word.endswith("s") and ordinary_word(word[:-1])):
                return True
            if labelled and listed_word(word):
                return True  # a whole listed word the cut does not split (above)
            # a value of one short token before an address whose mailbox starts with a whole name or word (`{"k":
            # "v", "owner": "mary.major@example.org"}`)
            return word == before and not lead and parts[-2][1] == 0 and head is not None \
                and head.end() < len(last) and not last[head.end()].isalnum() \
                and (_listed_name(head.group()) or ordinary_word(head.group()))
    text = joint.text[span.start:span.end]
    at_sign = text.find("@")
    local = text[:at_sign] if at_sign >= 0 else ""
    if at_sign < 0:  # an encoded `@` (`b` + `&#64;example.com`, `now` + `%40example.com`): where the view has it
        seen = normalize(text)
        at = seen.text.find("@")
        if at > 0:
            at_sign, local = seen.span(at, at + 1)[0], seen.text[:at]
    local = local.strip().removesuffix(".")  # a sentence ends there (`the report.` + `@example.com`)
    if at_sign <= 0 or parts[0][2] != 0 or len(parts[0][3].rstrip()) < len(text[:at_sign].rstrip()):
        return False  # no local part, or not one text's
    return _LETTERS.fullmatch(local) is not None \
        and (ordinary_word(local) or local.lower() in _CHAT_WORDS or len(local) <= 2)


# A version or a revision (`v2`, `v1.3`, `r2`, `V10`): fixed parts, no nested quantifier (linear time).
_VERSION_WORD = re.compile(r"[vVrR]\d{1,4}(?:\.\d{1,4}){0,3}")


def _version_word(offset: int, word: str) -> bool:
    """Whether the text before a cut that an address read across it starts with is a version or a revision, the
    last word of a longer value (`offset`: where it starts in its text; issue 12, fpmisc10: `new address v2` +
    `anna@acme.com (work)` is no `v2anna@acme.com`). A value that is only such a token (`r2` + `d2@acme.io`) is
    still read as half of the address."""
    return offset > 0 and _VERSION_WORD.fullmatch(word) is not None


# Words of keys that name whose address a field holds (`reporter`, `cc`, `owner`, `reply_to`), and words of keys
# that name a part of one (`user`/`domain`, `local`/`host`, `part1`/`part2`): a split's halves sit under those, or
# under keys that name nothing (`a`/`b`).
_ROLE_KEYS = frozenset({"email", "emails", "mail", "cc", "bcc", "to", "from", "reply", "reporter", "owner", "owners",
                        "contact", "contacts", "assignee", "assignees", "author", "sender", "recipient", "recipients",
                        "reviewer", "reviewers", "requester", "approver", "maintainer", "notify", "address", "oncall"})
_PART_KEYS = frozenset({"user", "username", "login", "local", "mailbox", "name", "handle", "prefix", "suffix",
                        "domain", "host", "hostname", "server", "part", "parts", "half", "first", "second", "left",
                        "right", "head", "tail", "start", "end", "rest", "chunk", "piece", "segment"})


# Values of labels, environments, regions, levels and states that no word list holds (`bug`, `prod`, `eu`).
_LABEL_VALUES = frozenset("""
bug bugs prod production dev devel staging stage stg test qa uat sandbox preview local canary beta alpha ga eu us uk
apac emea amer latam na sa au de fr jp in info warn warning error debug trace fatal critical crit high low medium med
p0 p1 p2 p3 p4 sev1 sev2 sev3 ok todo wip done open closed ping feat fix chore docs ci ops infra
""".split())


def _role_keys(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether a value under the key words `first` and an address under `second` are two different fields, not
    the halves of one value (issue 12, atk6 F7): the address's key names whose address it is (`reporter`, `cc`,
    `owner`, `reply_to`), the value's key names something else (`label`, `env`, `note`), no role and no part of an
    address (`user`/`domain`, `part1`/`part2`), a word of two letters or more (not `a`/`b`)."""
    return bool(second & _ROLE_KEYS) and not second & _PART_KEYS and bool(first) and first != second \
        and not first & (_ROLE_KEYS | _PART_KEYS) and all(len(k) > 1 for k in first)


def _listed_name(word: str) -> bool:
    """A listed first name or surname (`jane`, `doe`), not one of the top English words (`major`) or the plural of
    an ordinary word (`numbers`: a census first name too)."""
    from proxy.nlp.names import name_lists

    names = name_lists()
    w = word.lower()
    return names.is_name(w) and not names.is_very_common(w) and not (w.endswith("s") and ordinary_word(w[:-1]))


# Between the parts of a compound word before an address (`us-east`, `on-call`, `eu_west`).
_COMPOUND = re.compile(r"[-_]")


def _ordinary_part(part: str, last: bool) -> bool:
    """A part of a compound word: an ordinary word (`east`, `call`), a number of 1 to 4 digits, or, before
    the last part, a lower-case code of 2 or 3 letters (`us`, `eu`)."""
    if part.isascii() and part.isdigit():
        return len(part) <= 4
    if _LETTERS.fullmatch(part) is None:
        return False
    return ordinary_word(part) or (not last and 2 <= len(part) <= 3 and part.islower())


_PHONE_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")
_SSN_SHAPE = re.compile(r"\d{3}([- ])\d{2}\1\d{4}(?!\d)")


def _covered(joint: Joint, lo: int, hi: int, at: int, found: Sequence[Span]) -> bool:
    """Whether every letter and digit of joint.text[lo:hi] (a piece of text `at` offset `at` in it) is in `found`."""
    return bool(found) and all(not joint.text[q].isalnum() or any(x.start <= at + q - lo < x.end for x in found)
                               for q in range(lo, hi))


def _short_extension(joint: Joint, lo: int, hi: int) -> bool:
    """Whether joint.text[lo:hi] is a whole number of 1 to 4 digits, not run on in its own text (`99` of `99
    problems`, `4` of `{"n": "4"}`)."""
    word = joint.text[lo:hi]
    return word.isascii() and word.isdigit() and len(word) <= 4 and (hi >= len(joint.text)
                                                                     or not joint.text[hi].isalnum())


def whole_values(joint: Joint, span: Span, alone: Sequence[Sequence[Span]], floor: float = 0.0,
                 allow: set[str] | None = None) -> bool:
    """Whether a value read across one cut only joins values each text holds whole (atk15 L1), so the texts' own
    findings are the values, each typed as found (no finding of the joint's type over a name, a phone number, a
    card or an address):
    - a number found whole at the end of the text before the cut (a phone number, an IP address, a card) that the
      joint only extends by a whole number of 1 to 4 digits that starts the next text (`Call me at 617-555-0143`
      + `99 problems` reads a longer number: the phone number is redacted in its text, `99` left as sent); a phone
      number read so must be valid in fewer regions than the whole one (`_phone_grows`). An e-mail address is
      `neighbour_word`'s;
    - an e-mail address read over an address found whole in one text and values found whole in the other
      (`Talk to Maria Schmidt.` + `bob@gmail.com`, `phone 617-555-0143.` + `maria@gmail.com`): every letter and
      digit of the joint's value is in a finding of its own text.
    A value split over the cut (`617-555-` + `0143`, `jane.doe@exa` + `mple.com`) is no whole value in either
    text, so it is read across as before; so is one beside a value the rule allows (`allow`)."""
    pieces = joint.project(span.start, span.end)
    if len(pieces) > 2 and span.entity == "EMAIL_ADDRESS":
        return _whole_over_cuts(joint, span, pieces, [[x for x in found if x.score >= floor] for found in alone],
                                allow)
    if len(pieces) != 2:
        return False
    (left, a, b), (right, c, d) = pieces
    cut = span.start + (b - a)
    sides = ((left, a, span.start, cut), (right, c, cut, span.end))
    if allow and any(_allowed(joint.text[lo:hi].strip(".,;:!? "), allow) for _, _, lo, hi in sides):
        return False  # the value alone is let through: a neighbour run into it makes another value
    strong = [[x for x in found if x.score >= floor] for found in alone]
    for k, (i, at, lo, hi) in enumerate(sides):
        j, other_at, other_lo, other_hi = sides[1 - k]
        same = [x for x in strong[i] if x.entity == span.entity and x.start < at + hi - lo and at < x.end]
        touches = any(x.end == at + hi - lo for x in same) if k == 0 else any(x.start == at for x in same)
        if k == 0 and span.entity != "EMAIL_ADDRESS" and touches and _covered(joint, lo, hi, at, same) \
                and _short_extension(joint, other_lo, other_hi) \
                and not (span.entity == "PHONE_NUMBER"
                         and _phone_grows(joint.text[lo:hi], joint.text[span.start:span.end])):
            return True
        if span.entity == "EMAIL_ADDRESS" and any(x.entity == "EMAIL_ADDRESS" and x.start == at
                                                  and x.end == at + hi - lo for x in strong[i]) \
                and _covered(joint, other_lo, other_hi, other_at, [x for x in strong[j] if x.entity != span.entity]):
            return True
    return False


# The two-letter language codes (ISO 639-1) and a few three-letter ones, as a field's whole value (`{"lang": "en"}`):
# `field_neighbour`. Listed first names among them (`en`, `de`, `es`) stay codes only as a whole field's value.
_LANGUAGE_CODES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es
et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj
kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
eng deu ger fra fre spa ita por rus jpn zho chi kor ara hin nld dut swe pol tur und
""".split())
# The words of a key that names a language (`lang`, `language_code`, `targetLang`, `locale`, `hl`): its value is a
# language code, whatever name or word it would make with an address after it (`field_neighbour`).
_LANGUAGE_KEYS = frozenset({"lang", "langs", "language", "languages", "locale", "locales", "lng", "hl"})
# An id, an order or ticket number, a code: letters, digits and `-`, `_`, `.`, `/`, `#` between them (`T-1001`,
# `A-77812`, `INV_2024_0042`), with a digit and, unless all digits, one of those marks (`_ID_MARK`: `r2`, `jdoe19`
# may be the start of a mailbox) (`field_neighbour`).
_FIELD_ID = re.compile(r"[A-Za-z0-9#]{1,16}(?:[-_./][A-Za-z0-9]{1,16}){0,4}")
_ID_MARK = re.compile(r"[-_./#]")
_NUMBERS = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS", "US_SSN", "IBAN_CODE", "US_BANK_NUMBER"})


def field_neighbour(joint: Joint, span: Span, alone: Sequence[Sequence[Span]], floor: float = 0.0,
                    loose: frozenset[int] = frozenset(), named: dict[int, frozenset[str]] | None = None) -> bool:
    """Whether a value read across a cut at the edge of a field (`field_values`: a tool call's argument values, a
    tool input's, a `metadata` value) only runs the neighbouring fields' short values into a value the text after
    the last cut holds whole from its first character (atk15 L1, on input: `{"ticket": "T-1001", "to":
    "jane.roe@gmail.com"}` read `T-1001jane.roe@gmail.com`, `{"lang": "en", ...}` `enjane.roe@gmail.com`, `{"n":
    "5", "phone": "212-555-0199"}` `5212-555-0199`: each sent as a second placeholder of the value's type). The
    value is redacted in its own text; the neighbours are left as sent. Not kept, when the part after the last cut
    is covered by that text's own findings, one of the span's type from the cut on, no separator at the cut, and
    the part before it starts a token (its text's start or a space before it) and covers whole texts but the first:
    - an e-mail address: each text before it a number or an id with a digit and a mark (`T-1001`, `A-77812`,
      `42`; not `r2` + `d2@acme.io`; the one at the cut ending in a digit before an address that starts with a
      letter: digits run into letters, no mailbox split there), a language code (`_LANGUAGE_CODES`: `en`, `de`)
      that is a whole field's value (at the cut, one the cut splits no name or word from: `de` + `nise@…` reads
      `denise`, still one address, unless the field's key names a language, `named`: `{"lang": "ja", "email":
      "li.wei@…"}` is no `jali.wei@…`, tooljoin15), or a value of another type found whole in its own text (`{"phone":
      "415-555-0132", "cc": ...}`);
    - a phone number, a card, an IP address, an SSN: a number of 1 to 4 digits (an id's last digits after a `-`:
      `T-1001`) read into it, not grouped as a card's or an SSN's digits are printed (`5` + `500 0000 0000 0004`,
      `5` + `36-90-4399` stay one value); a phone number so must be valid in fewer regions than the one found
      whole (`_phone_grows`: `617` + `555-0143` stays one number).
    A value split over the cut has no whole value from the cut on (`jane.doe` + `@gmail.com`, `617-555` + `0143`),
    and a dot, an `@` or a hyphen at the cut is a split (`jane.` + `doe@gmail.com`): read across as before; so
    is a name or a word before an address (`jane` + `doe@gmail.com`: `value_word`'s)."""
    if not loose or (span.entity != "EMAIL_ADDRESS" and span.entity not in _NUMBERS):
        return False
    parts = _parts(joint, span)
    if len(parts) < 2 or any(joint.text[x[4]:y[3]].strip() for x, y in itertools.pairwise(parts)):
        return False  # (texts read with a space between them, or none: the values of one document, or texts)
    if span.entity in _NUMBERS and len(parts) == 2 and _number_after(joint, span, parts, alone, floor, loose):
        return True
    right, c, _, cut, _ = parts[-1]
    if any(index not in loose for index, *_ in parts[1:-1]) or (parts[0][0] not in loose and right not in loose):
        return False  # (a text between two others is whole: a field value, or no field's edge)
    before, after = joint.text[span.start:parts[-2][4]], joint.text[cut:span.end]
    if not before or not after or not before[-1].isalnum() or not after[0].isalnum():
        return False  # a separator at the cut: a value split there
    own = [x for x in alone[right] if x.score >= floor]
    if not any(x.start == c and x.entity == span.entity for x in own) or not _covered(joint, cut, span.end, c, own):
        return False
    if span.entity == "EMAIL_ADDRESS":
        if span.start > 0 and not joint.text[span.start - 1].isspace() and parts[0][1] != 0:
            return False  # the part before is the end of a longer token
        for n, (index, a, _, lo, hi) in enumerate(parts[:-1]):
            token, nxt, last = joint.text[lo:hi], joint.text[parts[n + 1][3]:span.end], n == len(parts) - 2
            if _covered(joint, lo, hi, a, [x for x in alone[index] if x.score >= floor
                                           and x.entity != "EMAIL_ADDRESS"]):
                continue  # a value of its own (`{"phone": "415-555-0132", "cc": ...}`): `whole_values`'s
            if any(ch.isdigit() for ch in token):
                if _FIELD_ID.fullmatch(token) is None or not (token.isdigit() or _ID_MARK.search(token)) \
                        or last and not (token[-1].isdigit() and nxt[0].isalpha()):
                    return False  # (`r2` + `d2@acme.io`: half of `r2d2@acme.io`)
                continue
            word = token.lower()
            if a != 0 or index not in loose or word not in _LANGUAGE_CODES:
                return False
            head = _LETTERS.match(nxt)
            if head is not None and last and not (named or {}).get(index, frozenset()) & _LANGUAGE_KEYS:
                merged = word + head.group().lower()
                first = split_words(merged[:64])[0]
                if _listed_name(merged) or ordinary_word(merged) or (len(first) > len(word) and listed_word(first)):
                    return False  # a word or a name cut in two (`de` + `nise@…`)
        return True
    digits = "".join(joint.text[lo:hi] for _, _, _, lo, hi in parts[:-1])
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4):
        return False
    read = joint.text[span.start:span.end]
    if span.start > 0 and joint.text[span.start - 1].isdigit() or _grouped(span.entity, read):
        return False  # a card's groups (`5` + `500 0000 0000 0004`), an SSN's (`5` + `36-90-4399`): one value
    if span.entity == "PHONE_NUMBER":
        whole = [x for x in own if x.entity == "PHONE_NUMBER" and x.start == c]
        if whole:
            return not any(_phone_grows(joint.text[cut:cut + x.end - x.start], read) for x in whole)
    return True


def _parts(joint: Joint, span: Span) -> list[tuple[int, int, int, int, int]]:
    """The parts of a joint's span in each text it covers: (text index, start and end there, start and end here)."""
    out = []
    for index, local, at, length in joint.pieces:
        lo, hi = max(span.start, at), min(span.end, at + length)
        if lo < hi:
            out.append((index, local + lo - at, local + hi - at, lo, hi))
    return out


_FIRST_GROUP = re.compile(r"\d{4}[^\d]")


def _grouped(entity: str, read: str) -> bool:
    """Whether digits read across a cut are grouped as a card's (4 digits, then a separator: a run of digits, or
    one then a short number, is no grouping) or an SSN's are printed: one value cut in two (`5` + `500 0000 0000
    0004`, `5` + `36-90-4399`)."""
    if entity == "CREDIT_CARD":
        return _FIRST_GROUP.match(read) is not None and _card_grouping(read)
    return entity == "US_SSN" and _SSN_SHAPE.fullmatch(read) is not None


def _number_after(joint: Joint, span: Span, parts: Sequence[tuple[int, int, int, int, int]],
                  alone: Sequence[Sequence[Span]], floor: float, loose: frozenset[int]) -> bool:
    """`field_neighbour`'s other way: a number found whole at the end of a field (a phone number, a card, an IP
    address, an SSN, ending at the cut) that a joint only extends by the whole next field, a number of 1 to 4
    digits (`{"card": "4111111111111111", "id": "42", ...}` read `4111111111111111 42`), not grouped as a card's
    or an SSN's digits are; a phone number read so must be valid in fewer regions than the whole one."""
    (left, a, b, lo, hi), (right, c, _, cut, end) = parts
    if left not in loose and right not in loose:
        return False
    after = joint.text[cut:end]
    if c != 0 or not (after.isascii() and after.isdigit() and len(after) <= 4):
        return False
    piece = next((p for p in joint.pieces if p[0] == right and p[2] == cut), None)
    if piece is None or piece[2] + piece[3] != end or (piece == joint.pieces[-1] and piece[3] >= JOINT_REACH):
        return False  # the next field runs on after the number
    whole = [x for x in alone[left] if x.entity == span.entity and x.score >= floor and x.end == b]
    if not whole or not _covered(joint, lo, hi, a, whole):
        return False
    read = joint.text[span.start:span.end]
    return not _grouped(span.entity, read) and (span.entity != "PHONE_NUMBER"
                                                or not _phone_grows(joint.text[lo:hi], read))


def _whole_over_cuts(joint: Joint, span: Span, pieces: Sequence[tuple[int, int, int]],
                     strong: Sequence[Sequence[Span]], allow: set[str] | None) -> bool:
    """`whole_values` for an e-mail address read over two cuts or more (`server 10.20.30.40.` + a tool call's
    `jane.doe@example.com` + its `cc`'s `jane.doe@example.com`: atk16 B L4): one piece is an address its text holds
    whole, and every letter and digit of the others is in a finding of its own text."""
    if sum(b - a for _, a, b in pieces) != span.end - span.start:
        return False  # something between the texts in the joint: not read so
    lo, whole = span.start, False
    for i, a, b in pieces:
        hi = lo + b - a
        if allow and _allowed(joint.text[lo:hi].strip(".,;:!? "), allow):
            return False
        if any(x.entity == "EMAIL_ADDRESS" and x.start == a and x.end == b for x in strong[i]):
            whole = True
        elif not _covered(joint, lo, hi, a, strong[i]):
            return False
        lo = hi
    return whole


def _number_before(before: str, after: str, alone: Sequence[Span], card: bool = False) -> bool:
    """A phone number or a card read across a cut from a number of 1 to 4 digits ending the text before it
    (`room 12`) run into a whole value the text after it holds alone from its first character: an SSN (3-2-4)
    or a card (`412-63-7785` reads `12412-63-7785`), or a phone number valid as written (`phonenumbers`, in
    one of the regions below) while, for a phone number read across (not `card`: a phone reading of the same
    digits is its own span), the digits read together are valid in none of them (`617-555-` + `0143` and
    `0` + `207 946 0958`, a London number, stay one value)."""
    if not (before.isascii() and before.isdigit() and len(before) <= 4 and after[:1].isdigit()):
        return False
    if any(x.entity == "CREDIT_CARD" or (x.entity == "US_SSN" and _SSN_SHAPE.match(after)) for x in alone):
        return True  # a whole SSN (3-2-4) or card (Luhn) from the cut on: digits run into it read no phone's groups
    return any(x.entity == "PHONE_NUMBER" for x in alone) and _valid_phone(after) and (
        card or not _valid_phone(before + after))


_WHOLE_ADDRESS = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>.]+")


def _address_after_cut(joint: Joint, own: Sequence[tuple[int, int]], entity: str, start: int, end: int) -> bool:
    """Whether an address read across texts is a whole restored address with what ends the text before it in front
    (the texts read joined with nothing between): `ops` + `jane.roe@example.com` in two arguments (`{"cc": "ops",
    "to": ...}`), `Sure.` in the answer's text then the address in a tool call's arguments (atk15 M1: each came back
    as a new placeholder, the address with it). The client's tool and renderer see two fields, the address whole in
    one; an address the model composes in one text (`bob.<EMAIL_ADDRESS_1>`) is read by `composed`."""
    if entity != "EMAIL_ADDRESS":
        return False
    return any(b == end and start < a and a in joint.cuts and _WHOLE_ADDRESS.fullmatch(joint.text, a, b)
               for a, b in own)


def _word_before(text: str, own: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a value read across a restored value's edge is restored values only, run on from an ordinary word or
    a short chat word the model wrote right before them, nothing between (`hi` + `jane` + `.doe@ac` + `me.com`, a
    value the client split across texts and got back joined: `hijane.doe@acme.com`): the reading the request's
    joints leave apart (`value_word`), not a value the model composed (`bob.` + the client's address is one)."""
    inside = [(a, b) for a, b in own if a < end and start < b]
    first = min(a for a, _ in inside)
    word = text[start:first]
    if not (start < first and _LETTERS.fullmatch(word) and (start == 0 or not text[start - 1].isalnum())):
        return False
    pos = first
    for a, b in sorted(inside):
        if a > pos and text[pos:a].strip(_SEPARATOR):
            return False
        pos = max(pos, b)
    return pos >= end and not _listed_name(word) and (ordinary_word(word) or word.lower() in _CHAT_WORDS)


def _national(text: str) -> tuple[int, int] | None:
    """A phone number's country code and national number (an extension, a `+1` left out), in the first of
    `_PHONE_REGIONS` where it parses as a possible number."""
    import phonenumbers

    for region in _PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return number.country_code or 0, number.national_number or 0
    return None


def _same_number(value: str, inside: Sequence[str]) -> bool:
    """Whether a phone number read across a restored value's edge is one of the restored numbers it holds,
    written with an extension or a country code (`617-555-0143 ext. 12` from `<PHONE_NUMBER_1> ext. 12`): the
    client's own number, not one the model composed (`617-555-0143` from `617-<PHONE_NUMBER_1>`)."""
    number = _national(value) if inside else None
    return number is not None and any(_national(v) == number for v in inside)


def _card_grouping(value: str) -> bool:
    """Whether a card number's digits are grouped as cards are printed: 4-4-4-4..., Amex 4-6-5, or not at all."""
    digits, cuts = 0, set()
    for ch in value:
        if ch.isdigit():
            digits += 1
        elif digits:
            cuts.add(digits)
    return cuts <= ({4, 10} if digits == 15 else {4, 8, 12, 16})


def _phone_grows(whole: str, read: str) -> bool:
    """Whether the digits read across (`read`) may be one phone number the one found whole (`whole`) is a part of:
    valid in a region where `whole` is not (`617-555-014` + `3`: a US number), or in every region `whole` is
    (`617-555-0143` + `99` is valid in Germany only, where any length is: no longer number there)."""
    return not (_phone_regions(read) < _phone_regions(whole))


def _phone_regions(text: str) -> frozenset[str]:
    import phonenumbers

    out = set()
    for region in _PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, region)):
                out.add(region)
        except phonenumbers.NumberParseException:
            continue
    return frozenset(out)


def _valid_phone(text: str) -> bool:
    import phonenumbers

    for region in _PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _splits_at(word: str, head: str) -> bool:
    """Whether the likeliest words of `word` + `head` put a space right after `word`."""
    at = 0
    for w in split_words((word + head)[:64]):
        at += len(w)
        if at >= len(word):
            return at == len(word)
    return False


def select(text: str, spans: Sequence[Span], rule: PiiRule, vault: Vault | None = None,
           extra: Sequence[Span] = ()) -> list[Finding]:
    """The spans the rule keeps, overlaps merged, as findings; `extra`: spans already kept (`composed`)."""
    wanted = set(rule.checked_entities())
    allow = {a.strip().casefold() for a in rule.allow}
    protected = vault.protected_spans(text) if vault is not None else []
    kept = [
        s for s in spans
        if s.entity in wanted and s.score >= rule.min_score
        and not _allowed(text[s.start:s.end], allow)
        and not any(s.start < e and b < s.end for b, e in protected)
        and not (vault is not None and vault.is_original(text[s.start:s.end]))
    ]
    return merge([*kept, *extra], rule)


def _allowed(value: str, allow: set[str]) -> bool:
    """An allowed value, as written or in its normalised view (`support＠example.com`)."""
    if not allow:
        return False
    return value.strip().casefold() in allow or _view(value).strip().casefold() in allow


def merge(spans: Sequence[Span], rule: PiiRule) -> list[Finding]:
    findings: list[Finding] = []
    cluster: list[Span] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if cluster and span.start >= end:
            findings.append(_finding(cluster, rule))
            cluster = []
        cluster.append(span)
        end = max(end, span.end) if len(cluster) > 1 else span.end
    if cluster:
        findings.append(_finding(cluster, rule))
    return findings


def _finding(cluster: list[Span], rule: PiiRule) -> Finding:
    best = max(cluster, key=lambda s: (s.score, s.end - s.start))
    start, end = min(s.start for s in cluster), max(s.end for s in cluster)
    # A piece of a value read across a cut (`Piece`), with what its own text found inside it as another type (the
    # second half of an IBAN read alone as a phone number): that value's piece, counted with it. A value of the
    # piece's type found in its own text is a value of its own (counted on its own, as before).
    pieces = [s for s in cluster if isinstance(s, Piece)]
    types = {s.entity for s in pieces}
    whole = bool(pieces) and min(s.start for s in pieces) == start and max(s.end for s in pieces) == end \
        and not any(s.entity in types for s in cluster if not isinstance(s, Piece))
    return Finding("pii", best.entity, strongest([rule.action_for(s.entity) for s in cluster]), start, end,
                   best.score, merged=len({s.entity for s in cluster}) > 1,
                   value=min(s.value for s in pieces) if whole else 0)
