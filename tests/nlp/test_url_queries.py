"""atk12 tester B H1 and M3: phone numbers and names in URLs and query strings.

- H1: a form-encoded query writes a space as `+` (`?q=who+called+me+617-555-0143`); glued to the digits the `+` read
  as an international prefix, glued to a name it kept the words one token: the value went up as written.
- M3: a query's `?`, `&` and a path's `/` glued a name to the URL (the NER tokenizer's URL token): the name was not
  read (`?name=Jan%20Kowalski&x=1`) or read in part (`?q=Maria%20Schmidt` left `Maria`), and where it was read the
  placeholder took the URL with it (`https://x.test/?x=1&q=Jan%20Kowalski` went up as `<PERSON_1>`); a value after a
  `%20` took the escape's `20` (`?q=call%20617-555-0143` went up as `?q=call%<PHONE_NUMBER_1>`).

The values here are other than the report's.
"""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES


async def _spans(analyzer: PiiAnalyzer, text: str) -> list[tuple[str, int, int]]:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    return [(s.entity, s.start, s.end) for s in spans if s.score >= 0.4]


def _covered(spans: list[tuple[str, int, int]], start: int, end: int) -> bool:
    return all(any(a <= k < b for _, a, b in spans) for k in range(start, end))


# --------------------------------------------------------------------------- the view

@pytest.mark.parametrize(("text", "read"), [
    ("https://www.google.com/search?q=who+is+calling+from+212-555-0187",
     "https://www.google.com/search q=who is calling from 212-555-0187"),
    ("https://x.test/find?text=call+me+on+%2B49+30+901820+77&lang=de",
     "https://x.test/find text=call me on +49 30 901820 77 lang=de"),
    ("https://x.test/?q=%2B1+303-555-0142", "https://x.test/ q=+1 303-555-0142"),
    ("https://crm.test/customers?tab=orders&name=Sofia%20Rossi",
     "https://crm.test/customers tab=orders name=Sofia Rossi"),
    ("https://x.test/people/Chloe%20Martin/activity", "https://x.test/people Chloe Martin/activity"),
    ("https://x.test/people/Hannah+Fischer/posts?page=2", "https://x.test/people Hannah Fischer/posts page=2"),
    ("see /search?q=Noah+Schneider now", "see /search q=Noah Schneider now"),
    ("see ?name=Ethan Walker&tab=orders", "see  name=Ethan Walker tab=orders"),
    ("who+is+calling+from+818-555-0163", "who is calling from 818-555-0163"),
    ("lookup+929-555-0148.", "lookup 929-555-0148."),
    ("customer+Grace+Whitfield+refund", "customer Grace Whitfield refund"),
])
def test_a_url_reads_as_a_form_does(text: str, read: str) -> None:
    view = normalize(text)
    assert view.text == read
    assert len(view.text) == len(text) - text.count("%2B") * 2 - text.count("%20") * 2  # one character for one


@pytest.mark.parametrize("text", [
    "https://wa.me/+14155550132",  # a prefix as typed, after a delimiter
    "tel:+1-415-555-0132",
    "mail jane+news@acme.com or jane+a+b@acme.com",  # plus addressing
    "press Ctrl+Shift+Esc", "C++ and a+b+c", "1+2+3 = 6", "str1+str2+str3", "x+y+z", "i+=1", "a++b+c+dd",
    "see the total+tax figure",  # one `+` before no value
])
def test_a_plus_that_is_no_form_space_stays(text: str) -> None:
    assert normalize(text).text == text


def test_a_plus_prefix_after_a_key_stays() -> None:
    assert normalize("https://x.test/?phone=+4917612345678&x=1").text == "https://x.test/ phone=+4917612345678 x=1"


# --------------------------------------------------------------------------- what is found, and only that

