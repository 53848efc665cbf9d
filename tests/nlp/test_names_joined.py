"""Names and values glued in ways the view did not read (issue 12, every encoding; atk12 B H3, M3).

- a name joined by one `+` outside a URL (`assign to Maria+Schmidt`, as pasted from a search box or a form);
- a URL query's name whose surname no list holds, when the model tags it in the spaced reading and its first word is
  a listed given name (`?q=Lars+Eriksson`);
- a given name or a surname alone under a key that names that part (`{"first_name": "Chloe"}`, `given_name=`,
  `vorname:`, `prenom`, `nombre` when the value is a listed name), in JSON, YAML and `key=value`;
- a name in the first cell of a `|`-, tab- or `;`-separated row without a header (`Maria Schmidt|HR|Berlin`);
- an e-mail address in any script at a top-level domain no list knows (`ユーザー@例え.テスト`).

Real Presidio and spaCy, the default policy's entities and score floor; names and values other than the reports'.
"""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


async def _persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [value for entity, value in await found(analyzer, text) if entity == "PERSON"]


PLUS_NAMES = [("Helga", "Lindstrom"), ("Tariq", "Haddad"), ("Camille", "Moreau"), ("Bogdan", "Kovalenko")]


@pytest.mark.parametrize("frame", ["route this to {}", "reviewer: {}", "{}", "cc {} and the team"])
@pytest.mark.parametrize(("first", "last"), PLUS_NAMES)
async def test_a_name_joined_by_a_plus_outside_a_url_is_found(analyzer: PiiAnalyzer, frame: str, first: str,
                                                               last: str) -> None:
    text = frame.format(f"{first}+{last}")
    assert f"{first}+{last}" in await _persons(analyzer, text), text


@pytest.mark.parametrize("text", [
    "Press Ctrl+Alt+Delete to restart.", "Use Shift+Enter for a new line.", "Rose+Gold case, 41 mm.",
    "The Austin+Dallas corridor is growing fast.", "Tickets for Paris+London are sold out.",
    "Mix Flour+Water until smooth.", "C++ and Objective-C are both supported.",
])
async def test_plus_joined_words_that_are_no_name_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == [], text


@pytest.mark.parametrize(("first", "last"), [("Henrik", "Solbakken"), ("Astrid", "Bergqvistad")])
async def test_a_url_query_name_with_an_unlisted_surname_is_found(analyzer: PiiAnalyzer, first: str,
                                                                  last: str) -> None:
    for text in (f"https://people.example/find?q={first}+{last}", f"https://x.example/s?q={first}+{last}&page=2"):
        persons = await _persons(analyzer, text)
        assert any(first in p and last in p for p in persons), (text, persons)


@pytest.mark.parametrize("text", [
    "https://x.example/search?q=Virginia+Water", "https://x.example/search?q=Georgia+Peach",
    "https://x.example/search?q=Chelsea+Boots", "https://x.example/search?q=Victoria+Falls",
    # the two words are not the whole value
    "https://x.test/s?q=Jackson+Annotations+Tutorial", "https://x.test/s?q=Marshall+Amplifier+Manual",
])
async def test_a_url_query_of_a_given_name_and_a_word_or_place_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == [], text


PART_KEYS = ["first_name", "firstName", "given_name", "givenName", "vorname", "prenom", "forename"]
GIVEN = ["Ingrid", "Mateo", "Kwame", "Soraya"]


@pytest.mark.parametrize("given", GIVEN)
@pytest.mark.parametrize("key", PART_KEYS)
async def test_a_given_name_alone_under_a_name_key_is_found(analyzer: PiiAnalyzer, key: str, given: str) -> None:
    for text in (json.dumps({key: given}), json.dumps({key: given, "plan": "pro"}, separators=(",", ":")),
                 f"{key}: {given}", f"{key}={given}&id=7"):
        assert given in await _persons(analyzer, text), text


@pytest.mark.parametrize("key", ["last_name", "lastName", "surname", "family_name", "nachname"])
async def test_a_surname_alone_under_a_name_key_is_found(analyzer: PiiAnalyzer, key: str) -> None:
    for surname in ("Halvorsen", "Mensah"):
        for text in (json.dumps({key: surname}), f"{key}: {surname}", f"{key}={surname}"):
            assert surname in await _persons(analyzer, text), text


async def test_a_loose_name_key_takes_a_listed_name_only(analyzer: PiiAnalyzer) -> None:
    assert "Camila" in await _persons(analyzer, '{"nombre": "Camila", "edad": 30}')
    assert "Giulia" in await _persons(analyzer, '{"nome": "Giulia"}')
    assert await _persons(analyzer, '{"nombre": "Producto", "precio": 12}') == []


@pytest.mark.parametrize("text", [
    '{"first_name": "string", "last_name": "string"}', "given_name=TEXT", '{"surname": "N/A"}',
    "last_name = Column(String(64))", '{"first_name": "unknown"}', '{"first_name": null}',
    '{"firstName": "Enter your first name"}',
])
async def test_a_name_key_without_a_name_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == [], text


ROW_NAMES = [("Chloe", "Dubois"), ("Ingrid", "Halvorsen"), ("Mateo", "Fernandez"), ("Yuki", "Tanaka")]


@pytest.mark.parametrize("sep", ["|", "\t", ";"])
@pytest.mark.parametrize(("first", "last"), ROW_NAMES)
async def test_a_name_in_the_first_cell_of_a_headerless_row_is_found(analyzer: PiiAnalyzer, sep: str, first: str,
                                                                     last: str) -> None:
    text = sep.join([f"{first} {last}", "Finance", "2024"])
    assert f"{first} {last}" in await _persons(analyzer, text), repr(text)
    table = f"| {first} {last} | Finance | 2024 |\n| Olivia Hart | Legal | 2023 |"
    assert f"{first} {last}" in await _persons(analyzer, table), table


@pytest.mark.parametrize("text", ["Server|Status|Uptime", "Build Pipeline|green|3 min", "Sales Region;EMEA;Q2",
                                  "Annual Report\tFinance\tQ3", "Product Name|Price|Stock"])
async def test_a_headerless_row_without_a_name_stays(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == [], repr(text)


@pytest.mark.parametrize("address", ["메일사용자@예시.테스트", "ユーザー名@会社.テスト", "клиент@пример.испытание",
                                     "jane@例子.测试", "χρήστης@παράδειγμα.δοκιμή", "用户@例子.广告"])
async def test_an_address_in_any_script_at_an_unknown_domain_is_found(analyzer: PiiAnalyzer, address: str) -> None:
    for text in (address, f"mail {address} today", f"邮箱: {address}"):
        assert ("EMAIL_ADDRESS", address) in await found(analyzer, text), text


@pytest.mark.parametrize("text", ["请在评论区@小助手 提问", "价格@公司内部讨论", "联系我们@官方账号",
                                  "see @ユーザー post", "lodash@4.17.21 is pinned", "価格@3.50円"])
async def test_an_at_sign_without_a_domain_is_no_address(analyzer: PiiAnalyzer, text: str) -> None:
    assert not any(entity == "EMAIL_ADDRESS" for entity, _ in await found(analyzer, text)), text
