"""Question and tool cues in the plural and in more languages, a value with a courtesy line, a list of values
(issue 12, atk28 F04 and F10).

`proxy.guard.context24` reads a short reply (requests) and `proxy.guard.reply26` a short answer (output rules) with
the cue of the question before it. The cue words were read in the singular and in seven Latin-script languages:
`What are the SSNs?`, `List the SSNs as JSON.`, `What are the TINs?`, `Lastly, your social?`, `What are the contact
numbers?`, `Their mobiles?`, `Which numbers should I call?`, `Enter the caller's number.`, `get_ssns`, and
`Какой у вас номер телефона?`, `電話番号を教えてください。`, `您的电话号码是多少？` gave no cue. `ASKS` adds, per type:

- the plurals of every type word (`SSNs`, `TINs`, `tax IDs`, `phones`, `mobiles`, `contact/callback numbers`,
  `emails`, `card numbers`, `IBANs`), a `social` owned by someone (`your social`, `Dana's social`; not `social
  media`; a redacted owner too: `<PERSON_1>'s social`), a caller's number or caller ID;
- the same words in Russian, Japanese, Chinese and Korean (no `\\b` in CJK text: its characters are word
  characters; a name only as a person's: `お名前`, `氏名`, `как вас зовут`, never a file's `名前`).

A tool name's plural words are read in the singular by `proxy.guard.wh29.singular` (`get_customer_ssns`,
`list_mobiles`; not `cells`, `socials`: a spreadsheet's, a profile's links; not a count's, `count_phones`).

A reply or an answer that is a value and then courtesy lines (`536904399\\n\\nThanks!`, `536904399\\n\\nLet me know if
you need anything else.`) is short (`courtesy_tail`); an answer of lines each a value, optionally a list's mark and a
label before it (`- 536904399`, `- Dana: 4155550199`, `Primary: 4155550199\\nBackup: 4155550123`), is read with the
cue before each value (`line_values`), as reply26 reads a short JSON list's values. A stream holds such a field while
it may still be one (`open_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["ASKS", "courtesy_tail", "line_values", "open_lines"]

_NOT_SOCIAL = (r"media|network|networks|account|accounts|handle|handles|profile|profiles|link|links|life|skill|skills|"
               r"worker|workers|club|clubs|event|events|team|channel|channels|post|posts|feed|feeds|calendar|plan|"
               r"plans|studies|science|sciences|services?|care|housing|justice|cues?|anxiety|circle|circles|"
               r"security(?!\s+numbers?)")

ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ssn", re.compile(
        r"\bssns\b|\bsocial security nos?\b|(?-i:\bTINs?\b|\bITINs?\b)|\btax ?ids\b|\btax identification numbers\b"
        r"|\btaxpayer (?:id|identification)(?: numbers?)?\b"
        rf"|(?:\b(?:your|their|his|her|its|the|my|our)|[\w>](?:'s|’s)|\ws')\s+socials?\b(?!\s+(?:{_NOT_SOCIAL})\b)"
        r"|снилс|(?<!\w)(?-i:ИНН)(?!\w)|социальн\w* страхован|マイナンバー|社会保障番号|社会保険番号|個人番号"
        r"|社会安全号|社会保障号|社保号|身份证号|身份證|주민등록번호|주민번호|사회보장번호", re.I)),
    ("card", re.compile(
        r"\b(?:credit|debit) cards\b|\bcard numbers\b|номер\w* карт|кредитн\w* карт|банковск\w* карт"
        r"|クレジットカード|カード番号|信用卡|银行卡|銀行卡|卡号|신용카드|카드 ?번호", re.I)),
    ("iban", re.compile(r"\bibans\b|\bbank account numbers\b|номер\w* сч[её]т|口座番号|银行账号|銀行帳號|계좌 ?번호",
                        re.I)),
    ("email", re.compile(r"\be-?mails\b|\bemail addresses\b|электронн\w* почт|\bпочт[аыу]\b|\bимейл|メールアドレス"
                         r"|メアド|邮箱|郵箱|电子邮件|電子郵件|电邮|이메일|메일 ?주소", re.I)),
    ("phone", re.compile(
        r"\b(?:(?:tele)?phones|mobiles|cellphones|(?:call(?:back)?|contact|cell|mobile|on-call|direct|home|work|"
        r"office) numbers|caller(?:'s|’s)? (?:phone |contact |callback )?numbers?|caller ?ids?)\b"
        r"|\b(?:which|what) numbers\b[^.?!]{0,30}\b(?:call|dial|ring|text)"
        r"|телефон|мобильн\w* номер|номер для связи|сотов|電話|携帯|ケータイ|电话|手机|手機|전화|휴대폰|핸드폰", re.I)),
    ("name", re.compile(
        r"как (?:вас|тебя) зовут|ваш[еа] (?:полное )?(?:имя|фамилия)|имя и фамилия|фамилия,? имя|(?<!\w)фио(?!\w)"
        r"|お名前|あなたの名前|氏名|ご芳名|您的名字|你的名字|你叫什么|您叫什么|您贵姓|怎么称呼|您的姓名|你的姓名"
        r"|성함|(?:당신의|귀하의) 이름|이름이 (?:어떻게|뭐|무엇)", re.I)),
)

# ------------------------------------------------------------------------------------------- replies and answers

# A line that only thanks or offers more help (`Thanks!`, `Let me know if you need anything else.`).
_COURTESY = re.compile(
    r"^\W*(?:(?:thanks?|thank you|thx|ty|cheers|much appreciated|appreciate it|many thanks|merci|danke|gracias|"
    r"спасибо|ありがとう\w*|谢谢|감사합니다)(?:\s+(?:so much|a lot|a bunch|again|in advance|very much|!))*"
    r"|(?:let me know|feel free|hope (?:this|that) helps|happy to help|glad to help|(?:is there )?anything else|"
    r"if you need|please let me know|just let me know|do you need anything else|can i help)[^\n]{0,70})\W*$",
    re.I)
_COURTESY_CHARS = 90
# A line that is one value, after a list's mark and a label (`- 536904399`, `- Dana: 4155550199`, `Primary: ...`).
_VALUE_LINE = re.compile(
    r"^[ \t]*(?:(?:[-*•·–]|\d{1,2}[.)])[ \t]+)?(?:\*\*)?(?:[^\s:*][^:\n*]{0,29}:(?:\*\*)?[ \t]*(?:\*\*)?)?"
    r"(?P<v>\+?\(?\d[\d().\- ]{4,22}\d|[^\s@]+@[^\s@]+\.\w+)(?:\*\*)?[ \t]*[.,;]?[ \t]*$")
# An intro line before a list (`Here are the numbers:`).
_INTRO = re.compile(r"^[^\n:]{1,60}:\s*$")
_LIST_CHARS = 200
_LIST_LINES = 10


def courtesy_tail(text: str, short: Callable[[str], bool]) -> bool:
    """`text` (stripped) is a short first line (`short`) and then one or two courtesy lines."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not 2 <= len(lines) <= 3 or not short(lines[0]):
        return False
    return all(len(ln) <= _COURTESY_CHARS and _COURTESY.match(ln) for ln in lines[1:])


