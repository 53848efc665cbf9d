"""Two PII-free kinds of words the name recognizer reads as a person (contact22: atk22a L1).

- A Finnish or Estonian noun at a sentence's start whose ending is a surname suffix elsewhere (`Palvelin` "server",
  `Tulostin` "printer", `Laskin`: Finnish agent nouns end in `-in`, as Russian surnames do): a lone capitalised word
  that no name list holds, with no capitalised word beside it, at the start of a sentence py3langid reads as Finnish or
  Estonian (the README's short other-language lines, whose rule needs a function word these lines lack) is no name.
- A DevOps tool whose name is a listed name (`Hudson`, `Argo`): the tool's word with a product word of it after it
  (`Argo Rollouts`, `Argo CD`, `Argo Workflows`), or alone in a technical sentence (`Hudson was the old name of the
  build server`), with no person's verb after it (`Hudson said the build server is down`, `Hudson called me` stay
  names), no title before it and no possessive.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from proxy.nlp.names import NameLists

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
# Tools of builds, deployments and infrastructure that are listed names or words (lower case).
_TOOLS = frozenset("""
hudson argo flux spinnaker tekton drone concourse harness rancher nomad consul vault packer chef puppet salt
jenkins travis bamboo octopus buildkite sonar nexus harbor envoy kong tempo mimir thanos cortex jaeger zipkin falco
velero karpenter keda crossplane backstage gerrit zuul hound sentry nagios zabbix graylog kibana rundeck airflow
luigi dagster prefect fleet weave helm tilt garden
""".split())
# Product words after a tool's name (`Argo Rollouts`, `Argo CD`, `Flux CD`, `Harbor Registry`).
_PRODUCT_WORDS = frozenset("""
rollouts cd ci workflows workflow events server agent agents cloud enterprise operator controller pipelines pipeline
triggers dashboard registry mesh proxy gateway
""".split())
_PERSON_AFTER = frozenset("""
said says say told tells asked asks wrote writes emailed emails called calls replied replies thinks thought wants
wanted agreed agrees is was will would has had joined left approved signed
""".split())
_TITLES = frozenset("mr mrs ms mx dr prof sir dear hi hello hey".split())


def _sentence_start(text: str, start: int) -> int:
    a = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        a = m.end()
    return a


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from proxy.nlp.recognizers import _STOP_LANGS

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages([lang for lang in (*_STOP_LANGS, "et") if lang in identifier.nb_classes])
    return identifier


def warm() -> None:
    """Load py3langid's model at the analyzer's warm-up (`proxy.nlp.presidio.build_engines`, strm42): 0.5-3.5 s that a
    request's first sentence read here would otherwise pay."""
    _identifier()


def finnish_noun_span(text: str, start: int, end: int, *, names: NameLists) -> bool:
    """Whether the PERSON span is a Finnish or Estonian noun opening its sentence (see the module's docstring)."""
    word = text[start:end]
    if not _WORD.fullmatch(word) or not word[:1].isupper() or word.isupper() or not word.endswith(("in", "ina")):
        return False
    if names.is_name(word) or names.is_any_first(word) or names.is_common(word):
        return False
    a = _sentence_start(text, start)
    if text[a:start].strip(" \t\"'“”-*•>"):
        return False  # not at the sentence's start
    nxt = _WORD.search(text, end)
    if nxt is None or nxt.group()[:1].isupper() or "\n" in text[end:nxt.start()]:
        return False  # a capitalised word beside it: a name's part
    stop = _SENTENCE_END.search(text, end)
    sentence = text[a:stop.start() + 1 if stop else len(text)]
    return str(_identifier().classify(sentence)[0]) in ("fi", "et")


def tool_span(text: str, start: int, end: int, *, names: NameLists) -> bool:
    """Whether the PERSON span is a DevOps tool's name (see the module's docstring)."""
    from proxy.nlp.techwords import _technical

    words = _WORD.findall(text[start:end])
    if not words or words[0].lower() not in _TOOLS or len(words) > 3:
        return False
    if text[end:end + 2] in ("'s", "’s"):
        return False
    before = _WORD.findall(text[max(0, start - 20):start])
    if before and before[-1].lower() in _TITLES:
        return False
    after = _WORD.findall(text[end:end + 40])
    if len(words) > 1:
        return all(w.lower() in _PRODUCT_WORDS or w.isupper() for w in words[1:])
    if after and after[0].lower() in _PRODUCT_WORDS:
        return True
    if after and after[0].lower() in _PERSON_AFTER and not (after[0].lower() in ("is", "was") and len(after) > 1
                                                             and after[1].lower() in ("the", "a", "an", "our")):
        return False  # `Hudson said`, `Hudson is out`; `Hudson was the old name of the build server` is the tool
    return _technical(text, start, end)


__all__ = ["finnish_noun_span", "tool_span"]