@pytest.mark.parametrize(("text", "value"), [
    ("https://www.google.com/search?q=who+is+calling+from+212-555-0187", "212-555-0187"),
    ("https://duckduckgo.com/?q=reverse+phone+lookup+415-555-0199&ia=web", "415-555-0199"),
    ("https://x.test/search?q=%2B44+20+7946+0123", "%2B44+20+7946+0123"),
    ("see https://www.bing.com/search?q=whose+number+is+303+555+0142&form=QBLH", "303+555+0142"),
    ("who+is+calling+from+818-555-0163", "818-555-0163"),
    ("the query was lookup+929-555-0148 yesterday", "929-555-0148"),
])
async def test_a_phone_number_in_a_form_encoded_query_is_found(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    spans = await _spans(analyzer, text)
    at = text.index(value)
    assert _covered([s for s in spans if s[0] == "PHONE_NUMBER"], at, at + len(value)), spans
    assert all(a >= at - 3 and b <= at + len(value) for _, a, b in spans), spans  # (`%2B` before `44` is the `+`)


@pytest.mark.parametrize(("text", "name"), [
    ("https://x.test/?q=Olivia+Bennett+linkedin", "Olivia+Bennett"),
    ("https://crm.test/customers?name=Ethan%20Walker&tab=orders", "Ethan%20Walker"),
    ("https://crm.test/customers?tab=orders&name=Sofia%20Rossi", "Sofia%20Rossi"),
    ("https://x.test/people/Chloe%20Martin/activity", "Chloe%20Martin"),
    ("https://x.test/?customer=Mateo%20Garcia&id=88&sort=desc", "Mateo%20Garcia"),
    ("https://mail.test/compose?to=Noah+Schneider&subject=hello", "Noah+Schneider"),
    ("open https://x.test/u?q=Isabella%20Moretti now", "Isabella%20Moretti"),
    ("see https://x.test/?name=Lukas Becker&tab=1 now", "Lukas Becker"),  # a space as typed
    ("support searched for customer+Grace+Whitfield+refund", "Grace+Whitfield"),
])
async def test_a_name_in_a_url_is_found_whole_and_alone(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    spans = await _spans(analyzer, text)
    at = text.index(name)
    persons = [s for s in spans if s[0] == "PERSON"]
    assert _covered(persons, at, at + len(name)), spans
    assert [text[a:b] for _, a, b in persons] == [name]  # neither the URL nor the next parameter with it


async def test_a_name_in_separate_parameters_is_found(analyzer: PiiAnalyzer) -> None:
    text = "https://crm.test/search?first=Amelia&last=Wojcik&limit=10"
    spans = await _spans(analyzer, text)
    assert sorted(text[a:b] for e, a, b in spans if e == "PERSON") == ["Amelia", "Wojcik"]


async def test_a_value_after_a_percent_escape_starts_after_it(analyzer: PiiAnalyzer) -> None:
    text = "https://x.test/?q=ring%20646-555-0111&x=1"
    spans = await _spans(analyzer, text)
    at = text.index("646")
    assert spans and all(a == at and b == at + len("646-555-0111") for _, a, b in spans), spans


@pytest.mark.parametrize("text", [
    "https://www.google.com/search?q=how+to+install+python+on+windows",
    "https://duckduckgo.com/?q=Apache+Kafka+Streams+tutorial&ia=web",
    "https://x.test/api/v1/orders?page=2&per_page=100&sort=created&direction=desc",
    "https://x.test/shop?category=Running+Shoes&color=Dark+Blue&size=10",
    "https://x.test/docs/Getting%20Started/Install%20Guide.pdf",
    "https://x.test/search?q=Machine+Learning+Engineer&location=San+Francisco",
    "https://maps.google.com/maps/place/Golden+Gate+Bridge",
    "https://x.test/events?from=1700000000&to=1700003600&tz=Europe%2FBerlin",
    "https://x.test/?q=Morgan+Stanley+careers",
    "Compute total+tax+shipping before checkout.",
])
async def test_a_url_without_personal_data_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _spans(analyzer, text) == []


def test_the_fast_scans_find_what_the_expressions_find() -> None:
    """`_url_starts` and `_at_char` (str.find, then the expression at that position) give what `finditer` gives,
    on random texts made of the characters that matter (a look-behind made `re` try every position)."""
    import random

    from proxy.nlp import normalize as n

    rng = random.Random(12)
    alpha = [*"abcxyzHTTPSw.:/+-_ 1é\t<>\"'`?&=%Qq#\n", "://", "www.", "WWW.", "https://", "Www.", "İ", "ſ", "?q=",
             "&x=", "=?", "%20", "&&", "?Q?", "aaaaaaaaaaaaaaaa"]
    for _ in range(20_000):
        text = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 40)))
        assert n._url_starts(text) == [m.span() for m in n._URL.finditer(text)], text
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        for pattern, char in ((n._QUERY, "?"), (n._LOOSE_PARAMETER, "&")):
            assert [m.span() for m in n._at_char(pattern, text, char, a, b)] == \
                [m.span() for m in pattern.finditer(text, a, b)], text


def test_the_plus_run_scan_finds_what_the_expression_finds() -> None:
    """`_plus_run_matches` (from each `+`, the expression tried once at its run's start) gives what
    `_PLUS_RUN.finditer` gives, on random texts of the characters the expression and its look-behind read."""
    import random

    from proxy.nlp import normalize as n

    rng = random.Random(14)
    alpha = [*"ab Z9_.()'-+@ +\n\t,é٣x", "++", "+@", "@+", "a+b", "+1 212-555-0132", "ab.cd"]
    for _ in range(50_000):
        text = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in n._plus_run_matches(text)] == [m.span() for m in n._PLUS_RUN.finditer(text)], text
