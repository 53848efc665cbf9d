"""String concatenation in code in the view (atk10 B-M3): literals joined by `+`, `||`, `&`, `.`, `,` inside
`CONCAT(`, or side by side, a JavaScript template's `${'...'}`, empty quote pairs and quoted parts in a shell word,
read as the value they spell where they spell one; the value maps back over the whole expression (operators and
inner quotes with it). Values differ from the finding's."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, pattern_readings

CASES = [
    ("to = 'lena.vos@' + 'brightquay.org'", "to = 'lena.vos@brightquay.org'", "lena.vos@brightquay.org",
     "lena.vos@' + 'brightquay.org"),
    ("to = 'lena.vos' + '@brightquay.org'", "to = 'lena.vos@brightquay.org'", "lena.vos@brightquay.org",
     "lena.vos' + '@brightquay.org"),
    ('to = "lena.vos@" "brightquay.org"', 'to = "lena.vos@brightquay.org"', "lena.vos@brightquay.org",
     'lena.vos@" "brightquay.org'),
    ("SELECT 'lena.vos@' || 'brightquay.org';", "SELECT 'lena.vos@brightquay.org';", "lena.vos@brightquay.org",
     "lena.vos@' || 'brightquay.org"),
    ('="lena.vos@"&"brightquay.org"', '="lena.vos@brightquay.org"', "lena.vos@brightquay.org",
     'lena.vos@"&"brightquay.org'),
    ('=CONCAT("lena.vos@","brightquay.org")', '=CONCAT("lena.vos@brightquay.org")', "lena.vos@brightquay.org",
     'lena.vos@","brightquay.org'),
    ("=concatenate('lena.vos@', 'brightquay.org')", "=concatenate('lena.vos@brightquay.org')",
     "lena.vos@brightquay.org", "lena.vos@', 'brightquay.org"),
    ("$to = 'lena.vos@' . 'brightquay.org';", "$to = 'lena.vos@brightquay.org';", "lena.vos@brightquay.org",
     "lena.vos@' . 'brightquay.org"),
    ("to = `lena.vos@${'brightquay.org'}`", "to = `lena.vos@brightquay.org`", "lena.vos@brightquay.org",
     "lena.vos@${'brightquay.org'}"),
    ('TO=lena.vos@bright""quay.org', "TO=lena.vos@brightquay.org", "lena.vos@brightquay.org",
     'lena.vos@bright""quay.org'),
    ('"lena.vos"@"brightquay.org"', '"lena.vos@brightquay.org"', "lena.vos@brightquay.org",
     'lena.vos"@"brightquay.org'),
    ("to = 'lena' + '.vos@' + 'brightquay.org'", "to = 'lena.vos@brightquay.org'", "lena.vos@brightquay.org",
     "lena' + '.vos@' + 'brightquay.org"),
    ("phone = '646-555-' + '0188'", "phone = '646-555-0188'", "646-555-0188", "646-555-' + '0188"),
    ("ssn = '078-05-' || '1120'", "ssn = '078-05-1120'", "078-05-1120", "078-05-' || '1120"),
    ("card = '5555 5555' + ' 5555 4444'", "card = '5555 5555 5555 4444'", "5555 5555 5555 4444",
     "5555 5555' + ' 5555 4444"),
    ("ip = '10.20' + '.30.44'", "ip = '10.20.30.44'", "10.20.30.44", "10.20' + '.30.44"),
    ("iban = 'DE89 3704 0044' + ' 0532 0130 00'", "iban = 'DE89 3704 0044 0532 0130 00'",
     "DE89 3704 0044 0532 0130 00", "DE89 3704 0044' + ' 0532 0130 00"),
]


@pytest.mark.parametrize(("text", "view", "value", "original"), CASES)
def test_a_value_written_as_concatenation_reads_whole_and_maps_back(text: str, view: str, value: str,
                                                                    original: str) -> None:
    v = normalize(text)
    assert v.text == view
    at = v.text.index(value)
    assert text[slice(*v.span(at, at + len(value)))] == original
    assert v.span(0, len(v.text)) == (0, len(text))


def test_groups_quoted_each_on_their_own_still_read_as_groups() -> None:
    # the separator fold's reading (`'617' + '555' + '0143'` was `'617 555 0143'` before concatenation was read)
    assert normalize("phone = '646' + '555' + '0188'").text == "phone = '646 555 0188'"


@pytest.mark.parametrize(("text", "joined"), [
    ("x = 'pro' + 'ject falcon'", "x = 'project falcon'"),
    ('pro""ject falcon', "project falcon"),
    ("SELECT 'project fal' || 'con'", "SELECT 'project falcon'"),
    ("s = `pro${'ject'} falcon`", "s = `project falcon`"),
    ('="pro"&"ject falcon"', '="project falcon"'),
])
def test_a_codename_cut_inside_a_word_is_read_by_patterns(text: str, joined: str) -> None:
    assert normalize(text).text == text  # not in the PII view: no value there
    readings = pattern_readings(text)
    assert any(v.text == joined for v in readings)
    v = next(v for v in readings if v.text == joined)
    at = joined.index("project")
    start, end = v.span(at, at + len("project falcon"))
    assert text[start] == "p" and text[end - 1] == "n"


@pytest.mark.parametrize("text", [
    "print('Hello ' + name + '!')",
    "greeting = 'Hello, ' + 'world'",
    'msg = "a" "b" "c"',
    "x = ['617-555', '0143']",  # an array's items: no concatenation
    "f('646-555-', '0188')",  # arguments: no concatenation
    "SELECT first || ' ' || last FROM users",
    "path = base + '/' + 'v1' + '/users'",
    "=A1&\" \"&B1",
    "echo \"$HOME\"/bin ''",
    "v = '1.2' + '.3'",  # a version, not an IP address
    "n = '123-45' + '-678'",  # no value's shape
    "label = 'user@' + host",  # the domain is no literal
    "It's 'fine' + 'good', isn't it?",
    "x = `${'a'}b`",
])
def test_ordinary_code_stays_as_written(text: str) -> None:
    assert normalize(text).text == text


def test_a_long_line_of_joints_is_read_in_linear_time() -> None:
    import gc
    import time

    def cost(n: int) -> float:
        # This thread's CPU time (not the process's: a worker's servers run in other threads), without the
        # collector (its passes grow with everything earlier tests left on the heap, not with this text).
        text = "x = " + " + ".join(["'ab'"] * n) + ", " + ", ".join(['""'] * n)
        best = 1e9
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                t = time.thread_time()
                normalize(text)
                best = min(best, time.thread_time() - t)
        finally:
            gc.enable()
        return best

    small, large = cost(2_000), cost(8_000)
    assert large < 12 * small + 0.05  # linear: ~4x (quadratic would be ~16x)