def line_values(text: str) -> list[int] | None:
    """Where the values of an answer of value lines start (the module's docstring), or None."""
    stripped = text.strip()
    if len(stripped) > _LIST_CHARS or "\n" not in stripped or stripped[0] in "{[":
        return None  # (one line: `short`)
    lines = text.split("\n")
    if len([ln for ln in lines if ln.strip()]) > _LIST_LINES:
        return None
    starts: list[int] = []
    at = 0
    seen_value = False
    for k, line in enumerate(lines):
        m = _VALUE_LINE.match(line)
        if m is not None:
            starts.append(at + m.start("v"))
            seen_value = True
        elif line.strip() and not (
                (not seen_value and not starts and _INTRO.match(line.strip()) and k == _first(lines))
                or (seen_value and len(line.strip()) <= _COURTESY_CHARS and _COURTESY.match(line.strip()))):
            return None
        at += len(line) + 1
    return starts or None


def _first(lines: list[str]) -> int:
    return next(k for k, ln in enumerate(lines) if ln.strip())


def open_lines(text: str) -> bool:
    """A stream field's text so far (stripped) may still become a value with courtesy lines or value lines."""
    if len(text) > _LIST_CHARS or text[:1] in "{[":
        return False
    lines = text.split("\n")
    return len(lines) <= 2 * _LIST_LINES + 2 and all(len(ln) <= _COURTESY_CHARS for ln in lines)


# ------------------------------------------------------------------------------------------- turns between

_ASIDE_CHARS = 80


def aside(text: str) -> bool:
    """An assistant bubble after its question that asks nothing (`Take your time.`): the question still counts."""
    from proxy.guard.context24 import question_cue

    stripped = text.strip()
    return (0 < len(stripped) <= _ASIDE_CHARS and "\n" not in stripped and not any(c in stripped for c in "?？¿")
            and question_cue(stripped) is None)  # (a question about something else: its own, `What's your order...`)


def clarifying(text: str) -> bool:
    """A user bubble that asks back before answering (`why do you need it?`): the next bubble still answers."""
    stripped = text.strip()
    return 0 < len(stripped) <= _ASIDE_CHARS and "\n" not in stripped and stripped.endswith(("?", "？")) \
        and len(stripped.split()) <= 8
