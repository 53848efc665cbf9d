"""atk14 tester B H4: values whose context is a column's header or a list's label.

H4: a bare phone number or SSN under a `phone` / `ssn` column header (Markdown and `|` tables, CSV, `;`, tab, HTML) or
after a list's label (`Mobiles:`, `phone numbers: A and B and ...`, `SSNs:`) is read after the type's context word,
however far from the header or the label it stands: before, only the first rows of a CSV and the first five items of
a list were redacted, a Markdown table's none; in the user's message and in the model's answer.
PII-free tables and lists stay as sent. Other values than the report's.
"""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from tests.guard.conftest import PII_IN, PII_OUT, policy, redacted

PHONES = ["3035550162", "4045550178", "5125550134", "6465550119", "7735550152", "8185550127", "2065550183",
          "9175550141"]
SSNS = ["387452211", "412785506", "501663218", "623119045", "274830661", "158204397", "339571826", "245907713"]


def _md(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                     + ["| " + " | ".join(r) + " |" for r in rows])


TABLES = {
    "markdown phone column": (_md(["customer", "mobile phone", "plan"],
                                  [[f"acct{i}", p, "basic"] for i, p in enumerate(PHONES)]), PHONES),
    "markdown one column": (_md(["Phone Number"], [[p] for p in PHONES]), PHONES),
    "markdown ssn column": (_md(["id", "SSN"], [[str(i), s] for i, s in enumerate(SSNS)]), SSNS),
    "csv phone first": ("phone,account\n" + "\n".join(f"{p},acct{i}" for i, p in enumerate(PHONES)), PHONES),
    "csv phone last": ("id,status,cell\n" + "\n".join(f"{i},active,{p}" for i, p in enumerate(PHONES)), PHONES),
    "semicolon ssn": ("ref;ssn\n" + "\n".join(f"r{i};{s}" for i, s in enumerate(SSNS)), SSNS),
    "tab phone": ("account\ttelephone\n" + "\n".join(f"acct{i}\t{p}" for i, p in enumerate(PHONES)), PHONES),
    "html table": ("<table>\n<tr><th>Account</th><th>Cell phone</th></tr>\n"
                   + "\n".join(f"<tr><td>acct{i}</td><td>{p}</td></tr>" for i, p in enumerate(PHONES)) + "\n</table>",
                   PHONES),
    "pipe rows": ("user|fax\n" + "\n".join(f"u{i}|{p}" for i, p in enumerate(PHONES)), PHONES),
}

LISTS = {
    "label, commas": ("Mobiles: " + ", ".join(PHONES), PHONES),
    "label, and": ("the phone numbers are " + " and ".join(PHONES), PHONES),
    "label, semicolons": ("SSNs: " + "; ".join(SSNS), SSNS),
    "label, or": ("Social security numbers: " + " or ".join(SSNS), SSNS),
    "label, bullets": ("Phones:\n" + "\n".join(f"- {p}" for p in PHONES), PHONES),
    "label, numbered": ("Tel. numbers:\n" + "\n".join(f"{i + 1}. {p}" for i, p in enumerate(PHONES)), PHONES),
    "one label, mixed layouts": ("cell 303-555-0162 and 404 555 0178 and (512) 555-0134 and 6465550119 and "
                                 "7735550152", ["303-555-0162", "404 555 0178", "(512) 555-0134", "6465550119",
                                                "7735550152"]),
}


@pytest.mark.parametrize("name", list(TABLES) + list(LISTS))
async def test_values_under_a_header_or_after_a_label_are_redacted_in_requests(guard: Guard, name: str) -> None:
    text, values = {**TABLES, **LISTS}[name]
    verdict = await redacted(guard, policy(input=PII_IN), text)
    sent = verdict.texts[0]
    assert sent is not None, name
    assert [v for v in values if v in sent] == [], sent
    # the layout around the values goes up as sent
    assert sent.count("\n") == text.count("\n")


@pytest.mark.parametrize("name", ["markdown phone column", "csv phone last", "semicolon ssn", "html table",
                                  "label, commas",
                                  "label, and", "one label, mixed layouts"])
async def test_values_under_a_header_or_after_a_label_are_redacted_in_answers(guard: Guard, name: str) -> None:
    text, values = {**TABLES, **LISTS}[name]
    verdict = await guard.output(policy(output=PII_OUT), [text])
    got = verdict.texts[0]
    assert got is not None, name
    assert [v for v in values if v in got] == [], got


PII_FREE = [
    _md(["product", "price", "sku"], [["Widget", "19.99", "3035550162"], ["Gadget", "24.50", "4045550178"],
                                      ["Gizmo", "5.00", "5125550134"]]),
    "order_id,amount,status\n" + "\n".join(f"{p},19.99,shipped" for p in PHONES),
    _md(["phone model", "units"], [["Pixel 8", "3035550162"], ["Galaxy S24", "4045550178"], ["Moto G", "5125550134"]]),
    _md(["timestamp", "phone_count"], [["1700000000", "3"], ["1700000600", "4"]]),
    "Tracking IDs: 3035550162 and 4045550178 and 5125550134",
    "Phones sold this week: 12, 15, 17 and 20 units",
    "Mobile app versions: 4.2.1, 4.3.0, 5.0.2",
    "The phone bill went from 1200 to 1350, 1400 and 1500 dollars.",
    "Tel. extensions: 101, 102, 103, 104, 105, 106, 107",
]


@pytest.mark.parametrize("text", PII_FREE)
async def test_pii_free_tables_and_lists_stay_as_sent(guard: Guard, text: str) -> None:
    verdict = await redacted(guard, policy(input=PII_IN), text)
    assert verdict.texts[0] is None, verdict.texts[0]


def test_only_a_header_or_label_that_names_the_type_gives_readings() -> None:
    """A column about phones (`phone model`, `phone_count`) or a list of other numbers gives no reading; the
    readings are the values' own characters after the type's word."""
    from proxy.guard.keyed import labelled_values  # (new: here, so that the old code runs the other tests)

    assert labelled_values([_md(["phone model", "phone_count", "order numbers"], [["3035550162"] * 3])]) == []
    assert labelled_values(["Order numbers: 3035550162, 4045550178"]) == []
    got = labelled_values(["id;Mobile No.\n1;3035550162\n2;+1 (404) 555-0178"])
    assert [k.text for k in got] == ["phone: 3035550162", "phone: +1 (404) 555-0178"]
    text = "SSNs: 387452211, 412785506"
    assert [(text[k.start:k.end], k.entity) for k in labelled_values([text])] == [("387452211", "US_SSN"),
                                                                                   ("412785506", "US_SSN")]
    assert labelled_values([text], frozenset({"PHONE_NUMBER"})) == []
