"""html38 (atk37 F12): a name split over markup: hCard / schema.org name-part elements (`given-name`,
`family-name`, `fn`/`ln`, `givenName`/`familyName`), a name's container of spans (`<div class="name">`), `<input>`
values under a name's `name`/`id`, Word XML runs (`</w:t></w:r><w:r><w:t>`, a surname in the next run, a word cut in
two), terminal colour codes between given name and surname, RFC 2231 continued parameters. Names are held out (not
the report's); the look-alikes go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


NAMED = [  # (text, the name's parts that must not go, what must stay as written)
    ('<span class="given-name">Josephine</span> <span class="family-name">Hartwell</span>',
     ["Josephine", "Hartwell"], ['<span class="given-name">', '<span class="family-name">']),
    ('<p class="vcard"><span class="fn">Magnus</span> <span class="ln">Ekholm</span> (Ops)</p>',
     ["Magnus", "Ekholm"], ['<span class="ln">', "(Ops)</p>"]),
    ('<div itemscope itemtype="https://schema.org/Person"><span itemprop="givenName">Clara</span>'
     '<span itemprop="familyName">Wendt</span></div>', ["Clara", "Wendt"], ['itemprop="familyName"']),
    ('<td class="last-name">Ashdown</td><td class="first-name">Rupert</td><td>Leeds</td>',
     ["Ashdown", "Rupert"], ["<td>Leeds</td>"]),
    ('<div class="name"><span>Henrietta</span><span>Marchbanks</span></div><div class="role">CFO</div>',
     ["Henrietta", "Marchbanks"], ['<div class="role">CFO</div>']),
    ('<h4 class="customer-name"><span>Dorothea</span> <span>Kingsley</span></h4>', ["Dorothea", "Kingsley"],
     ['<h4 class="customer-name">']),
    ('<input type="text" name="lastname" value="Hartwell"><input type="text" name="firstname" value="Josephine">',
     ["Hartwell", "Josephine"], ['name="lastname"', 'type="text"']),
    ('<input id="surname" value="Ekholm" class="form-control"><input id="forename" value="Magnus">',
     ["Ekholm", "Magnus"], ['class="form-control"']),
    ("<input name='last_name' value='Wendt' required><input name='first_name' value='Clara'>", ["Wendt", "Clara"],
     ["required"]),
    ('<w:p><w:r><w:t>Dear Rupert</w:t></w:r><w:r><w:t xml:space="preserve"> Ashdown,</w:t></w:r></w:p>',
     ["Rupert", "Ashdown"], ["<w:t>Dear ", "</w:t></w:r></w:p>"]),
    ("<w:t>Henrietta March</w:t></w:r><w:r><w:t>banks</w:t>", ["Henrietta", "March", "banks"], ["<w:t>"]),
    ('<w:t>Prepared by Dorothea</w:t></w:r><w:r><w:rPr><w:b/><w:color w:val="1F4E79"/></w:rPr>'
     '<w:t xml:space="preserve"> Kingsley</w:t>', ["Dorothea", "Kingsley"], ['<w:color w:val="1F4E79"/>']),
    ("Josephine\x1b[0m Hartwell opened the ticket", ["Josephine", "Hartwell"], ["opened the ticket"]),
    ("Content-Disposition: attachment; filename*0*=UTF-8''Clara%20We; filename*1*=ndt.pdf", ["Clara", "We", "ndt"],
     ["Content-Disposition: attachment;"]),
    # the report's own shapes (atk37 F12), which went out before this change
    ('<span class="given-name">Theodora</span> <span class="family-name">Abernathy</span>',
     ["Theodora", "Abernathy"], []),
    ('<div class="name"><span>Theodora</span><span>Abernathy</span></div>', ["Theodora", "Abernathy"], []),
    ('<input name="lastname" value="Abernathy"><input name="firstname" value="Theodora">',
     ["Theodora", "Abernathy"], []),
    ('<w:t>Dear Theodora</w:t></w:r><w:r><w:t xml:space="preserve"> Abernathy,</w:t>', ["Theodora", "Abernathy"], []),
    ("<w:t>Theodora Aber</w:t></w:r><w:r><w:t>nathy</w:t>", ["Theodora", "Aber", "nathy"], []),
]
PLAIN = [  # PII-free look-alikes
    '<div class="name">Acme Cloud</div><div class="price">$12</div>',
    '<div class="name"><span>Kafka</span><span>Connect</span></div>',
    '<span class="name">Visual Studio Code</span> and <h2 class="name">Spring Sale</h2>',
    '<div itemprop="name">Wireless Mouse M185</div><span itemprop="brand">Logitech</span>',
    '<input name="email" value=""><input name="lastname" value="">',
    '<input name="first_name" value="{{ user.first_name }}"><input name="last_name" value="{{ user.last_name }}">',
    '<input type="text" name="lastname" placeholder="Last name"><input name="firstname" placeholder="First name">',
    '<th class="given-name">Given name</th><th class="family-name">Family name</th>',
    '<span class="fn">parse_args</span>(<span class="ln">argv</span>)',
    '<input name="name" value="Quarterly Report"><input name="company_name" value="Northwind Traders">',
    '<span class="given-name">{{ first }}</span> <span class="family-name">{{ last }}</span>',
    "<w:t>The quarterly report</w:t></w:r><w:r><w:t xml:space=\"preserve\"> is attached.</w:t>",
    "<w:t>Please review the Draft</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> Budget.</w:t>",
    "<w:t>Section 4.2</w:t></w:r><w:r><w:t xml:space=\"preserve\"> Terms and Conditions</w:t>",
    "\x1b[32mPASSED\x1b[0m tests/test_api.py::test_create_user",
    "\x1b[31mERROR\x1b[0m Connection refused: redis:6379",
    ".given-name { font-weight: bold; } .family-name { color: #333; }",
    '<svg viewBox="0 0 10 10"><text class="name" x="1" y="5">Revenue</text></svg>',
    "Content-Disposition: attachment; filename*0*=UTF-8''quarterly%20rep; filename*1*=ort.pdf",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
