"""What engineers type that the NER reads as a person's name (atk18 M2, L1), each read from the words around the span,
so that the same word where the sentence says person stays a name:

- a null word before a noun of code (`nil pointer`, `Nil pointer`, `null pointer exception`, `a nil interface`: Go's
  own panic `invalid memory address or nil pointer dereference`); `Nil Patel`, `Nil said` stay names;
- the verb of a `git log --oneline` line: the one word right after a short commit hash at a line's start, before
  the rest of the subject (`c0ffee1 Add retry with jitter`, `d34db33 Mark flaky tests`, `f00ba12 Grant read
  access`; a graph's `* ` and a `(HEAD -> main)` decoration allowed); a full name there (`a1b2c3d Frank Miller
  ...`) stays a name;
- one capitalized word that a verb of software takes as its object (`How do I configure Ray to retry on
  timeout?`, `install Hugo`, `deploy Phoenix`, `migrate ... to Luigi`), is the subject of a failure of software
  (`Puma keeps failing after the last upgrade`, `Loki crashes on start`), or a data structure built with an
  article (`Use a Trie to autocomplete`), in a sentence with a word of software in it (`retry`, `timeout`,
  `upgrade`, `config`...); a full name (`Ray Chen`), a possessive (`configure Ray's laptop`) or a verb of people
  (`tell Ray to retry`, `Ray said`) keeps it a name;
- (atk18 L2) two Han characters at a Chinese sentence's start read as a surname and a given character, where the
  surname is none of the 100 most common (Faker's zh_CN and zh_TW weights: 87% of people) and a word follows with
  no person's cue (speech, an honorific, a title), in a text without kana (`文明出行，从我做起。`, `海燕在暴风雨中
  飞翔。`, `国强则民富`); `王芳说`, `李明在北京`, Japanese `小川様`, `森田部長に` stay names.
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# ------------------------------------------------------------------------------------------- null words

_NULL_WORDS = frozenset({"nil", "null", "nullptr", "none", "undefined", "void", "nan"})
_CODE_NOUNS = frozenset({
    "pointer", "pointers", "reference", "references", "dereference", "dereferences", "dereferencing", "deref",
    "interface", "interfaces", "value", "values", "check", "checks", "error", "errors", "exception", "exceptions",
    "safety", "guard", "guards", "map", "maps", "slice", "slices", "channel", "channels", "receiver", "receivers",
    "byte", "bytes", "terminator", "coalescing", "object", "objects", "type", "types", "literal", "literals",
    "character", "pointerexception", "panic", "panics", "struct", "structs", "field", "fields", "return", "returns",
    "handling",
})


def _null_phrase(text: str, start: int, end: int, words: list[str]) -> bool:
    """A null word, alone or before nouns of code, with a noun of code in the span or right after it."""
    if words[0].lower() not in _NULL_WORDS or any(w.lower() not in _CODE_NOUNS for w in words[1:]):
        return False
    if len(words) > 1:
        return True
    after = _WORD.match(text, _skip_spaces(text, end))
    return after is not None and after.group().lower() in _CODE_NOUNS


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


# ---------------------------------------------------------------------------------------- git one-line logs

# A short (7-12) or full (40) commit hash with a digit and a letter, at a line's start (after a graph's `*`, `|`),
# an optional decoration, then the subject's first word.
_GIT_LINE = re.compile(r"(?m)^[*|/\\ ]*(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])(?:[0-9a-f]{7,12}|[0-9a-f]{40})"
                       r"(?: \([^()\n]{1,200}\))? (?P<word>[A-Z][a-z]+)(?= [^\W\d_]|:? [a-z0-9`'\"(])")


def _git_subject_verb(text: str, start: int, end: int) -> bool:
    """The span is the first word of a commit subject after its hash (the hash may be in the span too)."""
    line = text.rfind("\n", 0, start) + 1
    m = _GIT_LINE.match(text, line)
    return m is not None and m.end("word") == end and start in (line, m.start("word")) \
        and (start == m.start("word") or text[start:m.start("word")].strip(" *|/\\").isalnum())


# ------------------------------------------------------------------------------------------- software words

# Verbs whose object is software, never a person.
_SOFTWARE_VERBS = frozenset({
    "configure", "reconfigure", "install", "uninstall", "reinstall", "deploy", "redeploy", "upgrade", "downgrade",
    "compile", "recompile", "containerize", "dockerize", "instrument", "provision", "benchmark", "initialize",
    "initialise", "bootstrap", "enable", "disable", "import", "integrate", "self-host", "configuring", "installing",
    "deploying", "upgrading", "compiling", "configured", "installed", "deployed", "upgraded", "compiled", "integrated",
    "migrate", "migrated", "migrating", "ported", "porting",
})
# After these, only with `to` between (`migrated the pipeline to Luigi`, `ported the service to Crystal`).
_TO_VERBS = frozenset({"migrate", "migrated", "migrating", "ported", "porting"})
# A failure of software, said of the span as subject.
_FAILURE = re.compile(
    r"\s+(?:keeps|kept|is|was|started|starts)\s+(?:failing|crashing|restarting|hanging|timing\s+out|erroring|"
    r"throwing|segfaulting|leaking|down\b)"
    r"|\s+(?:fails|failed|refuses|refused)\s+to\s+(?:start|build|compile|connect|load|install|run|boot|deploy)"
    r"|\s+(?:crashes|crashed|segfaults|segfaulted|panics|panicked|hangs|hung|throws|threw|times\s+out|timed\s+out)\b"
    r"|\s+(?:won't|doesn't|does\s+not|will\s+not|can't|cannot)\s+(?:start|build|compile|connect|load|install|boot)")
# Data structures and the like built or used with an article (`Use a Trie`).
_BUILD_VERBS = frozenset({"use", "using", "implement", "implementing", "build", "building", "write", "writing",
                          "choose", "pick", "need", "add", "create"})
# Words of software: one of them in the sentence makes it technical.
_SOFTWARE_CUES = frozenset({
    "retry", "retries", "timeout", "timeouts", "upgrade", "upgrades", "upgraded", "config", "configuration",
    "configure", "deploy", "deployment", "install", "installed", "cluster", "server", "servers", "pod", "pods",
    "container", "containers", "plugin", "plugins", "logs", "pipeline", "api", "sdk", "endpoint", "database", "cache",
    "queue", "worker", "workers", "dependency", "dependencies", "docker", "kubernetes", "yaml", "json", "cli",
    "library", "framework", "runtime", "compile", "compiler", "backend", "frontend", "autocomplete", "lookup", "query",
    "queries", "cpu", "latency", "throughput", "repo", "repository", "commit", "startup", "exception", "ci", "http",
    "https", "ssl", "tls", "webhook", "cron", "scheduler", "uploads", "inference", "metrics", "dashboard",
})
_SENTENCE_END = re.compile(r"[.!?\n]\s|[\n;]")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        a = m.end()
    stop = _SENTENCE_END.search(text, end)
    return a, (stop.start() + 1 if stop is not None else len(text))


def _technical(text: str, start: int, end: int) -> bool:
    a, b = _sentence(text, start, end)
    return any(w.lower() in _SOFTWARE_CUES for w in _WORD.findall(text[a:start] + " " + text[end:b]))


def _software_word(text: str, start: int, end: int, words: list[str]) -> bool:
    """One capitalized word a verb of software takes, the subject of a failure of software, or a structure built
    with an article, in a technical sentence."""
    if len(words) != 1 or not words[0][:1].isupper() or text[start:end] != words[0]:
        return False
    after = text[end:end + 2]
    if after[:1] in ("'", "’") or re.match(r"\s+[A-Z][a-z]", text[end:end + 3]):
        return False  # a possessive, a full name
    before = _WORD.findall(text[max(0, start - 80):start])
    prev = before[-1].lower() if before else ""
    if prev in _SOFTWARE_VERBS and prev not in _TO_VERBS:
        form = True
    elif prev == "to" and any(w.lower() in _TO_VERBS for w in before[-5:-1]):
        form = True
    elif prev in ("a", "an") and len(before) > 1 and before[-2].lower() in _BUILD_VERBS:
        form = True
    else:
        a, _ = _sentence(text, start, end)
        form = not text[a:start].strip() and _FAILURE.match(text, end) is not None
    return form and _technical(text, start, end)


# ------------------------------------------------------------------------------------------ Chinese words

_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_START = frozenset("。！？；，、,.!?;:：\n\"“”'‘’（）() \t")
# After a name: speech, an honorific or a kinship or job title (`王芳说`, `海燕老师`), a time, a modal or a verb a
# person does as the subject (`印磊明天上午到`, `王芳已经走了`, `李明要去`, `张伟把...`).
_PERSON_AFTER = frozenset("说說讲講问問答告先女老同总總经經小姐哥叔阿妈媽爸师師医醫教主"
                          "様殿氏君部課课社局董处處科院长長"
                          "明今昨上下晚早刚剛已马馬正将將会會要想也都还還跟给給把被让讓去来來到打请請帮幫负負")
_KANA = re.compile(r"[\u3040-\u30ff]")  # Japanese: its names are read there (`小川様`, `森田部長`)


@functools.cache
def _common_surnames() -> frozenset[str]:
    """The 100 most common Chinese surnames, simplified (zh_CN) and traditional (zh_TW), by Faker's weights."""
    from faker.providers.person.zh_CN import Provider as Cn
    from faker.providers.person.zh_TW import Provider as Tw

    out: set[str] = set()
    for provider in (Cn, Tw):
        weights = dict(provider.last_names)
        out.update(sorted(weights, key=lambda k: -weights[k])[:100])
    return frozenset(out)


def _han_word_at_start(text: str, start: int, end: int) -> bool:
    """Two Han characters at a sentence's start, a surname none of the most common and one more, before a word."""
    if end - start != 2 or not all(_HAN.match(c) for c in text[start:end]):
        return False
    if (start > 0 and text[start - 1] not in _SENTENCE_START) or _KANA.search(text) is not None:
        return False
    nxt = text[end:end + 1]
    return bool(nxt) and _HAN.match(nxt) is not None and nxt not in _PERSON_AFTER \
        and text[start] not in _common_surnames()


def tech_span(text: str, start: int, end: int) -> bool:
    """Whether the PERSON span `text[start:end]` is one of the PII-free texts above."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    return _null_phrase(text, start, end, words) or _git_subject_verb(text, start, end) \
        or _software_word(text, start, end, words) or _han_word_at_start(text, start, end)
